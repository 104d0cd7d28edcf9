package dev.ocpp.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.CallTimeoutException;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.VirtualClock;
import dev.ocpp.v16.messages.DataTransferRequest;
import dev.ocpp.v16.messages.HeartbeatRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of frame fault between a {@link SimulatedStation} and a {@link MockCsms} in memory, both on one
 * {@link VirtualClock}, so that call timeouts, delays and back-offs pass only as the test advances it.
 */
class FaultsInMemoryTest {

    private static final String ID = "CP-F";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T08:00:00Z"));
    MockCsms csms;
    Tap tap;
    FaultyTransport faulty;
    SimulatedStation station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        if (faulty != null) {
            faulty.close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    /** A mock and a station of {@code version} on the virtual clock, the station connecting through the plan. */
    private SimulatedStation station(OcppVersion version, FaultPlan plan) {
        csms = MockCsms.builder(version).clock(clock).callTimeout(CALL_TIMEOUT).build();
        tap = new Tap(csms.stationTransport());
        faulty = Faults.wrap(tap, plan.scheduler(clock));
        // No status reports: the plans count frames, and the station sends only what each test asks for.
        station = SimulatedStation.builder(version).identity(ID).endpoint(csms.url()).transport(faulty)
                .clock(clock).callTimeout(CALL_TIMEOUT).statusReports(false).build();
        return station;
    }

    private SimulatedStation started(OcppVersion version, FaultPlan plan) throws Exception {
        station(version, plan).start().get(10, TimeUnit.SECONDS);
        return station;
    }

    /** Waits (real time, up to 10 s) for a condition that other threads make true. */
    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(2);
        }
    }

    /**
     * Advances the virtual clock a second at a time until {@code condition} holds (the engine plans retries on its
     * own threads, so each step gives them a moment); fails after 10 s of real time.
     */
    private void advanceUntil(BooleanSupplier condition, String what) throws InterruptedException {
        advanceUntil(condition, Duration.ofSeconds(1), what);
    }

    private void advanceUntil(BooleanSupplier condition, Duration step, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s of real time (virtual time now " + clock.instant() + "): "
                        + what + "; decisions " + faulty.decisionLog());
            }
            clock.advance(step);
            Thread.sleep(1);
        }
    }

    private List<Exchange> csmsSaw(String action) {
        return csms.journal().exchanges(action);
    }

    private boolean logged(String fragment) {
        return faulty.decisionLog().stream().anyMatch(l -> l.contains(fragment));
    }

    @Test
    void droppedBootNotificationAnswerTimesOutAndTheStationBootsAgain() throws Exception {
        CompletableFuture<Void> accepted = station(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .drop(FrameMatch.results("BootNotification").received(), Frequency.once())).start();
        eventually(() -> logged("dropped"), "the first BootNotification answer dropped");

        clock.advance(CALL_TIMEOUT);
        assertThat(accepted).isNotDone();
        assertThat(station.registrationStatus()).isEmpty();
        advanceUntil(accepted::isDone, "the second BootNotification accepted");

        accepted.get(10, TimeUnit.SECONDS);
        assertThat(csmsSaw("BootNotification")).hasSize(2).allMatch(Exchange::answered);
        assertThat(station.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        assertThat(faulty.decisionLog()).containsExactly(
                "conn 1 frame 2 IN CALLRESULT BootNotification: dropped (rule 1)");
    }

    @Test
    void duplicatedCallReachesTheCsmsTwiceWithOneMessageId() throws Exception {
        started(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .duplicateCall(FrameMatch.calls("Heartbeat").sent(), Frequency.once()));

        CompletableFuture<?> call = station.call(new HeartbeatRequest());
        eventually(() -> csmsSaw("Heartbeat").size() == 2, "two Heartbeat CALLs at the CSMS");

        List<Exchange> heartbeats = csmsSaw("Heartbeat");
        String id = heartbeats.get(0).messageId();
        assertThat(heartbeats.get(1).messageId()).isEqualTo(id);
        // The CSMS answers both: a CALLRESULT, and for a copy that comes while the first is still being handled a
        // CALLERROR (OCPP-J 1.6 §4.2.3); the station's call ends with whichever comes first.
        eventually(() -> answersTo(id) == 2, "two answers to the duplicated CALL");
        call.handle((x, e) -> null).get(10, TimeUnit.SECONDS);
        // Once only: the next Heartbeat goes once.
        station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS);
        eventually(() -> csmsSaw("Heartbeat").size() == 3, "the third Heartbeat CALL");
        assertThat(faulty.decisionLog()).containsExactly("conn 1 frame 3 OUT CALL Heartbeat: duplicated (rule 1)");
    }

    @Test
    void answerLaterThanTheCallTimeoutEndsTheCallWithATimeoutAndIsIgnored() throws Exception {
        started(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .answerLate("Heartbeat", Duration.ofSeconds(40), Frequency.once()));

        CompletableFuture<?> late = station.call(new HeartbeatRequest());
        eventually(() -> logged("answered late by 40000 ms"), "the Heartbeat answer held");
        clock.advance(CALL_TIMEOUT);
        assertThatTimedOut(late);

        assertThat(station.journal().exchanges("Heartbeat").get(0).answered()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        // The late CALLRESULT did reach the station (its journal pairs it), after the timeout; the engine ignored it.
        eventually(() -> station.journal().exchanges("Heartbeat").get(0).answered(), "the late answer received");
        assertThat(station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(csms.journal().malformed()).isEmpty();
    }

    @Test
    void answerWithAnUnknownMessageIdAnswersNothingAndTheCallTimesOut() throws Exception {
        started(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .rewriteAnswerId(FrameMatch.results("Heartbeat").received(), Frequency.once()));

        CompletableFuture<?> call = station.call(new HeartbeatRequest());
        eventually(() -> logged("message id rewritten to fault-"), "the answer's id rewritten");
        eventually(() -> tap.received.size() == 2, "the answer on the wire");
        assertThat(call).isNotDone();

        clock.advance(CALL_TIMEOUT);
        assertThatTimedOut(call);
        // The engine ignores an answer to no CALL of its own: it sends nothing back (OCPP-J has no reply to answers).
        assertThat(csmsSaw("Heartbeat")).hasSize(1);
        assertThat(csms.journal().malformed()).isEmpty();
        assertThat(station.isConnected()).isTrue();
    }

    @Test
    void callWithAPayloadThatIsNotAnObjectIsAnsweredFormationViolationOn16() throws Exception {
        String bad = "[2,\"bad-1\",\"Heartbeat\",\"not an object\"]";
        started(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .inject(FrameMatch.calls("Heartbeat").sent(), FaultPlan.Position.BEFORE, bad, Frequency.once()));

        station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS);

        eventually(() -> answerTo("bad-1") != null, "the CSMS's answer to the malformed CALL");
        JsonNode error = answerTo("bad-1");
        assertThat(error.get(0).asInt()).isEqualTo(4);
        assertThat(error.get(2).asText()).isEqualTo("FormationViolation");
        assertThat(csms.journal().malformed()).containsExactly(bad);
        assertThat(csmsSaw("Heartbeat")).hasSize(1).allMatch(Exchange::answered);
    }

    @Test
    void frameThatIsNotJsonIsAnsweredRpcFrameworkErrorWithIdMinusOneOn201() throws Exception {
        started(OcppVersion.OCPP201, FaultPlan.seeded(1)
                .inject(FrameMatch.calls("Heartbeat").sent(), FaultPlan.Position.AFTER, "this is not json",
                        Frequency.once()));

        station.call(new dev.ocpp.v201.messages.HeartbeatRequest()).get(10, TimeUnit.SECONDS);

        eventually(() -> answerTo("-1") != null, "the CSMS's answer to the malformed frame");
        JsonNode error = answerTo("-1");
        assertThat(error.get(0).asInt()).isEqualTo(4);
        assertThat(error.get(2).asText()).isEqualTo("RpcFrameworkError");
        assertThat(csms.journal().malformed()).containsExactly("this is not json");
    }

    @Test
    void connectionCutAfterTheBootIsReconnectedWithoutAnotherBoot() throws Exception {
        started(OcppVersion.OCPP16, FaultPlan.seeded(1).cutAfterFrames(2, Frequency.once()));
        eventually(() -> !station.isConnected(), "the connection cut");

        advanceUntil(station::isConnected, "the station reconnected");
        station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS);

        assertThat(faulty.attempts()).isEqualTo(2);
        assertThat(faulty.decisionLog()).containsExactly("conn 1 frame 2: connection cut after 2 frames (rule 1)");
        // A reconnect is not a reboot (OCPP-J 1.6 §5.4).
        assertThat(csmsSaw("BootNotification")).hasSize(1);
        assertThat(csmsSaw("Heartbeat")).hasSize(1);
    }

    @Test
    void halfOpenConnectionDeliversNothingEitherWayYetStaysOpen() throws Exception {
        started(OcppVersion.OCPP16, FaultPlan.seeded(1).halfOpenAfterFrames(2, Frequency.once()));
        int received = tap.received.size();

        CompletableFuture<?> fromStation = station.call(new HeartbeatRequest());
        CompletableFuture<?> fromCsms = csms.call(ID, new DataTransferRequest().withVendorId("dev.ocpp"));
        eventually(() -> faulty.decisionLog().size() == 3, "both frames lost");

        clock.advance(CALL_TIMEOUT);
        assertThatTimedOut(fromStation);
        assertThatTimedOut(fromCsms);
        assertThat(csmsSaw("Heartbeat")).isEmpty();
        assertThat(station.journal().exchanges("DataTransfer")).isEmpty();
        assertThat(tap.received).hasSize(received + 1); // the CSMS's CALL reached the wire, not the station
        assertThat(station.isConnected()).isTrue();
        assertThat(csms.connectedStations()).containsExactly(ID);
        assertThat(faulty.decisionLog()).startsWith("conn 1 frame 2: connection half-open from now on after 2 frames"
                + " (rule 1)");
    }

    @Test
    void refusedHandshakeIsRetriedAndThenAccepted() throws Exception {
        CompletableFuture<Void> accepted = station(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .refuseHandshakes(401, Frequency.once())).start();
        eventually(() -> faulty.attempts() == 1, "the first attempt");
        assertThat(station.isConnected()).isFalse();

        advanceUntil(accepted::isDone, "the station connected and booted");

        accepted.get(10, TimeUnit.SECONDS);
        assertThat(faulty.attempts()).isEqualTo(2);
        assertThat(faulty.decisionLog()).containsExactly("attempt 1: handshake refused with HTTP 401 (rule 1)");
        assertThat(csms.connectedStations()).containsExactly(ID);
    }

    @Test
    void delayedFrameArrivesOnlyOnceTheVirtualClockPassesTheDelay() throws Exception {
        started(OcppVersion.OCPP16, FaultPlan.seeded(1)
                .delay(FrameMatch.calls("Heartbeat").sent(), Duration.ofSeconds(5), Frequency.always()));

        CompletableFuture<?> call = station.call(new HeartbeatRequest());
        eventually(() -> logged("delayed 5000 ms"), "the Heartbeat held");
        clock.advance(Duration.ofSeconds(4));
        assertThat(csmsSaw("Heartbeat")).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        call.get(10, TimeUnit.SECONDS);
        assertThat(csmsSaw("Heartbeat")).hasSize(1);
    }

    @Test
    void sameSeedMakesTheSameDecisionsAndAnotherSeedOthers() throws Exception {
        List<String> first = heartbeatsUnder(42);
        stop();
        List<String> again = heartbeatsUnder(42);
        stop();
        List<String> other = heartbeatsUnder(7);

        assertThat(first).isNotEmpty().isEqualTo(again);
        assertThat(other).isNotEqualTo(first);
    }

    /** Twelve Heartbeats through a plan that drops each with p = 0.5 and delays the answers up to 5 s. */
    private List<String> heartbeatsUnder(long seed) throws Exception {
        csms = null;
        station = null;
        faulty = null;
        started(OcppVersion.OCPP16, FaultPlan.seeded(seed)
                .drop(FrameMatch.calls("Heartbeat").sent(), Frequency.probability(0.5))
                .delayUpTo(FrameMatch.results("Heartbeat").received(), Duration.ofSeconds(5), Frequency.always()));
        for (int i = 1; i <= 12; i++) {
            int heartbeats = i;
            // The station's heartbeat timer (the mock's default interval), after a dropped one's call timeout too.
            advanceUntil(() -> csmsSaw("Heartbeat").size() + dropped() == heartbeats, Duration.ofSeconds(10),
                    "heartbeat " + heartbeats);
        }
        return faulty.decisionLog();
    }

    private long dropped() {
        return faulty.decisionLog().stream().filter(l -> l.endsWith("dropped (rule 1)")).count();
    }

    /** How many frames the CSMS sent with message id {@code id}, as the station's wire received them. */
    private long answersTo(String id) {
        return tap.received.stream().filter(t -> t.startsWith("[3,\"" + id + "\"") || t.startsWith("[4,\"" + id + "\""))
                .count();
    }

    /** The frame the CSMS sent with message id {@code id}, as the station's wire received it; or null. */
    private JsonNode answerTo(String id) {
        for (String text : tap.received) {
            try {
                JsonNode frame = OcppJson.mapper().readTree(text);
                if (frame.isArray() && frame.size() > 1 && id.equals(frame.get(1).asText())) {
                    return frame;
                }
            } catch (Exception e) {
                // not JSON: not what we are looking for
            }
        }
        return null;
    }

    private static void assertThatTimedOut(CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(10, TimeUnit.SECONDS);
            Assertions.fail("the call was answered: " + call);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallTimeoutException.class);
        } catch (java.util.concurrent.TimeoutException e) {
            Assertions.fail("the call did not time out on the virtual clock");
        }
    }
}
