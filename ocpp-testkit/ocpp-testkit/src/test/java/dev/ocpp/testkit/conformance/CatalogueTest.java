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
    void catalogueHasAtLeastTwentyScenariosWithUniqueIds() {
        List<Scenario> all = Catalogue.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(all).extracting(Scenario::id).doesNotHaveDuplicates();
        assertThat(Catalogue.byId("CSMS-B01-boot-accepted")).isPresent();
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
