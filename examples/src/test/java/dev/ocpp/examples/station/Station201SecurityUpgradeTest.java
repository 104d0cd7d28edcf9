package dev.ocpp.examples.station;

import static dev.ocpp.examples.station.UpgradeFixture.IDENTITY;
import static dev.ocpp.examples.station.UpgradeFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.DeleteCertificateRequest;
import dev.ocpp.v201.messages.GetInstalledCertificateIdsRequest;
import dev.ocpp.v201.messages.GetInstalledCertificateIdsResponse;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.InstallCertificateRequest;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.SetNetworkProfileRequest;
import dev.ocpp.v201.messages.SetVariablesRequest;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.CertificateHashDataChain;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.DeleteCertificateStatusEnum;
import dev.ocpp.v201.types.GetCertificateIdUseEnum;
import dev.ocpp.v201.types.GetInstalledCertificateStatusEnum;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.InstallCertificateStatusEnum;
import dev.ocpp.v201.types.InstallCertificateUseEnum;
import dev.ocpp.v201.types.NetworkConnectionProfile;
import dev.ocpp.v201.types.OCPPInterfaceEnum;
import dev.ocpp.v201.types.OCPPTransportEnum;
import dev.ocpp.v201.types.OCPPVersionEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import dev.ocpp.v201.types.SetNetworkProfileStatusEnum;
import dev.ocpp.v201.types.SetVariableData;
import dev.ocpp.v201.types.SetVariableStatusEnum;
import dev.ocpp.v201.types.Variable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example 2.0.1 station raises its security profile from 1 to 2 as A05 / B09 / B10 say: with the CSMS root
 * installed it takes a network profile of security profile 2 into a free slot, NetworkConfigurationPriority with that
 * slot first (RebootRequired), and on Reset boots on the secure mock CSMS, reports 2 and deletes the slot of profile 1
 * (A05.FR.06); without a prerequisite it refuses; when the new slot cannot be reached it falls back to slot 0.
 */
class Station201SecurityUpgradeTest {

    @Test
    void rebootsOntoTheSecureNetworkProfileAndDeletesTheLowerOne() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP201, true)) {
            fx.start(null);
            fx.plain.takeCall(BootNotificationRequest.class, WAIT);
            assertThat(get(fx.plain, "SecurityCtrlr", "SecurityProfile")).isEqualTo("1");
            assertThat(get(fx.plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("0");

            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatusEnum.ACCEPTED);
            // B09.FR.05: no slot 5; slot 0 is the profile in use.
            assertThat(setProfile(fx.plain, 5, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(setProfile(fx.plain, 0, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(setProfile(fx.plain, 1, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.ACCEPTED);
            assertThat(set(fx.plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"))
                    .isEqualTo(SetVariableStatusEnum.REBOOT_REQUIRED);
            // Nothing changes before the reboot.
            assertThat(get(fx.plain, "SecurityCtrlr", "SecurityProfile")).isEqualTo("1");
            assertThat(reset(fx.plain)).isEqualTo(ResetStatusEnum.ACCEPTED);

            // A reset is a reboot: the station boots on the new endpoint (B11/B12).
            BootNotificationRequest boot = fx.secure.takeCall(BootNotificationRequest.class, WAIT);
            assertThat(boot.getReason()).isEqualTo(BootReasonEnum.REMOTE_RESET);
            assertThat(get(fx.secure, "SecurityCtrlr", "SecurityProfile")).isEqualTo("2");
            fx.awaitOutput("Network profile slot 1 in use; deleted slot(s) [0] of a lower security profile");
            // A05.FR.06: the slot of profile 1 is gone; B09.FR.04: no profile below 2 is taken any more.
            assertThat(get(fx.secure, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("1");
            assertThat(setProfile(fx.secure, 0, fx.plain.url(), 1)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(set(fx.secure, "OCPPCommCtrlr", "NetworkConfigurationPriority", "0,1"))
                    .isEqualTo(SetVariableStatusEnum.REJECTED);
            // M03: the root is listed; M04.FR.06: the one connected with cannot be deleted.
            GetInstalledCertificateIdsResponse installed = fx.secure.call(IDENTITY,
                    new GetInstalledCertificateIdsRequest()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(installed.getStatus()).isEqualTo(GetInstalledCertificateStatusEnum.ACCEPTED);
            CertificateHashDataChain root = installed.getCertificateHashDataChain().get(0);
            assertThat(root.getCertificateType()).isEqualTo(GetCertificateIdUseEnum.CSMS_ROOT_CERTIFICATE);
            assertThat(fx.secure.call(IDENTITY, new DeleteCertificateRequest()
                            .withCertificateHashData(root.getCertificateHashData()))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                    .isEqualTo(DeleteCertificateStatusEnum.FAILED);
        }
    }

    @Test
    void rejectsANetworkProfileWhosePrerequisitesAreMissing() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP201, true)) {
            fx.start(null);
            // A05.FR.02: no CSMSRootCertificate yet.
            assertThat(setProfile(fx.plain, 1, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(install(fx.plain, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                    .isEqualTo(InstallCertificateStatusEnum.REJECTED);
            assertThat(setProfile(fx.plain, 1, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatusEnum.ACCEPTED);
            // Deleted again (M04): a network profile of security profile 2 has no root to trust.
            CertificateHashDataChain root = fx.plain.call(IDENTITY, new GetInstalledCertificateIdsRequest())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getCertificateHashDataChain().get(0);
            assertThat(fx.plain.call(IDENTITY, new DeleteCertificateRequest()
                            .withCertificateHashData(root.getCertificateHashData()))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                    .isEqualTo(DeleteCertificateStatusEnum.ACCEPTED);
            assertThat(fx.plain.call(IDENTITY, new GetInstalledCertificateIdsRequest())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                    .isEqualTo(GetInstalledCertificateStatusEnum.NOT_FOUND);
            assertThat(setProfile(fx.plain, 1, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatusEnum.ACCEPTED);
            // A05.FR.03: no station certificate for 3; a TLS profile needs wss://; B09.FR.04: nothing below 1.
            assertThat(setProfile(fx.plain, 1, fx.secure.url(), 3)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(setProfile(fx.plain, 1, fx.plain.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            assertThat(setProfile(fx.plain, 1, fx.plain.url(), 0)).isEqualTo(SetNetworkProfileStatusEnum.REJECTED);
            // Only configured slots may be listed.
            assertThat(set(fx.plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"))
                    .isEqualTo(SetVariableStatusEnum.REJECTED);
            assertThat(get(fx.plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("0");
            assertThat(get(fx.plain, "SecurityCtrlr", "SecurityProfile")).isEqualTo("1");
        }
    }

    @Test
    void fallsBackToSlotZeroWhenTheNewProfileIsUnreachable() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP201, false)) {
            fx.start(null);
            fx.plain.takeCall(BootNotificationRequest.class, WAIT);
            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatusEnum.ACCEPTED);
            assertThat(setProfile(fx.plain, 2, fx.secure.url(), 2)).isEqualTo(SetNetworkProfileStatusEnum.ACCEPTED);
            assertThat(set(fx.plain, "OCPPCommCtrlr", "NetworkProfileConnectionAttempts", "2"))
                    .isEqualTo(SetVariableStatusEnum.ACCEPTED);
            assertThat(set(fx.plain, "OCPPCommCtrlr", "NetworkConfigurationPriority", "2,0"))
                    .isEqualTo(SetVariableStatusEnum.REBOOT_REQUIRED);
            assertThat(reset(fx.plain)).isEqualTo(ResetStatusEnum.ACCEPTED);

            fx.awaitOutput("Could not connect on security profile 2 at " + fx.secure.url() + " in 2 attempt(s): "
                    + "fell back to security profile 1 at " + fx.plain.url());
            // B10.FR.07: back on the slot that worked, where the reboot's BootNotification goes.
            BootNotificationRequest boot = fx.plain.takeCall(BootNotificationRequest.class, WAIT);
            assertThat(boot.getReason()).isEqualTo(BootReasonEnum.REMOTE_RESET);
            assertThat(get(fx.plain, "SecurityCtrlr", "SecurityProfile")).isEqualTo("1");
            assertThat(get(fx.plain, "OCPPCommCtrlr", "NetworkConfigurationPriority")).isEqualTo("2,0");
        }
    }

    private static InstallCertificateStatusEnum install(MockCsms csms, String pem) throws Exception {
        return csms.call(IDENTITY, new InstallCertificateRequest()
                        .withCertificateType(InstallCertificateUseEnum.CSMS_ROOT_CERTIFICATE).withCertificate(pem))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus();
    }

    private static SetNetworkProfileStatusEnum setProfile(MockCsms csms, int slot, URI url, int securityProfile)
            throws Exception {
        return csms.call(IDENTITY, new SetNetworkProfileRequest().withConfigurationSlot(slot)
                        .withConnectionData(new NetworkConnectionProfile()
                                .withOcppVersion(OCPPVersionEnum.OCPP_20)
                                .withOcppTransport(OCPPTransportEnum.JSON)
                                .withOcppCsmsUrl(url.toString())
                                .withMessageTimeout(30)
                                .withSecurityProfile(securityProfile)
                                .withOcppInterface(OCPPInterfaceEnum.WIRED_0)))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus();
    }

    private static ResetStatusEnum reset(MockCsms csms) throws Exception {
        return csms.call(IDENTITY, new ResetRequest().withType(ResetEnum.ON_IDLE))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus();
    }

    private static String get(MockCsms csms, String component, String variable) throws Exception {
        return csms.call(IDENTITY, new GetVariablesRequest().withGetVariableData(List.of(new GetVariableData()
                        .withComponent(new Component().withName(component))
                        .withVariable(new Variable().withName(variable)))))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getGetVariableResult().get(0).getAttributeValue();
    }

    private static SetVariableStatusEnum set(MockCsms csms, String component, String variable, String value)
            throws Exception {
        return csms.call(IDENTITY, new SetVariablesRequest().withSetVariableData(List.of(new SetVariableData()
                        .withComponent(new Component().withName(component))
                        .withVariable(new Variable().withName(variable))
                        .withAttributeValue(value))))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getSetVariableResult().get(0).getAttributeStatus();
    }
}
