package dev.ocpp.testkit.readme;

import static dev.ocpp.testkit.assertj.OcppAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.junit.OcppTest;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.types.ResetStatus;
import dev.ocpp.v16.types.ResetType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The testkit README's test of one's own station: the station under test (here the library's own 1.6 charge point,
 * standing in for the reader's) against a {@link MockCsms}. The marked region is the README's code block.
 */
@OcppTest(version = OcppVersion.OCPP16)
class YourStationTest {

    // tag::snippet[]
    @Test
    void bootsAndAcceptsAReset(MockCsms csms) throws Exception {
        Ocpp16CentralSystemSession station = Ocpp16ChargePoint.builder(csms.stationTransport()) // your station
                .endpoint(csms.url()).identity("CP001")
                .bootNotification(new BootNotificationRequest().withChargePointVendor("ACME").withChargePointModel("W1"))
                .on(ResetRequest.class, reset -> new ResetResponse().withStatus(ResetStatus.ACCEPTED))
                .build().start();

        assertThat(csms.takeCall(BootNotificationRequest.class, Duration.ofSeconds(5)).getChargePointVendor())
                .isEqualTo("ACME");
        ResetResponse reset = csms.call("CP001", new ResetRequest().withType(ResetType.SOFT)).get(5, TimeUnit.SECONDS);
        assertThat(reset.getStatus()).isEqualTo(ResetStatus.ACCEPTED);
        assertThat(csms.journal()).containsCallsInOrder("BootNotification", "Reset").allAnswered();
        station.close();
    }
    // end::snippet[]
}
