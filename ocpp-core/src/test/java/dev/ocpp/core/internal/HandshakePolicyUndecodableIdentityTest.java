package dev.ocpp.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.Authenticator;
import dev.ocpp.core.IdentityFilter;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The first check of the engine's handshake policy: an identity that is there but does not decode is a 400. */
class HandshakePolicyUndecodableIdentityTest {

    private final HandshakePolicy policy = new HandshakePolicy("/ocpp", List.of(OcppVersion.OCPP16),
            IdentityFilter.acceptAll(), Authenticator.none());

    @ParameterizedTest
    @ValueSource(strings = {"/ocpp/%ZZ", "/ocpp/%C3%28", "/ocpp/%", "/ocpp/CP%4"})
    void refusesAnIdentityThatDoesNotPercentDecodeWith400(String rawPath) {
        HandshakeDecision d = policy.decide(request(rawPath));
        assertThat(d.accepted()).isFalse();
        assertThat(d.status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ocpp", "/ocpp/", "/other/CP1", "/ocpp/CP1/more", "/ocpp/%ZZ/more"})
    void keeps404ForAPathWithoutAnIdentityBelowTheEndpoint(String rawPath) {
        HandshakeDecision d = policy.decide(request(rawPath));
        assertThat(d.accepted()).isFalse();
        assertThat(d.status()).isEqualTo(404);
    }

    private static HandshakeRequest request(String rawPath) {
        return new HandshakeRequest(rawPath, List.of("ocpp1.6"), Map.of(), null, null, List.of());
    }
}
