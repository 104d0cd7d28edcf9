package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The library-independent checks of an upgrade request (RFC 6455 §4.2.1) every server transport runs. */
class HandshakesCheckUpgradeTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);

    @Test
    void passesAWellFormedRequest() {
        assertThat(check("/ocpp/CP%201", headers("13", KEY))).isEmpty();
    }

    @Test
    void headerNamesCompareCaseInsensitively() {
        Map<String, List<String>> h = Map.of("sec-websocket-version", List.of(" 13 "), "SEC-WEBSOCKET-KEY",
                List.of(KEY));
        assertThat(check("/ocpp/CP1", h)).isEmpty();
    }

    @Test
    void refusesAMissingKeyWith400() {
        assertThat(check("/ocpp/CP1", headers("13", null))).map(Handshakes.Refusal::status).contains(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAA", "!!!!!!!!!!!!!!!!!!!!!!==",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesAKeyThatIsNotBase64OfSixteenBytesWith400(String key) {
        assertThat(check("/ocpp/CP1", headers("13", key))).map(Handshakes.Refusal::status).contains(400);
    }

    @Test
    void refusesARepeatedKeyWith400() {
        Map<String, List<String>> h = new LinkedHashMap<>(headers("13", KEY));
        h.put("Sec-WebSocket-Key", List.of(KEY, KEY));
        assertThat(check("/ocpp/CP1", h)).map(Handshakes.Refusal::status).contains(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8", "12", "14", "13, 8", "thirteen"})
    void refusesAnotherVersionWith400NamingVersion13(String version) {
        Optional<Handshakes.Refusal> r = check("/ocpp/CP1", headers(version, KEY));
        assertThat(r).map(Handshakes.Refusal::status).contains(400);
        assertThat(r.orElseThrow().headers()).containsEntry("Sec-WebSocket-Version", "13");
    }

    @Test
    void refusesAMissingVersionWith400NamingVersion13() {
        Optional<Handshakes.Refusal> r = check("/ocpp/CP1", headers(null, KEY));
        assertThat(r).map(Handshakes.Refusal::status).contains(400);
        assertThat(r.orElseThrow().headers()).containsEntry("Sec-WebSocket-Version", "13");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ocpp/%ZZ", "/ocpp/%C3%28", "/ocpp/%", "/ocpp/%4", "/ocpp/%ZZ?x=1"})
    void refusesAnIdentityThatDoesNotPercentDecodeWith400(String path) {
        assertThat(check(path, headers("13", KEY))).map(Handshakes.Refusal::status).contains(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ocpp", "/ocpp/", "/elsewhere/%ZZ", "/ocpp/%ZZ/more", "/ocpp/CP1?q=%ZZ"})
    void leavesPathsWithoutAnIdentityToTheHandler(String path) {
        assertThat(check(path, headers("13", KEY))).isEmpty();
    }

    @Test
    void reasonsHoldNoPeerText() {
        Optional<Handshakes.Refusal> r = check("/ocpp/%ZZ\nforged", headers("13", KEY));
        assertThat(r).isPresent();
        assertThat(r.orElseThrow().reason()).doesNotContain("forged").doesNotContain("\n");
    }

    private static Optional<Handshakes.Refusal> check(String path, Map<String, List<String>> headers) {
        return Handshakes.checkUpgrade(path, "/ocpp", headers);
    }

    private static Map<String, List<String>> headers(String version, String key) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("127.0.0.1"));
        if (version != null) {
            h.put("Sec-WebSocket-Version", List.of(version));
        }
        if (key != null) {
            h.put("Sec-WebSocket-Key", List.of(key));
        }
        return h;
    }
}
