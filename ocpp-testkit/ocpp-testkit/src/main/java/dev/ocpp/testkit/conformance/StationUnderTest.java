package dev.ocpp.testkit.conformance;

/**
 * The station a {@link dev.ocpp.testkit.Role#STATION station} conformance run tests, as the user adapts it. Each
 * scenario {@link #start starts} it against a fresh mock CSMS and {@link #stop stops} it at the end, so a station is
 * booted once per scenario (a cold boot, OCPP 1.6 §4.2, 2.0.1 B01).
 *
 * <p>The physical actions throw {@link UnsupportedOperationException} by default; a scenario that needs one is then
 * reported {@link ScenarioResult.Outcome#SKIPPED SKIPPED}, never failed. A scenario may ask for one as soon as the mock
 * CSMS has answered the BootNotification Accepted, which the station may not have read yet: the station then acts
 * once it has (nothing but BootNotification may go out before, 1.6 §4.2, 2.0.1 B01.FR.08), as a station in the field
 * does with a card presented while it boots.
 */
public interface StationUnderTest {

    /**
     * Powers the station on and lets it connect to {@code endpoint} and boot as it would in the field. May return
     * before the connection is open; the scenario waits for it (within its timeout budget).
     */
    void start(StationEndpoint endpoint) throws Exception;

    /** Disconnects the station and lets go of what {@link #start} made; called once after each scenario. */
    void stop() throws Exception;

    /**
     * Whether the station can raise its security profile to 2 by connecting to
     * {@link StationEndpoint#secureUrl()} when the CSMS asks it to (OCPP 1.6 security white paper A05:
     * ChangeConfiguration of SecurityProfile; 2.0.1 A05: SetNetworkProfile, NetworkConfigurationPriority, Reset),
     * trusting the CSMS root certificate the CSMS installs first. {@code false} by default: the scenario of the upgrade
     * is then reported skipped (an adapter that relays connections, for instance, cannot offer a TLS endpoint of its
     * own).
     */
    default boolean upgradesToSecureUrl() {
        return false;
    }

    /** An idToken is presented at the station (an RFID card held to the reader). */
    default void presentIdToken(String idToken) throws Exception {
        throw new UnsupportedOperationException("presentIdToken");
    }

    /** A cable is plugged into {@code connector} (1.6 connector, 2.0.1 EVSE; from 1). */
    default void plugIn(int connector) throws Exception {
        throw new UnsupportedOperationException("plugIn");
    }

    /** The cable is pulled out of {@code connector}. */
    default void unplug(int connector) throws Exception {
        throw new UnsupportedOperationException("unplug");
    }
}
