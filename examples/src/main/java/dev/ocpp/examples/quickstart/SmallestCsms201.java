package dev.ocpp.examples.quickstart;

import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.time.OffsetDateTime;

/** The smallest typed OCPP 2.0.1 CSMS: accepts every charging station and answers its heartbeats. */
public final class SmallestCsms201 {

    private SmallestCsms201() {
    }

    /** Serves {@code ws://127.0.0.1:<port>/ocpp/<identity>}; port 0 picks a free one. */
    public static Ocpp201Csms start(int port) {
        // tag::snippet[]
        Ocpp201Csms csms = Ocpp201Csms.builder(new NettyServerTransport())
                .host("127.0.0.1").port(port).path("/ocpp")
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED)
                        .withCurrentTime(OffsetDateTime.now()).withInterval(300))
                .on(HeartbeatRequest.class, beat -> new HeartbeatResponse()
                        .withCurrentTime(OffsetDateTime.now()))
                .build().start();
        // end::snippet[]
        return csms;
    }

    public static void main(String[] args) throws InterruptedException {
        start(8180);
        Thread.currentThread().join();
    }
}
