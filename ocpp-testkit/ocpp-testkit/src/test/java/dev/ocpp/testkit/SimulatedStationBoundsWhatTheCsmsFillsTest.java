package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a CSMS can fill in a bare {@link SimulatedStation} is bounded, so that a hostile or buggy CSMS under test
 * cannot exhaust the test's memory: 20 charging profiles (1.6 §5.16 MaxChargingProfilesInstalled, 2.0.1 K01
 * SmartChargingCtrlr.Entries[ChargingProfiles]), 10 display messages (2.0.1 O01 DisplayMessageCtrlr.DisplayMessages)
 * and 10 CSMS root certificates (1.6 security extension CertificateStoreMaxLength, 2.0.1 M05
 * SecurityCtrlr.CertificateEntries). Past a cap a new entry is Rejected; a replacement (same profile or message id,
 * same certificate) is Accepted and takes no further place. Against a {@link MockCsms} in memory.
 */
class SimulatedStationBoundsWhatTheCsmsFillsTest extends StationAgainstMockCsms {

    private static final String ID = "CS-BOUNDS";
    private static final int PROFILES = 20;
    private static final int MESSAGES = 10;
    private static final int ROOTS = 10;

    /** Eleven distinct self-signed CA certificates, PEM with JSON-escaped line ends. */
    private static final List<String> ROOT_PEMS = new ArrayList<>();

    SimulatedStationBoundsWhatTheCsmsFillsTest() {
        super(ID);
    }

    @BeforeAll
    static void roots() {
        TestPki pki = TestPki.builder().keyType(KeyType.EC_P256).build();
        // One key pair for all: the certificates differ by subject and serial number, which is all the store sees.
        KeyPair keys = KeyType.EC_P256.generate();
        for (int n = 1; n <= ROOTS + 1; n++) {
            ROOT_PEMS.add(pki.leaf().commonName("csms-root-" + n).serialNumber(BigInteger.valueOf(n)).ca(true)
                    .keyPair(keys).selfSigned().issue().certificatePem().replace("\r", "").replace("\n", "\\n"));
        }
    }

    // ------------------------------------------------------------------------------------------------ profiles

    private String setProfile16(int id) throws Exception {
        return status("SetChargingProfile", "{'connectorId':0,'csChargingProfiles':{'chargingProfileId':" + id
                + ",'stackLevel':" + (id % 8) + ",'chargingProfilePurpose':'TxDefaultProfile',"
                + "'chargingProfileKind':'Relative','chargingSchedule':{'chargingRateUnit':'A',"
                + "'chargingSchedulePeriod':[{'startPeriod':0,'limit':16.0}]}}}");
    }

    private String setProfile201(int id) throws Exception {
        return status("SetChargingProfile", "{'evseId':0,'chargingProfile':{'id':" + id + ",'stackLevel':"
                + (id % 8) + ",'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                + "'chargingSchedule':[{'id':1,'chargingRateUnit':'A','chargingSchedulePeriod':[{'startPeriod':0,"
                + "'limit':16.0}]}]}}");
    }

    @Test
    void a16StationKeepsTwentyChargingProfilesRejectsANewOneThenAndStillReplacesAKeptOne() throws Exception {
        started(OcppVersion.OCPP16, 1);
        for (int id = 1; id <= PROFILES; id++) {
            assertThat(setProfile16(id)).as("profile %d", id).isEqualTo("Accepted");
        }
        assertThat(setProfile16(PROFILES + 1)).isEqualTo("Rejected");
        assertThat(setProfile16(7)).as("a kept id replaced").isEqualTo("Accepted");
        // The one refused was not kept; a place freed takes a new one again.
        assertThat(status("ClearChargingProfile", "{'id':" + (PROFILES + 1) + "}")).isEqualTo("Unknown");
        assertThat(status("ClearChargingProfile", "{'id':1}")).isEqualTo("Accepted");
        assertThat(setProfile16(PROFILES + 1)).isEqualTo("Accepted");
        assertThat(setProfile16(PROFILES + 2)).isEqualTo("Rejected");

        assertThat(configuration("MaxChargingProfilesInstalled")).isEqualTo("20 (read-only)");
        assertNoCallError();
    }

    @Test
    void a201StationKeepsTwentyChargingProfilesRejectsANewOneThenAndStillReplacesAKeptOne() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(variable("SmartChargingCtrlr", "Entries", "ChargingProfiles")).isEqualTo("0");
        for (int id = 1; id <= PROFILES; id++) {
            assertThat(setProfile201(id)).as("profile %d", id).isEqualTo("Accepted");
        }
        assertThat(setProfile201(PROFILES + 1)).isEqualTo("Rejected");
        assertThat(setProfile201(7)).as("a kept id replaced").isEqualTo("Accepted");
        assertThat(variable("SmartChargingCtrlr", "Entries", "ChargingProfiles")).isEqualTo("20");
        assertThat(status("ClearChargingProfile", "{'chargingProfileId':" + (PROFILES + 1) + "}"))
                .isEqualTo("Unknown");
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ messages

    private String setMessage(int id) throws Exception {
        return status("SetDisplayMessage", "{'message':{'id':" + id + ",'priority':'NormalCycle','message':"
                + "{'format':'UTF8','content':'Message " + id + "'}}}");
    }

    @Test
    void a201StationKeepsTenDisplayMessagesRejectsANewOneThenAndStillReplacesAKeptOne() throws Exception {
        started(OcppVersion.OCPP201, 1);
        for (int id = 1; id <= MESSAGES; id++) {
            assertThat(setMessage(id)).as("message %d", id).isEqualTo("Accepted");
        }
        assertThat(setMessage(MESSAGES + 1)).isEqualTo("Rejected");
        assertThat(setMessage(3)).as("a kept id replaced").isEqualTo("Accepted");
        assertThat(variable("DisplayMessageCtrlr", "DisplayMessages", null)).isEqualTo("10");
        assertThat(status("GetDisplayMessages", "{'requestId':1,'id':[" + (MESSAGES + 1) + "]}")).isEqualTo("Unknown");
        // A place freed takes a new one again.
        assertThat(status("ClearDisplayMessage", "{'id':1}")).isEqualTo("Accepted");
        assertThat(setMessage(MESSAGES + 1)).isEqualTo("Accepted");
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ roots

    private String install(String type, int n) throws Exception {
        return status("InstallCertificate", "{'certificateType':'" + type + "','certificate':'"
                + ROOT_PEMS.get(n) + "'}");
    }

    @Test
    void a16StationKeepsEachCsmsRootOnceAndTenAtMostReportingCertificateStoreMaxLength() throws Exception {
        started(OcppVersion.OCPP16, 1);
        String type = "CentralSystemRootCertificate";
        assertThat(install(type, 0)).isEqualTo("Accepted");
        assertThat(install(type, 0)).as("the same root again").isEqualTo("Accepted");
        // Had the duplicate taken a place, the tenth distinct root would not fit.
        for (int n = 1; n < ROOTS; n++) {
            assertThat(install(type, n)).as("root %d", n).isEqualTo("Accepted");
        }
        assertThat(install(type, ROOTS)).isEqualTo("Rejected");
        assertThat(install(type, 4)).as("a kept root again, the store full").isEqualTo("Accepted");

        assertThat(configuration("CertificateStoreMaxLength")).isEqualTo("10 (read-only)");
        assertNoCallError();
    }

    @Test
    void a201StationKeepsEachCsmsRootOnceAndTenAtMostCountedByCertificateEntries() throws Exception {
        started(OcppVersion.OCPP201, 1);
        String type = "CSMSRootCertificate";
        assertThat(install(type, 0)).isEqualTo("Accepted");
        assertThat(install(type, 0)).as("the same root again").isEqualTo("Accepted");
        assertThat(variable("SecurityCtrlr", "CertificateEntries", null)).isEqualTo("1");
        for (int n = 1; n < ROOTS; n++) {
            assertThat(install(type, n)).as("root %d", n).isEqualTo("Accepted");
        }
        assertThat(install(type, ROOTS)).isEqualTo("Rejected");
        assertThat(install(type, 4)).as("a kept root again, the store full").isEqualTo("Accepted");
        assertThat(variable("SecurityCtrlr", "CertificateEntries", null)).isEqualTo("10");
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ reports

    @Test
    void a201FullInventoryReportsEachStoreAsAReadOnlyCountWithItsCapAsMaxLimit() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(setMessage(1)).isEqualTo("Accepted");
        assertThat(setProfile201(1)).isEqualTo("Accepted");
        assertThat(setProfile201(2)).isEqualTo("Accepted");
        assertThat(status("GetBaseReport", "{'requestId':9,'reportBase':'FullInventory'}")).isEqualTo("Accepted");
        flush();

        List<String> stores = new ArrayList<>();
        for (ObjectNode report : sent("NotifyReport")) {
            for (JsonNode d : report.path("reportData")) {
                String variable = d.at("/component/name").asText() + "." + d.at("/variable/name").asText()
                        + (d.path("variable").has("instance") ? "[" + d.at("/variable/instance").asText() + "]" : "");
                if (d.at("/variableCharacteristics/maxLimit").isNumber()) {
                    stores.add(variable + "=" + d.at("/variableAttribute/0/value").asText() + " "
                            + d.at("/variableAttribute/0/mutability").asText() + " of "
                            + d.at("/variableCharacteristics/maxLimit").asInt());
                }
            }
        }
        assertThat(stores).containsExactlyInAnyOrder("SecurityCtrlr.CertificateEntries=0 ReadOnly of 10",
                "SmartChargingCtrlr.Entries[ChargingProfiles]=2 ReadOnly of 20",
                "DisplayMessageCtrlr.DisplayMessages=1 ReadOnly of 10");
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** A 1.6 configuration key as GetConfiguration reports it: "value" or "value (read-only)". */
    private String configuration(String key) throws Exception {
        JsonNode entry = call("GetConfiguration", "{'key':['" + key + "']}").path("configurationKey").path(0);
        assertThat(entry.path("key").asText()).isEqualTo(key);
        return entry.path("value").asText() + (entry.path("readonly").asBoolean() ? " (read-only)" : "");
    }

    /** A 2.0.1 variable's Actual value as GetVariables reports it (Accepted). */
    private String variable(String component, String variable, String instance) throws Exception {
        String v = "{'name':'" + variable + "'" + (instance == null ? "" : ",'instance':'" + instance + "'") + "}";
        JsonNode result = call("GetVariables", "{'getVariableData':[{'component':{'name':'" + component + "'},"
                + "'variable':" + v + "}]}").path("getVariableResult").path(0);
        assertThat(result.path("attributeStatus").asText()).isEqualTo("Accepted");
        return result.path("attributeValue").asText();
    }
}
