package dev.ocpp.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Role;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    /** Spec numbers only: 1.6 core and OCPP-J sections, 2.0.1 use cases and requirements, Part 4 sections. */
    private static final Pattern REQUIREMENT = Pattern.compile(
            "1\\.6 §\\d+(\\.\\d+)*|1\\.6-J §\\d+(\\.\\d+)*|2\\.0\\.1-J §\\d+(\\.\\d+)*|[A-P]\\d{2}(\\.FR\\.\\d{2})?"
                    + "|2\\.0\\.1 block [A-P]");

    @Test
    void catalogueHasAtLeastFortyScenariosWithUniqueIds() {
        List<Scenario> all = Catalogue.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        assertThat(all).extracting(Scenario::id).doesNotHaveDuplicates();
        assertThat(Catalogue.byId("CSMS-B01-boot-accepted")).isPresent();
    }

    /**
     * The behaviours issue 16 names, each with the scenarios that check it, for both roles where both have a part.
     * The security-profile upgrade is played whole (a new connection on the higher profile) and its converse, that
     * the profile cannot be lowered, on its own.
     */
    @Test
    void theCatalogueChecksTheBehavioursTheTestkitIssueNames() {
        java.util.Map<String, List<String>> topics = new java.util.LinkedHashMap<>();
        topics.put("boot accepted / pending / rejected", List.of("CSMS-B01-boot-accepted", "STATION-B01-boot-first",
                "STATION-B02-pending-boots-again", "STATION-B03-rejected-boot"));
        topics.put("heartbeat", List.of("CSMS-G02-heartbeat", "STATION-G02-heartbeat"));
        topics.put("authorize", List.of("CSMS-C01-authorize"));
        topics.put("local start/stop", List.of("CSMS-E01-local-start-stop", "STATION-E-local-start-stop"));
        topics.put("remote start/stop", List.of("CSMS-F01-remote-start", "CSMS-F03-remote-stop",
                "STATION-F01-remote-start", "STATION-F03-remote-stop"));
        topics.put("reset", List.of("CSMS-B11-reset", "STATION-B11-reset"));
        topics.put("change availability", List.of("CSMS-G-change-availability", "STATION-G-change-availability"));
        topics.put("unlock", List.of("CSMS-F05-unlock-connector", "STATION-F05-unlock-connector"));
        topics.put("trigger message", List.of("CSMS-F06-trigger-heartbeat", "STATION-F06-trigger-heartbeat"));
        topics.put("meter values", List.of("CSMS-J01-meter-values"));
        topics.put("offline queueing and replay", List.of("CSMS-E04-offline-replay", "STATION-E04-offline-queue"));
        topics.put("retries", List.of("CSMS-E13-transaction-message-retry", "STATION-E13-retry"));
        topics.put("reservation", List.of("CSMS-H01-reserve-now", "STATION-H01-reservation"));
        topics.put("local auth list", List.of("CSMS-D01-send-local-list", "STATION-D01-local-list"));
        topics.put("set/clear charging profile", List.of("CSMS-K01-set-charging-profile",
                "CSMS-K10-clear-charging-profile", "STATION-K01-charging-profile"));
        topics.put("get log", List.of("CSMS-N01-get-log", "STATION-N01-get-log"));
        topics.put("firmware update with signature", List.of("CSMS-L01-signed-firmware-update",
                "STATION-L01-signed-firmware"));
        topics.put("certificate signing", List.of("CSMS-A02-sign-certificate", "STATION-A02-certificate-signing"));
        topics.put("data transfer", List.of("CSMS-P02-data-transfer"));
        topics.put("security profile upgrade", List.of("STATION-A05-security-profile",
                "STATION-A05-security-profile-upgrade"));
        topics.put("boot gating", List.of("CSMS-B01-boot-gating", "STATION-B01-boot-first",
                "STATION-B03-rejected-boot"));
        topics.put("malformed-frame handling", List.of("CSMS-RPC-invalid-payload", "CSMS-RPC-unknown-action",
                "CSMS-RPC-non-json-frame", "STATION-RPC-unknown-action", "STATION-RPC-invalid-payload"));
        topics.forEach((topic, ids) -> assertThat(ids).as(topic)
                .allSatisfy(id -> assertThat(Catalogue.byId(id)).as(id).isPresent()));
    }

    @Test
    void everyRoleAndVersionHasScenarios() {
        for (Role role : Role.values()) {
            for (OcppVersion version : List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
                assertThat(Catalogue.forRole(role)).filteredOn(s -> s.appliesTo(version))
                        .as("%s %s", role, version).hasSizeGreaterThanOrEqualTo(8);
            }
        }
        assertThat(Catalogue.forRole(Role.CSMS)).allMatch(s -> s.id().startsWith("CSMS-"));
        assertThat(Catalogue.forRole(Role.STATION)).allMatch(s -> s.id().startsWith("STATION-"));
    }

    @Test
    void requirementsNameSpecNumbersOnly() {
        assertThat(Catalogue.all()).flatExtracting(Scenario::requirements)
                .allMatch(r -> REQUIREMENT.matcher(r).matches(), "a 1.6 section, a 2.0.1 id or a Part 4 section");
    }

    @Test
    void scenarioRefusesAnIdOfAnotherRoleAndEmptyRequirements() {
        assertThatThrownBy(() -> new Scenario("CSMS-B01-x", "t", Role.STATION, Set.of(OcppVersion.OCPP16),
                List.of("B01"), c -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scenario("CSMS-B01-x", "t", Role.CSMS, Set.of(OcppVersion.OCPP16),
                List.of(), c -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
