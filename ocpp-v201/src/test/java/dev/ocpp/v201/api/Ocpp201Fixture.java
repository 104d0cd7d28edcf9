package dev.ocpp.v201.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What the 2.0.1 API tests share: a fixed clock value, a boot request, and a raw-frame client. */
final class Ocpp201Fixture {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    private Ocpp201Fixture() {
    }

    static BootNotificationRequest boot() {
        return new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("W2"));
    }

    /** A station that speaks raw OCPP-J text, to send what the typed API never would. */
    static final class RawStation implements AutoCloseable {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final TransportConnection connection;

        RawStation(InMemoryNetwork net, int port, String identity) throws Exception {
            connection = net.clientTransport().connect(ClientTransportConfig
                            .builder(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + identity))
                            .subprotocols(List.of("ocpp2.0.1")).build(),
                    new TransportListener() {
                        @Override
                        public void onText(TransportConnection c, String text) {
                            received.add(text);
                        }
                    }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        /** Sends {@code frame} and returns the next frame received. */
        com.fasterxml.jackson.databind.JsonNode exchange(String frame) throws Exception {
            connection.sendText(frame).toCompletableFuture().get(5, TimeUnit.SECONDS);
            String answer = received.poll(5, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("no answer to " + frame);
            }
            return JSON.readTree(answer);
        }

        @Override
        public void close() {
            connection.close(1000, "");
        }
    }
}
