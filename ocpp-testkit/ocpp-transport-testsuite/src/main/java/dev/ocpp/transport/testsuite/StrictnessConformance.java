package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportServer;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 strictness of a server transport towards a hostile or broken client, on real sockets: frames a client
 * must mask arrive unmasked (close 1002, §5.1), a binary message arrives where OCPP-J is text only (close 1003,
 * §7.4.1), the upgrade request lacks a valid {@code Sec-WebSocket-Key} or {@code Sec-WebSocket-Version} (400,
 * §4.2.1), the identity in the path does not percent-decode (400), or the request is not HTTP at all (400 or a
 * close). None of this may reach the handler, hang, or leave a stack trace in the log.
 *
 * <p>The hostile client connects from {@link RawWebSocket#ATTACKER} (127.0.0.2).
 */
public abstract class StrictnessConformance extends ConformanceBase {

    private static final String CALL = "[2,\"1\",\"Heartbeat\",{}]";

    private TransportServer server;
    private LogCapture log;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
        log = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    // ------------------------------------------------------------------ frames

    @Test
    void refusesUnmaskedClientTextFrameWith1002() throws Exception {
        try (RawWebSocket raw = upgradedAttacker()) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();

            raw.sendUnmasked(0x1, true, CALL.getBytes(StandardCharsets.UTF_8));

            assertClosedOnTheWireWith(raw, 1002);
            serverSide.awaitClosed();
            assertThat(serverSide.texts).as("text of an unmasked frame delivered").isEmpty();
            serverSide.assertContractKept();
            assertNoStackTraceLogged();
        }
    }

    @Test
    void refusesUnmaskedClientControlFrameWith1002() throws Exception {
        try (RawWebSocket raw = upgradedAttacker()) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();

            raw.sendUnmasked(0x9, true, "ping".getBytes(StandardCharsets.UTF_8));

            assertClosedOnTheWireWith(raw, 1002);
            serverSide.awaitClosed();
            serverSide.assertContractKept();
        }
    }

    @Test
    void refusesBinaryMessageWith1003() throws Exception {
        try (RawWebSocket raw = upgradedAttacker()) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();

            raw.send(0x2, true, CALL.getBytes(StandardCharsets.UTF_8));

            assertClosedOnTheWireWith(raw, 1003);
            serverSide.awaitClosed();
            assertThat(serverSide.texts).as("binary message delivered as text").isEmpty();
            serverSide.assertContractKept();
            assertNoStackTraceLogged();
        }
    }

    @Test
    void maskedTextFromTheSameClientIsStillDelivered() throws Exception {
        // The counterpart of the refusals above: the checks must not refuse what a well-behaved client sends.
        try (RawWebSocket raw = upgradedAttacker()) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();
            raw.sendText(CALL);
            raw.send(0x9, true, "ping".getBytes(StandardCharsets.UTF_8));
            assertThat(serverSide.nextText()).isEqualTo(CALL);
            assertThat(raw.readFrame().opcode()).as("the server's answer to the ping").isEqualTo(0xA);
        }
    }

    // ------------------------------------------------------------------ upgrade request headers

    @Test
    void refusesUpgradeWithoutKeyWith400() throws Exception {
        Map<String, String> headers = upgradeHeaders();
        headers.remove("Sec-WebSocket-Key");
        assertRefused400WithoutUpgrade(headers);
        assertNoStackTraceLogged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-base64!", "AAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesKeyThatIsNotBase64OfSixteenBytesWith400(String key) throws Exception {
        Map<String, String> headers = upgradeHeaders();
        headers.put("Sec-WebSocket-Key", key);
        assertRefused400WithoutUpgrade(headers);
    }

    @Test
    void refusesUpgradeWithoutVersionWith400NamingVersion13() throws Exception {
        Map<String, String> headers = upgradeHeaders();
        headers.remove("Sec-WebSocket-Version");
        RawWebSocket raw = assertRefused400WithoutUpgrade(headers);
        assertThat(raw.headers).containsEntry("sec-websocket-version", "13");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "12", "14"})
    void refusesOtherVersionWith400NamingVersion13(String version) throws Exception {
        Map<String, String> headers = upgradeHeaders();
        headers.put("Sec-WebSocket-Version", version);
        RawWebSocket raw = assertRefused400WithoutUpgrade(headers);
        assertThat(raw.headers).containsEntry("sec-websocket-version", "13");
    }

    // ------------------------------------------------------------------ path

    @ParameterizedTest
    @ValueSource(strings = {"/ocpp/%ZZ", "/ocpp/%C3%28", "/ocpp/%", "/ocpp/CP%4"})
    void refusesIdentityThatDoesNotPercentDecodeWith400(String rawPath) throws Exception {
        try (RawWebSocket raw = RawWebSocket.request(RawWebSocket.ATTACKER, address(),
                RawWebSocket.upgradeRequest(address(), rawPath, upgradeHeaders()))) {
            assertThat(raw.status).as("status for %s", rawPath).isEqualTo(400);
            assertThat(raw.headers).doesNotContainKeys("upgrade", "sec-websocket-accept");
        }
        assertThat(handler.hasUntakenRequest()).as("handler asked").isFalse();
        assertThat(handler.hasUntakenConnection()).isFalse();
        assertNoStackTraceLogged();
    }

    // ------------------------------------------------------------------ broken HTTP

    @Test
    void answersGarbageRequestLineWith400OrClosesWithoutHanging() throws Exception {
        String answer = RawWebSocket.exchange(RawWebSocket.ATTACKER, address(),
                "\u0016\u0003\u0001 this is not HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).as("answer").satisfiesAnyOf(
                a -> assertThat(a).isEmpty(),
                a -> assertThat(a).startsWith("HTTP/1.1 400"));
        assertThat(handler.hasUntakenRequest()).isFalse();
        assertNoStackTraceLogged();
    }

    @Test
    void answersOversizeHeaderSectionWith400OrClosesWithoutHanging() throws Exception {
        Map<String, String> headers = upgradeHeaders();
        for (int i = 0; i < 64; i++) {
            headers.put("X-Filler-" + i, "x".repeat(1000));
        }
        String answer = RawWebSocket.exchange(RawWebSocket.ATTACKER, address(),
                RawWebSocket.upgradeRequest(address(), "/ocpp/CP1", headers).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(answer).as("answer").satisfiesAnyOf(
                a -> assertThat(a).isEmpty(),
                a -> assertThat(a).startsWith("HTTP/1.1 400"));
        assertThat(handler.hasUntakenRequest()).isFalse();
        assertThat(handler.hasUntakenConnection()).isFalse();
        assertNoStackTraceLogged();
    }

    @Test
    void serverStillServesStationsAfterBrokenRequests() throws Exception {
        RawWebSocket.exchange(RawWebSocket.ATTACKER, address(),
                "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> noKey = upgradeHeaders();
        noKey.remove("Sec-WebSocket-Key");
        RawWebSocket.exchange(RawWebSocket.ATTACKER, address(),
                RawWebSocket.upgradeRequest(address(), "/ocpp/%ZZ", noKey).getBytes(StandardCharsets.ISO_8859_1));

        RecordingListener station = new RecordingListener();
        connect(server, station);
        assertThat(handler.nextConnection().awaitOpen().info().identity()).isEqualTo("CP1");
    }

    // ------------------------------------------------------------------ helpers

    private InetSocketAddress address() {
        return server.localAddress();
    }

    /** The headers of a valid upgrade request, in an order a test may change. */
    private static Map<String, String> upgradeHeaders() {
        byte[] nonce = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Upgrade", "websocket");
        h.put("Connection", "Upgrade");
        h.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        h.put("Sec-WebSocket-Version", "13");
        h.put("Sec-WebSocket-Protocol", "ocpp1.6");
        return h;
    }

    private RawWebSocket upgradedAttacker() throws IOException {
        RawWebSocket raw = RawWebSocket.connectFrom(RawWebSocket.ATTACKER, address(), PATH + "/CP1", Map.of());
        assertThat(raw.status).isEqualTo(101);
        return raw;
    }

    /** Sends an upgrade request to {@code /ocpp/CP1} with exactly {@code headers}; expects 400 and no upgrade. */
    private RawWebSocket assertRefused400WithoutUpgrade(Map<String, String> headers) throws Exception {
        RawWebSocket raw;
        try {
            raw = RawWebSocket.request(RawWebSocket.ATTACKER, address(),
                    RawWebSocket.upgradeRequest(address(), PATH + "/CP1", headers));
        } catch (EOFException e) {
            throw new AssertionError("closed without an HTTP answer, expected 400", e);
        }
        raw.close();
        assertThat(raw.statusLine).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(raw.headers).doesNotContainKeys("upgrade", "sec-websocket-accept");
        assertThat(handler.hasUntakenRequest()).as("handler asked").isFalse();
        assertThat(handler.hasUntakenConnection()).isFalse();
        return raw;
    }

    private static void assertClosedOnTheWireWith(RawWebSocket raw, int code) throws IOException {
        RawWebSocket.Frame close = raw.readUntilClose();
        assertThat(close).as("a close frame before the connection ends").isNotNull();
        assertThat(close.closeCode()).isEqualTo(code);
    }

    private void assertNoStackTraceLogged() {
        assertThat(log.stackTraces()).as("stack traces in the log").isEmpty();
    }
}
