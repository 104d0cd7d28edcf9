package dev.ocpp.testkit.junit;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.VirtualClock;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sample test classes that {@link OcppTestkitExtensionTest} runs through the JUnit Platform launcher. Kept out of
 * the test class's own file, under a name surefire does not pick up, so that they run only there.
 */
final class ExtensionSamples {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** What the samples saw, for the assertions of the outer tests (samples run one at a time). */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    /** The configuration parameter the launcher of {@link OcppTestkitExtensionTest} sets. */
    static final String RUN_SAMPLES = "ocpp.testkit.runSamples";

    private ExtensionSamples() {
    }

    /**
     * Runs a sample only under the launcher of {@link OcppTestkitExtensionTest}: some fail on purpose, so a test
     * run that selects them by a broad pattern ({@code -Dtest='dev.ocpp.testkit.**'}) must leave them out.
     */
    static final class OnlyWhenLaunchedOnPurpose implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN_SAMPLES).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by OcppTestkitExtensionTest")
                    : ConditionEvaluationResult.disabled("a sample for OcppTestkitExtensionTest");
        }
    }

    @ExtendWith(OnlyWhenLaunchedOnPurpose.class)
    @OcppTest(version = OcppVersion.OCPP16)
    static class StationAgainstMockField {
        @Simulated
        MockCsms csms;
        boolean csmsSetBeforeEach;

        @CsmsEndpoint
        URI endpoint() {
            return csms.url();
        }

        @BeforeEach
        void before() {
            csmsSetBeforeEach = csms != null;
        }

        @Test
        void bootsInMemory(SimulatedStation station, InMemoryNetwork network) throws Exception {
            station.start().get(10, TimeUnit.SECONDS);
            SEEN.put("vendor", csms.takeCall(dev.ocpp.v16.messages.BootNotificationRequest.class, WAIT)
                    .getChargePointVendor());
            SEEN.put("identity", station.identity());
            SEEN.put("version", station.version());
            SEEN.put("beforeEach", csmsSetBeforeEach);
            SEEN.put("network", network);
            SEEN.put("station", station);
            SEEN.put("csms", csms);
        }
    }

    @ExtendWith(OnlyWhenLaunchedOnPurpose.class)
    @OcppTest
    static class VirtualTime {
        @Simulated
        MockCsms csms;

        @CsmsEndpoint
        URI endpoint() {
            return csms.url();
        }

        @Test
        void heartbeatOnTheSharedClock(VirtualClock clock, @Simulated(identity = "CS-CLOCK") SimulatedStation station)
                throws Exception {
            station.start().get(10, TimeUnit.SECONDS);
            SEEN.put("csmsClock", csms.clock().instant().equals(clock.instant()));
            clock.advance(Duration.ofSeconds(MockCsms.DEFAULT_HEARTBEAT_INTERVAL));
            csms.takeCall(dev.ocpp.v201.messages.HeartbeatRequest.class, WAIT);
            SEEN.put("heartbeat", true);
            SEEN.put("identity", station.identity());
        }
    }

    @ExtendWith(OnlyWhenLaunchedOnPurpose.class)
    @OcppTest(version = OcppVersion.OCPP16)
    static class OverWebSocket {
        @Test
        void mockOnLoopback(@Simulated(webSocket = true, version = OcppVersion.OCPP201) MockCsms csms)
                throws Exception {
            SEEN.put("url", csms.url());
            SEEN.put("version", csms.version());
            try (SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP201).identity("CS-WS")
                    .endpoint(csms.url()).build()) {
                station.start().get(10, TimeUnit.SECONDS);
                SEEN.put("status", station.registrationStatus().orElseThrow());
            }
        }
    }

    @ExtendWith(OnlyWhenLaunchedOnPurpose.class)
    @OcppTest(leakGraceMillis = 200)
    static class LeaksAThread {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Test
        void startsAThreadAndLeavesIt() {
            Thread t = new Thread(() -> {
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "left-running-by-the-test");
            t.start();
        }
    }

    @ExtendWith(OnlyWhenLaunchedOnPurpose.class)
    @OcppTest(leakCheck = false)
    static class LeaksAThreadWithTheCheckOff {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Test
        void startsAThreadAndLeavesIt() {
            new Thread(() -> {
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "left-running-with-the-check-off").start();
        }
    }

    @ExtendWith(OnlyWhenLaunchedOnPurpose.class)
    @OcppTest
    static class StationWithoutEndpoint {
        @Test
        void needsAnEndpoint(SimulatedStation station) {
        }
    }
}
