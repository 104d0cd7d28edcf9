package dev.ocpp.examples.interop;

import static dev.ocpp.examples.interop.InteropSupport.startupEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692) against an independent implementation: the {@code ws} library behind ocpp-rpc, as a
 * station offering it (ws' default) to our server, and as a CSMS accepting it from our client (on Tyrus, and on Netty in the second interop run). Both
 * sides report what was negotiated, and OCPP-J messages, one of them about 200 KB, cross both ways, so a framing
 * error on either side (RSV1, the stripped tail, context takeover) would garble or drop them.
 *
 * <p>Works on the transport SPI directly, without the RPC engine: what is under test is the wire.
 */
class DeflateInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 20;

    @BeforeEach
    void requireNode() {
        OcppRpcPeer.assumeNode();
    }

    @Test
    void wsStationNegotiatesDeflateWithOurServerAndLargeMessagesCrossBothWays() throws Exception {
        Texts serverSide = new Texts();
        ServerTransportConfig config = ServerTransportConfig.builder().host("127.0.0.1").port(0).path("/ocpp")
                .subprotocols(List.of("ocpp2.0.1")).build(); // perMessageDeflate is on by default
        try (TransportServer server = InteropSupport.serverTransport().start(config, serverSide.handler("/ocpp"));
                OcppRpcPeer station = OcppRpcPeer.client(OcppRpcPeer.OCPP201,
                        "ws://127.0.0.1:" + server.localAddress().getPort() + "/ocpp", "CS-DEFLATE", null)) {
            assertThat(startupEvent(station, "connected").path("extensions").asText())
                    .startsWith("permessage-deflate");
            TransportConnection connection = serverSide.connection();

            // Station to us: the CALL arrives intact, our CALLRESULT (echoing the data) goes back and validates.
            String data = largeData();
            var call = station.call(null, "DataTransfer", JSON.createObjectNode().put("vendorId", "dev.ocpp")
                    .put("data", data));
            JsonNode received = JSON.readTree(serverSide.next());
            assertThat(received.get(2).asText()).isEqualTo("DataTransfer");
            assertThat(received.get(3).path("data").asText()).isEqualTo(data);
            connection.sendText(callResult(received.get(1).asText(), JSON.createObjectNode()
                    .put("status", "Accepted").put("data", "échoed " + data)));
            ObjectNode result = call.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(result.path("event").asText()).as("%s", result).isEqualTo("result");
            assertThat(result.path("result").path("data").asText()).isEqualTo("échoed " + data);

            // Us to the station: a large CALL, answered by ocpp-rpc's default DataTransfer handler.
            connection.sendText(call("c-1", "DataTransfer", JSON.createObjectNode().put("vendorId", "dev.ocpp")
                    .put("data", data)));
            assertThat(station.awaitCall("DataTransfer").path("params").path("data").asText()).isEqualTo(data);
            JsonNode answer = JSON.readTree(serverSide.next());
            assertThat(answer.get(0).asInt()).isEqualTo(3);
            assertThat(answer.get(2).path("status").asText()).isEqualTo("Accepted");
        }
    }

    @Test
    void ourDeflatingClientTalksToAWsServerThatAcceptsDeflate() throws Exception {
        Texts clientSide = new Texts();
        try (OcppRpcPeer csms = OcppRpcPeer.deflatingServer(OcppRpcPeer.OCPP201);
                TransportClientFactory transport = InteropSupport.newClientTransport()) {
            ClientTransportConfig config = ClientTransportConfig
                    .builder(URI.create(csms.endpoint("ocpp") + "/CS-DEFLATE-C"))
                    .subprotocols(List.of("ocpp2.0.1"))
                    .perMessageDeflate(true)
                    .build();
            TransportConnection connection = transport.connect(config, clientSide).toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(csms.awaitEvent("connected").path("extensions").asText()).startsWith("permessage-deflate");

            String data = largeData();
            for (String id : List.of("m-1", "m-2")) { // the second refers back to the first (context takeover)
                connection.sendText(call(id, "DataTransfer", JSON.createObjectNode().put("vendorId", "dev.ocpp")
                        .put("data", data)));
                assertThat(csms.awaitCall("DataTransfer").path("params").path("data").asText()).isEqualTo(data);
                JsonNode answer = JSON.readTree(clientSide.next());
                assertThat(answer.get(1).asText()).isEqualTo(id);
                assertThat(answer.get(2).path("status").asText()).isEqualTo("Accepted");
            }

            // The CSMS calls us: a large CALL from ws arrives intact.
            var reset = csms.call("CS-DEFLATE-C", "DataTransfer", JSON.createObjectNode().put("vendorId", "dev.ocpp")
                    .put("data", "Ünïcödé ✓ " + data));
            JsonNode received = JSON.readTree(clientSide.next());
            assertThat(received.get(3).path("data").asText()).isEqualTo("Ünïcödé ✓ " + data);
            connection.sendText(callResult(received.get(1).asText(), JSON.createObjectNode().put("status",
                    "Accepted")));
            assertThat(reset.get(WAIT_SECONDS, TimeUnit.SECONDS).path("event").asText()).isEqualTo("result");
        }
    }

    /** About 200 KB that compresses well, like a large OCPP payload (a log excerpt, a big report). */
    private static String largeData() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 200_000; i++) {
            b.append("meter ").append(i % 97).append(" Wh; ");
        }
        return b.toString();
    }

    private static String call(String id, String action, ObjectNode payload) {
        ArrayNode call = JSON.createArrayNode().add(2).add(id).add(action);
        call.add(payload);
        return call.toString();
    }

    private static String callResult(String id, ObjectNode payload) {
        ArrayNode result = JSON.createArrayNode().add(3).add(id);
        result.add(payload);
        return result.toString();
    }

    /** The texts one connection received, and (as a server handler) that connection. */
    private static final class Texts implements TransportListener {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final BlockingQueue<TransportConnection> connections = new LinkedBlockingQueue<>();

        ServerConnectionHandler handler(String path) {
            return new ServerConnectionHandler() {
                @Override
                public HandshakeDecision onHandshake(HandshakeRequest request) {
                    return StationIdentities.fromPath(request.rawPath(), path)
                            .map(identity -> HandshakeDecision.accept(identity, "ocpp2.0.1", null))
                            .orElse(HandshakeDecision.reject(404, "no identity"));
                }

                @Override
                public TransportListener onConnected(TransportConnection connection) {
                    connections.add(connection);
                    return Texts.this;
                }
            };
        }

        @Override
        public void onText(TransportConnection connection, String text) {
            texts.add(text);
        }

        TransportConnection connection() throws InterruptedException {
            TransportConnection c = connections.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(c).as("a connection within %s s", WAIT_SECONDS).isNotNull();
            return c;
        }

        String next() throws InterruptedException {
            String text = texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(text).as("a text within %s s", WAIT_SECONDS).isNotNull();
            return text;
        }
    }
}
