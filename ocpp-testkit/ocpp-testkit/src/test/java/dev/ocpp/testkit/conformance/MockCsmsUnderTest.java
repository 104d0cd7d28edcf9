package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.security.pki.FirmwareSigner;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.testkit.MockCsms;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A {@link MockCsms} as the CSMS under test, with every optional action: the mock sends the CALL the scenario
 * asks for. The mock is the test's to make and close.
 */
final class MockCsmsUnderTest implements CsmsUnderTest {

    private static final byte[] FIRMWARE = "testkit firmware image".getBytes(StandardCharsets.US_ASCII);
    private static ObjectNode firmware;

    private final MockCsms csms;

    MockCsmsUnderTest(MockCsms csms) {
        this.csms = csms;
    }

    private boolean is16() {
        return csms.version() == OcppVersion.OCPP16;
    }

    @Override
    public URI endpoint() {
        return csms.url();
    }

    @Override
    public TransportClientFactory transport() {
        return csms.stationTransport();
    }

    @Override
    public void remoteStart(String identity, String idToken) {
        send(identity, is16() ? "RemoteStartTransaction" : "RequestStartTransaction", is16()
                ? json("{'idTag':'" + idToken + "','connectorId':1}")
                : json("{'idToken':{'idToken':'" + idToken + "','type':'ISO14443'},'remoteStartId':1,'evseId':1}"));
    }

    @Override
    public void reset(String identity) {
        send(identity, "Reset", is16() ? json("{'type':'Soft'}") : json("{'type':'OnIdle'}"));
    }

    @Override
    public void changeAvailability(String identity, boolean operative) {
        String value = operative ? "Operative" : "Inoperative";
        send(identity, "ChangeAvailability", is16() ? json("{'connectorId':0,'type':'" + value + "'}")
                : json("{'operationalStatus':'" + value + "'}"));
    }

    @Override
    public void triggerMessage(String identity, String requestedMessage) {
        send(identity, "TriggerMessage", json("{'requestedMessage':'" + requestedMessage + "'}"));
    }

    @Override
    public void remoteStop(String identity, String transactionId) {
        send(identity, is16() ? "RemoteStopTransaction" : "RequestStopTransaction", is16()
                ? json("{'transactionId':" + Integer.parseInt(transactionId) + "}")
                : json("{}").put("transactionId", transactionId));
    }

    @Override
    public void unlockConnector(String identity, int connector) {
        send(identity, "UnlockConnector", is16() ? json("{'connectorId':" + connector + "}")
                : json("{'evseId':" + connector + ",'connectorId':1}"));
    }

    @Override
    public void reserveNow(String identity, int connector, String idToken) {
        String expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        send(identity, "ReserveNow", is16()
                ? json("{'connectorId':" + connector + ",'expiryDate':'" + expiry + "','idTag':'" + idToken
                        + "','reservationId':7}")
                : json("{'id':7,'expiryDateTime':'" + expiry + "','evseId':" + connector + ",'idToken':{'idToken':'"
                        + idToken + "','type':'ISO14443'}}"));
    }

    @Override
    public void sendLocalList(String identity) {
        send(identity, "SendLocalList", is16()
                ? json("{'listVersion':3,'updateType':'Full','localAuthorizationList':[{'idTag':'TAG-1',"
                        + "'idTagInfo':{'status':'Accepted'}}]}")
                : json("{'versionNumber':3,'updateType':'Full','localAuthorizationList':[{'idToken':{'idToken':"
                        + "'TAG-1','type':'ISO14443'},'idTokenInfo':{'status':'Accepted'}}]}"));
    }

    @Override
    public void setChargingProfile(String identity, int connector) {
        String periods = "[{'startPeriod':0,'limit':16.0" + (is16() ? "" : ",'numberPhases':3")
                + "},{'startPeriod':3600,'limit':8.0}]";
        send(identity, "SetChargingProfile", is16()
                ? json("{'connectorId':" + connector + ",'csChargingProfiles':{'chargingProfileId':11,'stackLevel':0,"
                        + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Absolute',"
                        + "'chargingSchedule':{'chargingRateUnit':'A','startSchedule':'" + now() + "',"
                        + "'chargingSchedulePeriod':" + periods + "}}}")
                : json("{'evseId':" + connector + ",'chargingProfile':{'id':11,'stackLevel':0,"
                        + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Absolute',"
                        + "'chargingSchedule':[{'id':1,'chargingRateUnit':'A','startSchedule':'" + now() + "',"
                        + "'chargingSchedulePeriod':" + periods + "}]}}"));
    }

    @Override
    public void clearChargingProfile(String identity) {
        send(identity, "ClearChargingProfile", is16() ? json("{'id':11}") : json("{'chargingProfileId':11}"));
    }

    /** 1.6: GetDiagnostics (the example CSMS's adapter uses GetLog), so that both 1.6 paths are run. */
    @Override
    public void getLog(String identity) {
        send(identity, is16() ? "GetDiagnostics" : "GetLog", is16()
                ? json("{'location':'ftp://logs.example.test/'}")
                : json("{'logType':'DiagnosticsLog','requestId':5,'log':{'remoteLocation':"
                        + "'https://logs.example.test/upload'}}"));
    }

    @Override
    public void updateFirmware(String identity) {
        send(identity, is16() ? "SignedUpdateFirmware" : "UpdateFirmware", json("{'requestId':9}")
                .set("firmware", firmware()));
    }

    /** Firmware signed with a certificate of a throw-away PKI, made once. */
    static synchronized ObjectNode firmware() {
        if (firmware == null) {
            try {
                IssuedCertificate signer = TestPki.builder().keyType(KeyType.EC_P256).build().leaf()
                        .commonName("testkit firmware signer").issue();
                String signature = FirmwareSigner.sign(new ByteArrayInputStream(FIRMWARE), signer.privateKey());
                firmware = json("{'location':'https://firmware.example.test/fw-1.bin','retrieveDateTime':'"
                        + now() + "'}").put("signingCertificate", signer.certificatePem()).put("signature", signature);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return firmware.deepCopy();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Sends and does not wait: the scenario watches the station's side. */
    private void send(String identity, String action, ObjectNode payload) {
        csms.callRaw(identity, action, payload).exceptionally(e -> null);
    }
}
