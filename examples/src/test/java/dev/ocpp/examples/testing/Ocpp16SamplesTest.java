package dev.ocpp.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import org.junit.jupiter.api.Test;

/** The samples the protocol tests send must themselves be beyond reproach, or a failure would blame the peer. */
class Ocpp16SamplesTest {

    @Test
    void everyOcpp16ActionHasASampleRequestThatIsValidAgainstItsSchema() {
        assertThat(Ocpp16Samples.actions()).containsExactlyInAnyOrderElementsOf(Ocpp16Actions.ALL);
        for (String action : Ocpp16Samples.actions()) {
            assertThat(Ocpp16Validation.validator().validate(action, true, Ocpp16Samples.request(action)))
                    .as(action).isEmpty();
        }
    }

    @Test
    void theDirectionsSplitTheActionsAsTheSpecificationDoes() {
        assertThat(Ocpp16Samples.sentByChargePoint()).hasSize(14).contains("DataTransfer");
        assertThat(Ocpp16Samples.sentByCentralSystem()).hasSize(26).contains("DataTransfer");
    }
}
