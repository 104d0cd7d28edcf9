package dev.ocpp.core.spi.support;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.StationIdentities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a server transport's upgrade handling that do not depend on its library, so that every transport
 * decides the same way: the checks of an upgrade request that come before any decision (RFC 6455 §4.2.1), asking
 * the {@link ServerConnectionHandler} for a decision, and the credentials a connection carries.
 */
public final class Handshakes {

    private static final Logger LOG = LoggerFactory.getLogger(Handshakes.class);

    /** The only WebSocket version this library speaks (RFC 6455 §4.1, §11.6). */
    public static final String WEBSOCKET_VERSION = "13";

    /** How many bytes the nonce in {@code Sec-WebSocket-Key} must decode to (RFC 6455 §4.1, §4.2.1 item 5). */
    private static final int KEY_NONCE_BYTES = 16;

    private Handshakes() {
    }

    /**
     * A refusal a transport answers on its own, before asking the handler and without upgrading: the HTTP status,
     * a fixed reason (for the log; it holds no text of the peer's) and the response headers that go with it.
     *
     * @param status  the HTTP status
     * @param reason  why, in words of our own
     * @param headers extra response headers, names as they should be written
     */
    public record Refusal(int status, String reason, Map<String, String> headers) {
        public Refusal {
            Objects.requireNonNull(reason, "reason");
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Checks the parts of a WebSocket upgrade request that RFC 6455 requires of every request, before the handler
     * is asked, so that every transport (including third-party ones) refuses malformed requests alike. In order:
     * <ol>
     *   <li>{@code Sec-WebSocket-Version} missing, repeated or not {@value #WEBSOCKET_VERSION}: 400 with a
     *       {@code Sec-WebSocket-Version: 13} response header. RFC 6455 §4.2.1 item 6 asks for a refusal of the 4xx
     *       class; §4.4 asks that the refusal name the versions the server speaks in that header. 426 (which some
     *       servers send) would claim that upgrading could help, which for a missing header it cannot: 400 fits
     *       both cases, and the header tells a client of another version what to retry with. Checked first, so
     *       that a client of an older draft (which sends no such version, nor a 16-byte key) learns what we speak.</li>
     *   <li>{@code Sec-WebSocket-Key} missing, repeated, or not the base64 encoding of exactly 16 bytes: 400
     *       (§4.1 and §4.2.1 item 5).</li>
     *   <li>a path below {@code endpointPath} whose one further segment does not percent-decode as UTF-8 (a bad
     *       escape such as {@code %ZZ} or a lone {@code %}, or bytes that are not UTF-8 such as {@code %C3%28}):
     *       400, since the request itself is malformed (RFC 3986 §2.1, RFC 9110 §15.5.1). A path that holds no
     *       identity is not refused here: that is a 404, which the handler decides.</li>
     * </ol>
     * Header names compare case-insensitively; values are trimmed of optional whitespace (RFC 9110 §5.5). Whether
     * the request is a WebSocket upgrade at all ({@code GET}, {@code Upgrade: websocket}) stays the transport's
     * check, as its answer (426 or a plain HTTP response) depends on what else it serves.
     *
     * @param rawPath      the request path as received, still percent-encoded; a query string is ignored
     * @param endpointPath the configured endpoint path, such as {@code /ocpp}, or {@code ""} for the root
     * @param headers      the request headers
     * @return the refusal to carry out, or empty if the request passes these checks
     */
    public static Optional<Refusal> checkUpgrade(String rawPath, String endpointPath,
                                                 Map<String, List<String>> headers) {
        List<String> version = values(headers, "Sec-WebSocket-Version");
        if (version.size() != 1 || !WEBSOCKET_VERSION.equals(version.get(0).trim())) {
            return Optional.of(new Refusal(400, "Sec-WebSocket-Version missing or not " + WEBSOCKET_VERSION,
                    Map.of("Sec-WebSocket-Version", WEBSOCKET_VERSION)));
        }
        List<String> key = values(headers, "Sec-WebSocket-Key");
        if (key.size() != 1 || !isKey(key.get(0).trim())) {
            return Optional.of(new Refusal(400, "Sec-WebSocket-Key missing or not a base64 16-byte nonce",
                    Map.of()));
        }
        if (rawPath != null && !decodable(rawPath, endpointPath == null ? "" : endpointPath)) {
            return Optional.of(new Refusal(400, "Station identity in the path does not percent-decode", Map.of()));
        }
        return Optional.empty();
    }

    /**
     * Whether {@code rawPath} is a path below {@code endpointPath} with one further segment that does not
     * percent-decode as UTF-8; see {@link #checkUpgrade}.
     *
     * @param rawPath      the request path as received; a query string is ignored
     * @param endpointPath the configured endpoint path, or {@code ""} for the root
     * @return true if the identity is present but undecodable
     */
    public static boolean hasUndecodableIdentity(String rawPath, String endpointPath) {
        return !decodable(rawPath, endpointPath);
    }

    private static boolean decodable(String rawPath, String endpointPath) {
        int q = rawPath.indexOf('?');
        String path = q >= 0 ? rawPath.substring(0, q) : rawPath;
        String start = endpointPath + "/";
        if (!path.startsWith(start)) {
            return true; // not below the endpoint: not this check's business
        }
        String segment = path.substring(start.length());
        if (segment.isEmpty() || segment.indexOf('/') >= 0) {
            return true; // no identity, or more than one segment: a 404, not a malformed request
        }
        return StationIdentities.decode(segment).isPresent();
    }

    private static boolean isKey(String key) {
        // 16 bytes are always 24 base64 characters with "==" padding; checking the length first bounds the work.
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == KEY_NONCE_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every value of header {@code name}, names compared case-insensitively; comma-separated values stay one. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> all = new java.util.ArrayList<>(1);
        if (headers == null) {
            return all;
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && h.getValue() != null) {
                all.addAll(h.getValue());
            }
        }
        return all;
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
