package dev.ocpp.core.spi.support;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The parts of a server transport's upgrade handling that do not depend on its library, so that every transport
 * decides the same way: asking the {@link ServerConnectionHandler} for a decision, and the credentials a connection
 * carries.
 */
public final class Handshakes {

    private static final Logger LOG = LoggerFactory.getLogger(Handshakes.class);

    private Handshakes() {
    }

    /**
     * The handler's decision on {@code request}. A handler that throws or returns nothing has failed, not decided:
     * the upgrade is refused with 500, as a server refuses a request it could not handle, and the failure is logged.
     *
     * @param handler the layer above the transport
     * @param request the upgrade request as the transport saw it
     * @return the decision to carry out, never null
     */
    public static HandshakeDecision decide(ServerConnectionHandler handler, HandshakeRequest request) {
        try {
            return Objects.requireNonNull(handler.onHandshake(request), "onHandshake returned null");
        } catch (RuntimeException e) {
            LOG.error("Handshake handler failed for {}", LogSafe.escape(request.rawPath(), 256), e);
            return HandshakeDecision.reject(500, "Internal server error");
        }
    }

    /**
     * The Basic credentials an accepted connection carries: those the decision checked, else those the request sent
     * in its {@code Authorization} header (RFC 7617), else none.
     *
     * @param decision an accepted decision
     * @param request  the request it accepted
     * @return the credentials, or null
     */
    public static BasicCredentials credentials(HandshakeDecision decision, HandshakeRequest request) {
        if (decision.credentials() != null) {
            return decision.credentials();
        }
        return request.header("Authorization").flatMap(BasicCredentials::parseHeader).orElse(null);
    }
}
