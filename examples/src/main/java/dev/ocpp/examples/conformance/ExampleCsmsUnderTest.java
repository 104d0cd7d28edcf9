package dev.ocpp.examples.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.security.pki.FirmwareSigner;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.testkit.conformance.CsmsUnderTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example CSMS as the CSMS under test of the conformance scenarios, with every optional action: each one sends
 * its CALL through the CSMS's server to the connected station, as an operator's button would. The CSMS is the
 * caller's to start and close.
 */
public final class ExampleCsmsUnderTest implements CsmsUnderTest {

    /** The id of the charging profile {@link #setChargingProfile} installs and {@link #clearChargingProfile} clears. */
    private static final int PROFILE_ID = 100;

    private final ExampleCsms csms;
    private final AtomicInteger reservationIds = new AtomicInteger();
    private final AtomicInteger listVersions = new AtomicInteger();
    private final AtomicInteger requestIds = new AtomicInteger();

    /** An adapter of the running {@code csms}. */
    public ExampleCsmsUnderTest(ExampleCsms csms) {
        this.csms = Objects.requireNonNull(csms, "csms");
    }

    @Override
    public URI endpoint() {
        return csms.endpoint();
    }

    /** OCPP 1.6 §5.11 RemoteStartTransaction on connector 1; 2.0.1 F01 RequestStartTransaction on EVSE 1. */
    @Override
    public void remoteStart(String identity, String idToken) {
        OcppSession s = session(identity);
        if (s.version() == OcppVersion.OCPP16) {
            send(s, "RemoteStartTransaction", json("{'connectorId':1}").put("idTag", idToken));
        } else {
            ObjectNode request = json("{'remoteStartId':1,'evseId':1}");
            request.putObject("idToken").put("idToken", idToken).put("type", "ISO14443");
            send(s, "RequestStartTransaction", request);
        }
    }

    /** OCPP 1.6 §5.14 Reset Soft; 2.0.1 B11 Reset OnIdle (without an EVSE: the whole station). */
    @Override
    public void reset(String identity) {
        OcppSession s = session(identity);
        send(s, "Reset", json(s.version() == OcppVersion.OCPP16 ? "{'type':'Soft'}" : "{'type':'OnIdle'}"));
    }

    /** OCPP 1.6 §5.2 ChangeAvailability of connector 0 (the station); 2.0.1 G03/G04 without an EVSE. */
    @Override
    public void changeAvailability(String identity, boolean operative) {
        OcppSession s = session(identity);
        String status = operative ? "Operative" : "Inoperative";
        send(s, "ChangeAvailability", s.version() == OcppVersion.OCPP16
                ? json("{'connectorId':0}").put("type", status)
                : json("{}").put("operationalStatus", status));
    }

    /** OCPP 1.6 §5.17, 2.0.1 F06: TriggerMessage for {@code requestedMessage}. */
    @Override
    public void triggerMessage(String identity, String requestedMessage) {
        send(session(identity), "TriggerMessage", json("{}").put("requestedMessage", requestedMessage));
    }

    /** OCPP 1.6 §5.12 RemoteStopTransaction (the integer id); 2.0.1 F03 RequestStopTransaction. */
    @Override
    public void remoteStop(String identity, String transactionId) {
        OcppSession s = session(identity);
        send(s, is16(s) ? "RemoteStopTransaction" : "RequestStopTransaction", is16(s)
                ? json("{}").put("transactionId", Integer.parseInt(transactionId))
                : json("{}").put("transactionId", transactionId));
    }

    /** OCPP 1.6 §5.18 UnlockConnector; 2.0.1 F05 on EVSE {@code connector}, its connector 1. */
    @Override
    public void unlockConnector(String identity, int connector) {
        OcppSession s = session(identity);
        send(s, "UnlockConnector", is16(s) ? json("{}").put("connectorId", connector)
                : json("{'connectorId':1}").put("evseId", connector));
    }

    /** OCPP 1.6 §5.13, 2.0.1 H01: ReserveNow for {@code idToken}, expiring in 15 minutes. */
    @Override
    public void reserveNow(String identity, int connector, String idToken) {
        OcppSession s = session(identity);
        String expiry = Instant.now().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS).toString();
        int reservationId = reservationIds.incrementAndGet();
        if (is16(s)) {
            send(s, "ReserveNow", json("{}").put("connectorId", connector).put("expiryDate", expiry)
                    .put("idTag", idToken).put("reservationId", reservationId));
        } else {
            ObjectNode request = json("{}").put("id", reservationId).put("expiryDateTime", expiry)
                    .put("evseId", connector);
            request.putObject("idToken").put("idToken", idToken).put("type", "ISO14443");
            send(s, "ReserveNow", request);
        }
    }

    /** OCPP 1.6 §5.15, 2.0.1 D01: a Full list of one accepted token, with the next list version. */
    @Override
    public void sendLocalList(String identity) {
        OcppSession s = session(identity);
        int version = listVersions.incrementAndGet();
        send(s, "SendLocalList", is16(s)
                ? json("{'updateType':'Full','localAuthorizationList':[{'idTag':'EXAMPLE-TAG-1',"
                        + "'idTagInfo':{'status':'Accepted'}}]}").put("listVersion", version)
                : json("{'updateType':'Full','localAuthorizationList':[{'idToken':{'idToken':'EXAMPLE-TAG-1',"
                        + "'type':'ISO14443'},'idTokenInfo':{'status':'Accepted'}}]}").put("versionNumber", version));
    }

    /**
     * OCPP 1.6 §5.16, 2.0.1 K01: a TxDefaultProfile for {@code connector} (EVSE in 2.0.1), 32 A, 16 A from the
     * second hour on, relative to the start of each transaction.
     */
    @Override
    public void setChargingProfile(String identity, int connector) {
        OcppSession s = session(identity);
        String periods = "[{'startPeriod':0,'limit':32.0},{'startPeriod':3600,'limit':16.0}]";
        send(s, "SetChargingProfile", is16(s)
                ? json("{'csChargingProfiles':{'chargingProfileId':" + PROFILE_ID + ",'stackLevel':0,"
                        + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                        + "'chargingSchedule':{'chargingRateUnit':'A','chargingSchedulePeriod':" + periods + "}}}")
                        .put("connectorId", connector)
                : json("{'chargingProfile':{'id':" + PROFILE_ID + ",'stackLevel':0,"
                        + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                        + "'chargingSchedule':[{'id':1,'chargingRateUnit':'A','chargingSchedulePeriod':" + periods
                        + "}]}}").put("evseId", connector));
    }

    /** OCPP 1.6 §5.5, 2.0.1 K10: clears the profile {@link #setChargingProfile} installs. */
    @Override
    public void clearChargingProfile(String identity) {
        OcppSession s = session(identity);
        send(s, "ClearChargingProfile", json("{}").put(is16(s) ? "id" : "chargingProfileId", PROFILE_ID));
    }

    /**
     * 2.0.1 N01 GetLog of the diagnostics log; in 1.6 too, the security extension's GetLog rather than the core
     * GetDiagnostics, since the example CSMS answers LogStatusNotification in both versions.
     */
    @Override
    public void getLog(String identity) {
        OcppSession s = session(identity);
        ObjectNode request = json("{'logType':'DiagnosticsLog'}").put("requestId", requestIds.incrementAndGet());
        request.putObject("log").put("remoteLocation", "https://logs.example.test/upload/" + identity);
        send(s, "GetLog", request);
    }

    /**
     * Secure firmware update (L01): 2.0.1 UpdateFirmware, 1.6 the security extension's SignedUpdateFirmware. The
     * image is made up and signed by a certificate of a throw-away PKI; a real CSMS passes on the certificate and
     * signature the firmware's manufacturer published with it.
     */
    @Override
    public void updateFirmware(String identity) {
        OcppSession s = session(identity);
        ObjectNode request = json("{}").put("requestId", requestIds.incrementAndGet());
        request.putObject("firmware").put("location", "https://firmware.example.test/example-1.0.bin")
                .put("retrieveDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("signingCertificate", SignedFirmware.INSTANCE.certificatePem)
                .put("signature", SignedFirmware.INSTANCE.signature);
        send(s, is16(s) ? "SignedUpdateFirmware" : "UpdateFirmware", request);
    }

    /** The made-up firmware's signature and signing certificate, made at first use. */
    private static final class SignedFirmware {
        static final SignedFirmware INSTANCE = new SignedFirmware();

        final String certificatePem;
        final String signature;

        private SignedFirmware() {
            IssuedCertificate signer = TestPki.builder().keyType(KeyType.EC_P256).build().leaf()
                    .commonName("example firmware signer").issue();
            try {
                signature = FirmwareSigner.sign(new ByteArrayInputStream(
                        "example firmware 1.0".getBytes(StandardCharsets.US_ASCII)), signer.privateKey());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            certificatePem = signer.certificatePem();
        }
    }

    private static boolean is16(OcppSession session) {
        return session.version() == OcppVersion.OCPP16;
    }

    private OcppSession session(String identity) {
        return csms.server().session(identity).orElseThrow(() ->
                new ConnectionClosedException("no station is connected to the example CSMS as " + identity));
    }

    /** Sends without waiting: the scenario watches what reaches the station, and its answer is the station's. */
    private static void send(OcppSession session, String action, ObjectNode payload) {
        session.call(action, payload).exceptionally(e -> null);
    }

    private static ObjectNode json(String json) {
        try {
            return (ObjectNode) OcppJson.mapper().readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Override
    public String toString() {
        return "example CSMS at " + endpoint();
    }
}
