package dev.ocpp.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StationIdentitiesTest {

    @Test
    void identityIsTheSingleSegmentBelowThePrefixPercentDecoded() {
        assertThat(StationIdentities.fromPath("/ocpp/RDAM%20123", "/ocpp")).contains("RDAM 123");
        assertThat(StationIdentities.fromPath("/ocpp/CP+1", "/ocpp")).contains("CP+1");
        assertThat(StationIdentities.fromPath("/ocpp/CP001?x=1", "/ocpp")).contains("CP001");
        assertThat(StationIdentities.fromPath("/CP001", "")).contains("CP001");
    }

    @Test
    void pathsWithoutAUsableIdentityYieldNothing() {
        assertThat(StationIdentities.fromPath("/ocpp/", "/ocpp")).isEmpty();
        assertThat(StationIdentities.fromPath("/ocpp", "/ocpp")).isEmpty();
        assertThat(StationIdentities.fromPath("/other/CP1", "/ocpp")).isEmpty();
        assertThat(StationIdentities.fromPath("/ocpp/a/b", "/ocpp")).isEmpty();
        assertThat(StationIdentities.fromPath("/ocpp/bad%2", "/ocpp")).isEmpty();
        assertThat(StationIdentities.fromPath("/ocpp/bad%zz", "/ocpp")).isEmpty();
        assertThat(StationIdentities.fromPath("/ocpp/%C3%28", "/ocpp")).as("invalid UTF-8").isEmpty();
    }

    @Test
    void ocpp201RulesForbidColonsAndMoreThan48Characters() {
        assertThat(StationIdentities.ocpp201Violation("CP:1")).isPresent();
        assertThat(StationIdentities.ocpp201Violation("C".repeat(49))).isPresent();
        assertThat(StationIdentities.ocpp201Violation("C".repeat(48))).isEmpty();
        assertThat(StationIdentities.ocpp201Violation("CP-1_*=+|@.")).isEmpty();
    }

    @Property(tries = 500)
    void anyIdentityEncodesIntoAValidUriAndDecodesBack(@ForAll @StringLength(min = 1, max = 60) String identity) {
        String segment = StationIdentities.encode(identity);
        URI uri = URI.create("ws://127.0.0.1:9000/ocpp/" + segment);
        assertThat(StationIdentities.fromPath(uri.getRawPath(), "/ocpp")).contains(identity);
    }
}
