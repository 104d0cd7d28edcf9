package dev.ocpp.examples.quickstart;

import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.types.RegistrationStatus;
import java.time.OffsetDateTime;

/** The smallest typed OCPP 1.6 central system: accepts every charge point and answers its heartbeats. */
public final class SmallestCsms16 {

    private SmallestCsms16() {
    }

    /** Serves {@code ws://127.0.0.1:<port>/ocpp/<identity>}; port 0 picks a free one. */
    public static Ocpp16CentralSystem start(int port) {
        // tag::snippet[]
        Ocpp16CentralSystem csms = Ocpp16CentralSystem.builder(new NettyServerTransport())
                .host("127.0.0.1").port(port).path("/ocpp")
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatus.ACCEPTED)
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
