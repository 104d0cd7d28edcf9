package dev.ocpp.examples.quickstart;

import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import java.net.URI;

/**
 * The smallest typed OCPP 2.0.1 charging station: the library sends its BootNotification (again as the CSMS says),
 * its Heartbeats, and reconnects whenever the connection is lost.
 */
public final class SmallestStation201 {

    /** The station, its session and its transport, to watch and to stop (session first, then transport). */
    public record Started(Ocpp201ChargingStation station, Ocpp201CsmsSession session,
                          NettyClientTransport transport) {
    }

    private SmallestStation201() {
    }

    /** Connects as CS001 to {@code ws://127.0.0.1:<port>/ocpp}. */
    public static Started start(int port) {
        // tag::snippet[]
        NettyClientTransport transport = new NettyClientTransport(); // yours to close, after the session
        Ocpp201ChargingStation station = Ocpp201ChargingStation.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).identity("CS001")
                .bootNotification(new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                        .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("Wallbox")))
                .build();
        Ocpp201CsmsSession session = station.start();
        // end::snippet[]
        return new Started(station, session, transport);
    }

    public static void main(String[] args) throws InterruptedException {
        start(8180);
        Thread.currentThread().join();
    }
}
