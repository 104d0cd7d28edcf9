package dev.ocpp.examples.quickstart;

import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.BootNotificationRequest;
import java.net.URI;

/**
 * The smallest typed OCPP 1.6 charge point: the library sends its BootNotification (again as the central system
 * says), its Heartbeats, and reconnects whenever the connection is lost.
 */
public final class SmallestStation16 {

    /** The charge point, its session and its transport, to watch and to stop (session first, then transport). */
    public record Started(Ocpp16ChargePoint chargePoint, Ocpp16CentralSystemSession session,
                          NettyClientTransport transport) {
    }

    private SmallestStation16() {
    }

    /** Connects as CP001 to {@code ws://127.0.0.1:<port>/ocpp}. */
    public static Started start(int port) {
        // tag::snippet[]
        NettyClientTransport transport = new NettyClientTransport(); // yours to close, after the session
        Ocpp16ChargePoint chargePoint = Ocpp16ChargePoint.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).identity("CP001")
                .bootNotification(new BootNotificationRequest()
                        .withChargePointVendor("ACME").withChargePointModel("Wallbox"))
                .build();
        Ocpp16CentralSystemSession session = chargePoint.start();
        // end::snippet[]
        return new Started(chargePoint, session, transport);
    }

    public static void main(String[] args) throws InterruptedException {
        start(8180);
        Thread.currentThread().join();
    }
}
