package dev.ocpp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.StationIdentities;
import org.junit.jupiter.api.Test;

/** The identity rules by version: OCPP 2.0.1 Part 4 §3.1.1, the documented 1.6 set, never a control character. */
class IdentityRulesTest {

    private final IdentityRules rules = IdentityRules.defaults();

    @Test
    void controlCharactersAreRefusedOnEveryVersionAndWithoutOne() {
        for (String id : new String[] {"CP\n1", "CP\r1", "CP\t1", "CP\u00001", "CP\u001b1", "CP\u007f1", "CP\u00851"}) {
            assertThat(rules.violation(id, OcppVersion.OCPP16)).as(id).isPresent();
            assertThat(rules.violation(id, OcppVersion.OCPP201)).as(id).isPresent();
            assertThat(rules.violation(id, OcppVersion.OCPP21)).as(id).isPresent();
            assertThat(rules.violation(id, null)).as(id).isPresent();
        }
        IdentityRules anything = IdentityRules.builder().ocpp16Characters(c -> true).build();
        assertThat(anything.violation("CP\n1", OcppVersion.OCPP16)).isPresent();
        assertThat(anything.violation("CP/1", OcppVersion.OCPP16)).isEmpty();
    }

    @Test
    void ocpp201AllowsTheIdentifierStringWithoutColonUpTo48() {
        assertThat(rules.violation("CP-1_*=+|@.aZ09", OcppVersion.OCPP201)).isEmpty();
        assertThat(rules.violation("C".repeat(48), OcppVersion.OCPP201)).isEmpty();
        assertThat(rules.violation("C".repeat(49), OcppVersion.OCPP201)).isPresent();
        for (String id : new String[] {"CP:1", "RDAM 123", "CP#1", "CP/1", "CP\\1", "CP\u00e91", "CP%1", ""}) {
            assertThat(rules.violation(id, OcppVersion.OCPP201)).as(id).isPresent();
        }
    }

    @Test
    void ocpp16AllowsPrintableAsciiExceptPathSeparatorsUpTo255() {
        assertThat(rules.violation("RDAM 123", OcppVersion.OCPP16)).isEmpty();
        assertThat(rules.violation("CP:1#~!", OcppVersion.OCPP16)).isEmpty();
        assertThat(rules.violation("C".repeat(255), OcppVersion.OCPP16)).isEmpty();
        assertThat(rules.violation("C".repeat(256), OcppVersion.OCPP16)).isPresent();
        for (String id : new String[] {"CP/1", "CP\\1", "CP\u00e91", "CP\u20281"}) {
            assertThat(rules.violation(id, OcppVersion.OCPP16)).as(id).isPresent();
            assertThat(rules.violation(id, null)).as(id).isPresent();
        }
    }

    @Test
    void violationNeverRepeatsTheIdentity() {
        assertThat(rules.violation("CP\nADMIN connected", OcppVersion.OCPP16)).get().asString()
                .doesNotContain("ADMIN").doesNotContain("\n");
    }

    @Test
    @SuppressWarnings("deprecation")
    void stationIdentitiesOcpp201ViolationChecksTheCharacterSet() {
        assertThat(StationIdentities.ocpp201Violation("RDAM 123")).isPresent();
        assertThat(StationIdentities.ocpp201Violation("CP\n1")).isPresent();
        assertThat(StationIdentities.ocpp201Violation("CP-1")).isEmpty();
    }
}
