package dev.ocpp.core.spi.support;

/**
 * Reason phrases for the HTTP statuses a WebSocket upgrade is refused with (RFC 9110 §15; 429 from RFC 6585 §4).
 *
 * <p>The status itself comes from the engine's {@link dev.ocpp.core.spi.HandshakeDecision}; transports whose
 * library wants a reason phrase with it take it from here, so every transport answers alike.
 */
public final class HttpStatus {

    private HttpStatus() {
    }

    /**
     * The reason phrase of {@code status}: the registered one for the statuses an upgrade refusal uses, otherwise a
     * generic phrase of its class (RFC 9110 §15: a client must understand a status by its first digit).
     *
     * @param status an HTTP status code
     * @return its reason phrase
     */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
