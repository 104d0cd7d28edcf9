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

    /**
     * Makes the CSMS stop the transaction {@code transactionId} remotely: a 1.6 RemoteStopTransaction (OCPP 1.6
     * §5.12; the id is the integer the CSMS answered to StartTransaction, given here as text) or a 2.0.1
     * RequestStopTransaction (F03; the station's own transactionId).
     */
    default void remoteStop(String identity, String transactionId) throws Exception {
        throw new UnsupportedOperationException("remoteStop");
    }

    /**
     * Makes the CSMS send an UnlockConnector for {@code connector} (numbered from 1): 1.6 connectorId (OCPP 1.6
     * §5.18); 2.0.1 evseId {@code connector} with connectorId 1 (F05), since the simulated station has one connector
     * per EVSE.
     */
    default void unlockConnector(String identity, int connector) throws Exception {
        throw new UnsupportedOperationException("unlockConnector");
    }

    /**
     * Makes the CSMS reserve {@code connector} for {@code idToken} with a ReserveNow whose expiry lies in the future
     * (OCPP 1.6 §5.13 connectorId; 2.0.1 H01 evseId {@code connector}).
     */
    default void reserveNow(String identity, int connector, String idToken) throws Exception {
        throw new UnsupportedOperationException("reserveNow");
    }

    /**
     * Makes the CSMS send its local authorization list with a SendLocalList (OCPP 1.6 §5.15, 2.0.1 D01), Full or
     * Differential, whose version number is positive.
     */
    default void sendLocalList(String identity) throws Exception {
        throw new UnsupportedOperationException("sendLocalList");
    }

    /**
     * Makes the CSMS install a charging profile on {@code connector} with a SetChargingProfile (OCPP 1.6 §5.16
     * connectorId; 2.0.1 K01 evseId {@code connector}); any purpose but a transaction profile, which needs a running
     * transaction.
     */
    default void setChargingProfile(String identity, int connector) throws Exception {
        throw new UnsupportedOperationException("setChargingProfile");
    }

    /** Makes the CSMS send a ClearChargingProfile, with or without criteria (OCPP 1.6 §5.5, 2.0.1 K10). */
    default void clearChargingProfile(String identity) throws Exception {
        throw new UnsupportedOperationException("clearChargingProfile");
    }

    /**
     * Makes the CSMS ask the station to upload its logs: 2.0.1 GetLog (N01); 1.6 either GetDiagnostics (OCPP 1.6
     * §5.9) or the security extension's GetLog, whichever the CSMS uses. The scenario then reports the
     * upload with DiagnosticsStatusNotification or LogStatusNotification, which the CSMS must answer.
     */
    default void getLog(String identity) throws Exception {
        throw new UnsupportedOperationException("getLog");
    }

    /**
     * Makes the CSMS start a secure firmware update (L01): 2.0.1 UpdateFirmware, 1.6 the security extension's
     * SignedUpdateFirmware, with the firmware's location, retrieveDateTime, the PEM signing certificate and the
     * Base64 signature (2.0.1 L01.FR.11 requires the last two for a secure update; the 1.6 schema always does). The
     * scenario then reports progress with (Signed)FirmwareStatusNotification, which the CSMS must answer.
     */
    default void updateFirmware(String identity) throws Exception {
        throw new UnsupportedOperationException("updateFirmware");
    }
}
