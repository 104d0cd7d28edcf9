package dev.ocpp.examples.quickstart;

import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.BootNotificationRequest;
import java.net.URI;

/**
 * The smallest typed OCPP 1.6 charge point: the library sends its BootNotification (again as the central system
 * says), its Heartbeats, and reconnects whenever the connection is lost.
 */
public final class SmallestStation16 {

    /** The charge point and its session, to watch and to stop. */
    public record Started(Ocpp16ChargePoint chargePoint, Ocpp16CentralSystemSession session) {
    }

    private SmallestStation16() {
    }

    /** Connects as CP001 to {@code ws://127.0.0.1:<port>/ocpp}. */
    public static Started start(int port) {
        // tag::snippet[]
        Ocpp16ChargePoint chargePoint = Ocpp16ChargePoint.builder(new TyrusClientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).identity("CP001")
                .bootNotification(new BootNotificationRequest()
                        .withChargePointVendor("ACME").withChargePointModel("Wallbox"))
                .build();
        Ocpp16CentralSystemSession session = chargePoint.start();
        // end::snippet[]
        return new Started(chargePoint, session);
    }

    public static void main(String[] args) throws InterruptedException {
        start(8180);
        Thread.currentThread().join();
    }
}
