package dev.ocpp.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201Validation;
import org.junit.jupiter.api.Test;

/** The samples the protocol tests send must themselves be beyond reproach, or a failure would blame the peer. */
class Ocpp201SamplesTest {

    @Test
    void everyOcpp201ActionHasASampleRequestThatIsValidAgainstItsSchema() {
        assertThat(Ocpp201Samples.actions()).containsExactlyInAnyOrderElementsOf(Ocpp201Actions.ALL);
        for (String action : Ocpp201Samples.actions()) {
            assertThat(Ocpp201Validation.validator().validate(action, true, Ocpp201Samples.request(action)))
                    .as(action).isEmpty();
        }
    }

    @Test
    void theDirectionsSplitTheActionsAsTheSpecificationDoes() {
        assertThat(Ocpp201Samples.sentByChargingStation()).hasSize(25).contains("DataTransfer");
        assertThat(Ocpp201Samples.sentByCsms()).hasSize(40).contains("DataTransfer");
    }
}
