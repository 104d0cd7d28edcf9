package dev.ocpp.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.VirtualClock;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension behind {@link OcppTest}, run on sample test classes through the JUnit Platform launcher, so that
 * what it does to a test (inject, close, fail on a leak) is seen from outside.
 */
class OcppTestkitExtensionTest {

    private static TestExecutionSummary run(Class<?> sample) {
        ExtensionSamples.SEEN.clear();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        // A launcher of its own, with nothing registered from the class path: the surrounding test run (surefire)
        // must not see the samples as tests of its own, some of which fail on purpose.
        LauncherConfig config = LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build();
        LauncherFactory.create(config).execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(sample)).configurationParameter(ExtensionSamples.RUN_SAMPLES, "true").build(),
                listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder b = new StringBuilder();
        summary.getFailures().forEach(f -> b.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void fieldsAreInjectedBeforeBeforeEachAndParametersConnectThroughTheTestsNetwork() {
        TestExecutionSummary summary = run(ExtensionSamples.StationAgainstMockField.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
        assertThat(ExtensionSamples.SEEN).containsEntry("vendor", "dev.ocpp").containsEntry("identity", "CS-1")
                .containsEntry("version", OcppVersion.OCPP16).containsEntry("beforeEach", true);
        assertThat(ExtensionSamples.SEEN.get("network")).isNotNull();
        // After the test everything was closed: the station is gone from the mock, which no longer listens.
        assertThat(((SimulatedStation) ExtensionSamples.SEEN.get("station")).isConnected()).isFalse();
        assertThat(((MockCsms) ExtensionSamples.SEEN.get("csms")).connectedStations()).isEmpty();
    }

    @Test
    void aVirtualClockParameterDrivesEverySimulatorOfTheTest() {
        TestExecutionSummary summary = run(ExtensionSamples.VirtualTime.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
        assertThat(ExtensionSamples.SEEN).containsEntry("csmsClock", true).containsEntry("heartbeat", true)
                .containsEntry("identity", "CS-CLOCK");
    }

    @Test
    void simulatedOnAParameterOverridesTheTestsVersionAndTransport() {
        TestExecutionSummary summary = run(ExtensionSamples.OverWebSocket.class);

        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
        URI url = (URI) ExtensionSamples.SEEN.get("url");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(ExtensionSamples.SEEN).containsEntry("version", OcppVersion.OCPP201)
                .containsEntry("status", RegistrationStatus.ACCEPTED);
    }

    @Test
    void aThreadLeftRunningFailsTheTestNamingTheThread() {
        try {
            TestExecutionSummary summary = run(ExtensionSamples.LeaksAThread.class);

            assertThat(summary.getTestsFailedCount()).isEqualTo(1);
            Throwable failure = summary.getFailures().get(0).getException();
            assertThat(failure).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the test leaked")
                    .hasMessageContaining("thread \"left-running-by-the-test\"");
        } finally {
            ExtensionSamples.LeaksAThread.RELEASE.countDown();
        }
    }

    @Test
    void theLeakCheckCanBeTurnedOff() {
        try {
            TestExecutionSummary summary = run(ExtensionSamples.LeaksAThreadWithTheCheckOff.class);

            assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
        } finally {
            ExtensionSamples.LeaksAThreadWithTheCheckOff.RELEASE.countDown();
        }
    }

    @Test
    void aStationWithoutACsmsEndpointIsAConfigurationErrorThatSaysWhatIsMissing() {
        TestExecutionSummary summary = run(ExtensionSamples.StationWithoutEndpoint.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        List<String> messages = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertThat(String.join("\n", messages)).contains("@CsmsEndpoint");
    }
}
