package dev.ocpp.security;

/**
 * Receives the {@link SecurityEvent}s of a {@link CsmsSecurity} or {@link StationSecurity}. Called on the
 * configuration's event executor, never on a transport thread, one event at a time.
 */
@FunctionalInterface
public interface SecurityEventListener {

    void onSecurityEvent(SecurityEvent event);

    /** Ignores every event. */
    static SecurityEventListener none() {
        return event -> {
        };
    }
}
