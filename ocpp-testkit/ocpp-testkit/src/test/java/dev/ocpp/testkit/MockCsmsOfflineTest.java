package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link MockCsms#disconnect}, {@link MockCsms#refuse}, {@link MockCsms#awaitRefusal} and {@link MockCsms#admit}. */
class MockCsmsOfflineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RetryBackOff QUICK = new RetryBackOff(Duration.ofMillis(50), Duration.ofMillis(50), 1);

    @ParameterizedTest
    @EnumSource(value = OcppVersion.class, names = {"OCPP16", "OCPP201"})
    void aDisconnectedAndRefusedStationStaysOutUntilAdmittedAndComesBackWithoutBootingAgain(OcppVersion version)
            throws Exception {
        try (MockCsms mock = MockCsms.builder(version).webSocket().build();
                SimulatedStation station = SimulatedStation.builder(version).identity("CS-1").endpoint(mock.url())
                        .retryBackOff(QUICK).build()) {
            station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            mock.refuse("CS-1");
            mock.disconnect("CS-1").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(mock.connectedStations()).doesNotContain("CS-1");
            assertThat(mock.awaitRefusal("CS-1", WAIT)).isTrue();
            assertThat(mock.connectedStations()).doesNotContain("CS-1");

            mock.admit("CS-1");
            mock.awaitStation("CS-1", WAIT);
            station.whenConnected().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(mock.journal().exchanges("BootNotification")).hasSize(1);
        }
    }

    @Test
    void disconnectingAStationThatIsNotConnectedCompletesAtOnce() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            assertThat(mock.disconnect("nobody")).isCompleted();
        }
    }

    @Test
    void awaitRefusalSaysNoWhenTheStationNeverTried() throws Exception {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.refuse("CS-1");
            assertThat(mock.awaitRefusal("CS-1", Duration.ofMillis(100))).isFalse();
        }
    }
}
