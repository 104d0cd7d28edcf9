package dev.ocpp.testkit.conformance;

import dev.ocpp.core.spi.TransportClientFactory;
import java.net.URI;

/**
 * The CSMS a {@link dev.ocpp.testkit.Role#CSMS CSMS} conformance run tests, as the user adapts it: where simulated stations connect,
 * and, optionally, how to make it send a CALL to a station (the catalogue cannot click a CSMS's buttons itself).
 *
 * <p>The optional actions throw {@link UnsupportedOperationException} by default; a scenario that needs one is then
 * reported {@link ScenarioResult.Outcome#SKIPPED SKIPPED}, never failed. Each of them asks the CSMS to send the CALL
 * to the connected station {@code identity} and may return before the station has answered: the scenario watches
 * the station's side.
 *
 * @see dev.ocpp.testkit.Role
 */
public interface CsmsUnderTest {

    /**
     * The URL stations connect to, without the identity segment (e.g. {@code ws://127.0.0.1:8180/ocpp}); the
     * station appends its identity (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1).
     */
    URI endpoint();

    /**
     * The client transport simulated stations connect with; null (the default) for a real WebSocket client that the
     * run makes and closes. An in-process CSMS may give an in-memory transport here.
     */
    default TransportClientFactory transport() {
        return null;
    }

    /**
     * The identity the simulated stations use (default {@code TESTKIT-CS-1}); a CSMS that admits known stations only
     * must know it. Scenarios run one after another, each with its own connection under this identity.
     */
    default String stationIdentity() {
        return "TESTKIT-CS-1";
    }

    /** The Basic-auth password of the simulated stations (OCPP security profile 1), or null (the default) for none. */
    default byte[] stationPassword() {
        return null;
    }

    /**
     * Makes the CSMS start a transaction remotely with {@code idToken} on station {@code identity}: a 1.6
     * RemoteStartTransaction (OCPP 1.6 §5.11) or a 2.0.1 RequestStartTransaction (F01/F02).
     */
    default void remoteStart(String identity, String idToken) throws Exception {
        throw new UnsupportedOperationException("remoteStart");
    }

    /** Makes the CSMS send a Reset to station {@code identity} (OCPP 1.6 §5.14, 2.0.1 B11/B12). */
    default void reset(String identity) throws Exception {
        throw new UnsupportedOperationException("reset");
    }

    /**
     * Makes the CSMS send a ChangeAvailability for the whole station {@code identity}, to operative or inoperative
     * (OCPP 1.6 §5.2 with connectorId 0; 2.0.1 block G, without an EVSE).
     */
    default void changeAvailability(String identity, boolean operative) throws Exception {
        throw new UnsupportedOperationException("changeAvailability");
    }

    /**
     * Makes the CSMS send a TriggerMessage to station {@code identity} for {@code requestedMessage}, e.g.
     * {@code "Heartbeat"} (OCPP 1.6 §5.17, 2.0.1 F06).
     */
    default void triggerMessage(String identity, String requestedMessage) throws Exception {
        throw new UnsupportedOperationException("triggerMessage");
    }
}
