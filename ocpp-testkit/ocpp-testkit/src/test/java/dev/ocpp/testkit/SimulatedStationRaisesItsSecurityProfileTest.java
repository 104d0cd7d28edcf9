package dev.ocpp.testkit;

import static dev.ocpp.testkit.SimulatedStationTestCsms.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.security.pki.TestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bare {@link SimulatedStation} on security profile 1 (ws:// and a password) raises its security profile when the
 * CSMS asks and it has what the new profile needs (1.6 security white paper A05; 2.0.1 A05, B09, B10): over real
 * sockets, from a plain mock CSMS to a TLS one that requires the same password. It refuses what it lacks the
 * prerequisites for, falls back to the profile before when the new one does not connect, and never goes down
 * again.
 */
class SimulatedStationRaisesItsSecurityProfileTest {

    private static final String ID = "CS-RAISE";
    private static final byte[] PASSWORD = "testkit-password-16".getBytes(StandardCharsets.US_ASCII);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NOT_A_CERTIFICATE = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----";

    private static TestPki pki;
    private static SSLContext serverContext;
    private static String rootPem;

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private SimulatedStation station;
    /** The station's connection attempts that failed. */
    private final AtomicInteger failedAttempts = new AtomicInteger();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.builder().build();
        serverContext = LoopbackTls.serverContext(pki);
        rootPem = pki.rootPem().replace("\r", "").replace("\n", "\\n");
    }

    @AfterEach
    void close() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    // ------------------------------------------------------------------------------------------------ 1.6

    @Test
    void a16StationGivenACsmsRootMovesToTheSecureEndpointReportsProfileTwoAndNeverGoesBack() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP16);
        MockCsms secure = secure(OcppVersion.OCPP16);
        started(OcppVersion.OCPP16, plain, secure.url());
        assertThat(configuredProfile(plain)).isEqualTo("1");

        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CentralSystemRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");
        assertThat(status(plain, "ChangeConfiguration", "{'key':'SecurityProfile','value':'2'}"))
                .isEqualTo("Accepted");

        // Same identity and password, over TLS trusting the root just installed.
        secure.awaitStation(ID, WAIT);
        assertThat(configuredProfile(secure)).isEqualTo("2");
        assertThat(station.securityProfile()).isEqualTo(2);
        // A reconnect is not a reboot (OCPP-J 1.6 §5.4).
        assertThat(secure.journal().exchanges("BootNotification")).isEmpty();
        // A05.FR.01/.09: never the profile in force or a lower one again.
        assertThat(status(secure, "ChangeConfiguration", "{'key':'SecurityProfile','value':'1'}"))
                .isEqualTo("Rejected");
        assertThat(status(secure, "ChangeConfiguration", "{'key':'SecurityProfile','value':'2'}"))
                .isEqualTo("Rejected");
        assertThat(configuredProfile(secure)).isEqualTo("2");
    }

    @Test
    void a16StationWithoutAnInstalledCsmsRootRefusesProfileTwo() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP16);
        started(OcppVersion.OCPP16, plain, URI.create("wss://127.0.0.1:1/ocpp"));

        assertThat(status(plain, "ChangeConfiguration", "{'key':'SecurityProfile','value':'2'}"))
                .isEqualTo("Rejected");
        assertThat(configuredProfile(plain)).isEqualTo("1");
    }

    @Test
    void a16StationWithoutASecureEndpointRefusesProfileTwoEvenWithACsmsRoot() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP16);
        started(OcppVersion.OCPP16, plain, null);
        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CentralSystemRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");

        assertThat(status(plain, "ChangeConfiguration", "{'key':'SecurityProfile','value':'2'}"))
                .isEqualTo("Rejected");
        assertThat(configuredProfile(plain)).isEqualTo("1");
    }

    @Test
    void a16StationRejectsACsmsRootItCannotReadAndThenRefusesProfileTwo() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP16);
        started(OcppVersion.OCPP16, plain, URI.create("wss://127.0.0.1:1/ocpp"));

        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CentralSystemRootCertificate',"
                + "'certificate':'" + NOT_A_CERTIFICATE + "'}")).isEqualTo("Rejected");
        // Other certificates are not read: accepted as before.
        assertThat(status(plain, "InstallCertificate", "{'certificateType':'ManufacturerRootCertificate',"
                + "'certificate':'" + NOT_A_CERTIFICATE + "'}")).isEqualTo("Accepted");
        assertThat(status(plain, "ChangeConfiguration", "{'key':'SecurityProfile','value':'2'}"))
                .isEqualTo("Rejected");
    }

    @Test
    void a16StationWithoutAClientCertificateRefusesProfileThree() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP16);
        started(OcppVersion.OCPP16, plain, URI.create("wss://127.0.0.1:1/ocpp"));
        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CentralSystemRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");

        assertThat(status(plain, "ChangeConfiguration", "{'key':'SecurityProfile','value':'3'}"))
                .isEqualTo("Rejected");
    }

    @Test
    void a16StationThatCannotReachTheSecureEndpointFallsBackToTheProfileBefore() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP16);
        MockCsms gone = secure(OcppVersion.OCPP16);
        gone.close();
        started(OcppVersion.OCPP16, plain, gone.url());
        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CentralSystemRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");
        // Refused attempts at the plain mock show the station is back on its endpoint: none before the fallback.
        plain.refuse(ID);

        assertThat(status(plain, "ChangeConfiguration", "{'key':'SecurityProfile','value':'2'}"))
                .isEqualTo("Accepted");

        assertThat(plain.awaitRefusal(ID, WAIT)).as("the station came back to the plain endpoint").isTrue();
        CompletableFuture<Void> back = station.whenConnected();
        plain.admit(ID);
        back.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        plain.awaitStation(ID, WAIT);
        assertThat(configuredProfile(plain)).isEqualTo("1");
        assertThat(station.securityProfile()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ 2.0.1

    @Test
    void a201StationRebootsOntoTheSecureNetworkProfileReportsTwoAndDeletesTheLowerOne() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP201);
        MockCsms secure = secure(OcppVersion.OCPP201);
        started(OcppVersion.OCPP201, plain, null);
        assertThat(variable(plain, "SecurityCtrlr", "SecurityProfile")).isEqualTo("1");
        assertThat(variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("0");

        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CSMSRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");
        assertThat(status(plain, "SetNetworkProfile", networkProfile(1, secure.url(), 2))).isEqualTo("Accepted");
        assertThat(setVariable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"))
                .isEqualTo("RebootRequired");
        assertThat(variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("1,0");
        assertThat(status(plain, "Reset", "{'type':'OnIdle'}")).isEqualTo("Accepted");

        // A reset is a reboot (B11/B12): the station boots at the secure mock.
        assertThat(secure.journal().await(e -> e.action().equals("BootNotification") && e.answered(), WAIT))
                .as("a BootNotification at the secure mock").isPresent();
        assertThat(variable(secure, "SecurityCtrlr", "SecurityProfile")).isEqualTo("2");
        assertThat(station.securityProfile()).isEqualTo(2);
        // A05.FR.06: slot 0 (profile 1) is gone, from the slots and from the priority.
        assertThat(variable(secure, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("1");
        assertThat(setVariable(secure, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"))
                .isEqualTo("Rejected");
        // B09.FR.04: never a lower profile again.
        assertThat(status(secure, "SetNetworkProfile", networkProfile(2, plain.url(), 1))).isEqualTo("Rejected");
        // M04.FR.06: the root its TLS connection trusts cannot be deleted.
        ObjectNode ids = call(secure, "GetInstalledCertificateIds", "{}");
        assertThat(status(secure, "DeleteCertificate", "{'certificateHashData':"
                + ids.at("/certificateHashDataChain/0/certificateHashData") + "}")).isEqualTo("Failed");
    }

    @Test
    void a201StationWithoutAnInstalledCsmsRootRefusesASecureNetworkProfile() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP201);
        started(OcppVersion.OCPP201, plain, null);

        assertThat(status(plain, "SetNetworkProfile", networkProfile(1, URI.create("wss://127.0.0.1:1/ocpp"), 2)))
                .isEqualTo("Rejected");
    }

    @Test
    void a201StationRefusesASlotItDoesNotHaveAndAUrlThatDoesNotFitTheProfile() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP201);
        started(OcppVersion.OCPP201, plain, null);
        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CSMSRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");
        URI secureUrl = URI.create("wss://127.0.0.1:1/ocpp");

        // B09.FR.05: slots 0, 1 and 2 only.
        assertThat(status(plain, "SetNetworkProfile", networkProfile(3, secureUrl, 2))).isEqualTo("Rejected");
        assertThat(status(plain, "SetNetworkProfile", networkProfile(9, secureUrl, 2))).isEqualTo("Rejected");
        // Profile 2 over ws://, profile 1 over wss://: never TLS settings that do not match (A00.FR.005).
        assertThat(status(plain, "SetNetworkProfile", networkProfile(1, plain.url(), 2))).isEqualTo("Rejected");
        assertThat(status(plain, "SetNetworkProfile", networkProfile(1, secureUrl, 1))).isEqualTo("Rejected");
        // No client certificate: no profile 3.
        assertThat(status(plain, "SetNetworkProfile", networkProfile(1, secureUrl, 3))).isEqualTo("Rejected");
        assertThat(status(plain, "SetNetworkProfile", networkProfile(2, secureUrl, 2))).isEqualTo("Accepted");
    }

    @Test
    void a201StationRefusesAPriorityNamingAnEmptySlot() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP201);
        started(OcppVersion.OCPP201, plain, null);

        assertThat(setVariable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"))
                .isEqualTo("Rejected");
        assertThat(setVariable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "0,7"))
                .isEqualTo("Rejected");
        assertThat(variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("0");
    }

    @Test
    void a201StationThatCannotReachTheNewSlotFallsBackAndBootsOnTheOldOne() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP201);
        MockCsms gone = secure(OcppVersion.OCPP201);
        gone.close();
        started(OcppVersion.OCPP201, plain, null);
        long firstBoot = plain.journal().last("BootNotification").orElseThrow().sequence();
        assertThat(status(plain, "InstallCertificate", "{'certificateType':'CSMSRootCertificate',"
                + "'certificate':'" + rootPem + "'}")).isEqualTo("Accepted");
        assertThat(status(plain, "SetNetworkProfile", networkProfile(1, gone.url(), 2))).isEqualTo("Accepted");
        assertThat(setVariable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"))
                .isEqualTo("RebootRequired");

        // B10: one attempt only, then back to the slot before.
        assertThat(setVariable(plain, "OCPPCommCtrlr", "NetworkProfileConnectionAttempts", "1"))
                .isEqualTo("Accepted");
        assertThat(status(plain, "Reset", "{'type':'Immediate'}")).isEqualTo("Accepted");

        // B10: after the attempts on slot 1 the station boots on slot 0 again, and reports its profile.
        assertThat(plain.journal().await(e -> e.action().equals("BootNotification") && e.sequence() > firstBoot
                && e.answered(), WAIT)).as("a second BootNotification at the plain mock").isPresent();
        assertThat(variable(plain, "SecurityCtrlr", "SecurityProfile")).isEqualTo("1");
        assertThat(station.securityProfile()).isEqualTo(1);
        assertThat(variable(plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("1,0");
        assertThat(failedAttempts.get()).as("attempts on the unreachable slot").isEqualTo(1);
    }

    @Test
    void a201ResetThatChangesNoNetworkProfileBootsAgainOnTheSameConnection() throws Exception {
        MockCsms plain = plain(OcppVersion.OCPP201);
        started(OcppVersion.OCPP201, plain, null);

        assertThat(status(plain, "Reset", "{'type':'OnIdle'}")).isEqualTo("Accepted");

        // B11: the station reboots; no other slot is first, so it boots again where it is, saying why.
        assertThat(plain.journal().await(e -> e.action().equals("BootNotification") && e.answered()
                && "RemoteReset".equals(e.request().path("reason").asText()), WAIT)).isPresent();
        assertThat(plain.journal().exchanges("BootNotification")).hasSize(2);
        assertThat(station.isConnected()).isTrue();
        assertThat(station.securityProfile()).isEqualTo(1);
    }

    @Test
    void eachVersionListsTheCsmsRootsItHoldsDeletesOneAndRefusesACertificateForAKeyItDidNotKeep() throws Exception {
        String serial = pki.root().getSerialNumber().toString(16);
        for (OcppVersion version : List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
            MockCsms plain = plain(version);
            started(version, plain, null);
            boolean v16 = version == OcppVersion.OCPP16;
            String list = v16 ? "{'certificateType':'CentralSystemRootCertificate'}"
                    : "{'certificateType':['CSMSRootCertificate']}";
            assertThat(status(plain, "GetInstalledCertificateIds", list)).as(version + " none yet")
                    .isEqualTo("NotFound");
            assertThat(status(plain, "InstallCertificate", "{'certificateType':'" + (v16
                    ? "CentralSystemRootCertificate" : "CSMSRootCertificate") + "','certificate':'" + rootPem + "'}"))
                    .isEqualTo("Accepted");

            ObjectNode ids = call(plain, "GetInstalledCertificateIds", list);
            assertThat(ids.path("status").asText()).isEqualTo("Accepted");
            JsonNode hash = v16 ? ids.at("/certificateHashData/0")
                    : ids.at("/certificateHashDataChain/0/certificateHashData");
            assertThat(hash.path("serialNumber").asText()).isEqualTo(serial);
            assertThat(hash.path("hashAlgorithm").asText()).isEqualTo("SHA256");
            String delete = "{'certificateHashData':" + hash.toString().replace('"', '\'') + "}";
            assertThat(status(plain, "DeleteCertificate", delete)).as(version.toString()).isEqualTo("Accepted");
            assertThat(status(plain, "DeleteCertificate", delete)).as(version + " gone").isEqualTo("NotFound");
            assertThat(status(plain, "GetInstalledCertificateIds", list)).isEqualTo("NotFound");
            assertThat(status(plain, "CertificateSigned", "{'certificateChain':'" + rootPem + "'}"))
                    .isEqualTo("Rejected");
            station.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private MockCsms plain(OcppVersion version) {
        return opened(MockCsms.builder(version).webSocket().password(PASSWORD).build());
    }

    private MockCsms secure(OcppVersion version) {
        return opened(MockCsms.builder(version).tls(serverContext).password(PASSWORD).build());
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.push(closeable);
        return closeable;
    }

    /** A station on profile 1 at {@code plain}, booted; 1.6 knows {@code secureEndpoint} when given. */
    private void started(OcppVersion version, MockCsms plain, URI secureEndpoint) throws Exception {
        SimulatedStation.Builder b = SimulatedStation.builder(version).identity(ID).endpoint(plain.url())
                .password(PASSWORD).retryBackOff(new RetryBackOff(Duration.ofMillis(50), Duration.ZERO, 0))
                .onConnectionEvent(e -> {
                    if (e instanceof ConnectionEvent.ConnectFailed) {
                        failedAttempts.incrementAndGet();
                    }
                });
        if (secureEndpoint != null) {
            b.secureEndpoint(secureEndpoint);
        }
        station = opened(b.build());
        station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        plain.awaitStation(ID, WAIT);
    }

    private static ObjectNode call(MockCsms csms, String action, String payload) throws Exception {
        return csms.callRaw(ID, action, json(payload.replace('\'', '"'))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String status(MockCsms csms, String action, String payload) throws Exception {
        return call(csms, action, payload).path("status").asText();
    }

    private static String configuredProfile(MockCsms csms) throws Exception {
        return call(csms, "GetConfiguration", "{'key':['SecurityProfile']}").path("configurationKey").path(0)
                .path("value").asText();
    }

    private static String variable(MockCsms csms, String component, String variable) throws Exception {
        ObjectNode r = call(csms, "GetVariables", "{'getVariableData':[{'component':{'name':'" + component + "'},"
                + "'variable':{'name':'" + variable + "'}}]}");
        return r.path("getVariableResult").path(0).path("attributeValue").asText();
    }

    private static String setVariable(MockCsms csms, String component, String variable, String value)
            throws Exception {
        ObjectNode r = call(csms, "SetVariables", "{'setVariableData':[{'attributeValue':'" + value + "',"
                + "'component':{'name':'" + component + "'},'variable':{'name':'" + variable + "'}}]}");
        return r.path("setVariableResult").path(0).path("attributeStatus").asText();
    }

    private static String networkProfile(int slot, URI url, int securityProfile) {
        return "{'configurationSlot':" + slot + ",'connectionData':{'ocppVersion':'OCPP20','ocppTransport':'JSON',"
                + "'ocppCsmsUrl':'" + url + "','messageTimeout':30,'securityProfile':" + securityProfile
                + ",'ocppInterface':'Wired0'}}";
    }
}
