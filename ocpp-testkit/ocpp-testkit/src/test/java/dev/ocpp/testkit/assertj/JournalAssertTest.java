package dev.ocpp.testkit.assertj;

import static dev.ocpp.core.FrameListener.Direction.IN;
import static dev.ocpp.core.FrameListener.Direction.OUT;
import static dev.ocpp.testkit.assertj.OcppAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Journal;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal and exchange assertions pass when they should, fail when they should, and when they fail say what came
 * closest and show the exchanges as a diagram.
 */
class JournalAssertTest {

    private static final OcppVersion V16 = OcppVersion.OCPP16;

    /** A mock CSMS's journal: station CS-1 boots, reports, is started remotely; CS-2 sends an unanswered heartbeat. */
    private final Journal journal = new Journal(Role.CSMS, new VirtualClock(Instant.EPOCH).clock(), 1_000);
    private ExecutorService executor;

    @BeforeEach
    void recordAConversation() {
        exchange("CS-1", IN, "1", "BootNotification", "{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}",
                "{\"status\":\"Accepted\",\"currentTime\":\"2025-01-01T00:00:00Z\",\"interval\":300}");
        exchange("CS-1", IN, "2", "StatusNotification",
                "{\"connectorId\":0,\"status\":\"Available\",\"errorCode\":\"NoError\"}", "{}");
        exchange("CS-1", IN, "3", "StatusNotification",
                "{\"connectorId\":1,\"status\":\"Preparing\",\"errorCode\":\"NoError\"}", "{}");
        exchange("CS-1", OUT, "c1", "RemoteStartTransaction", "{\"idTag\":\"T1\",\"connectorId\":1}",
                "{\"status\":\"Accepted\"}");
        exchange("CS-1", IN, "4", "Authorize", "{\"idTag\":\"T1\"}", "{\"idTagInfo\":{\"status\":\"Accepted\"}}");
        journal.record("CS-1", V16, OUT, "[2,\"c2\",\"Reset\",{\"type\":\"Soft\"}]");
        journal.record("CS-1", V16, IN, "[4,\"c2\",\"FormationViolation\",\"bad\",{}]");
        journal.record("CS-2", V16, IN, "[2,\"1\",\"Heartbeat\",{}]");
        exchange("CS-1", IN, "5", "MeterValues", "{\"connectorId\":1,\"meterValue\":[{\"timestamp\":"
                + "\"2025-01-01T00:00:00Z\",\"sampledValue\":[{\"value\":\"10\"},{\"value\":\"20\","
                + "\"measurand\":\"Power.Active.Import\"}]}]}", "{}");
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A CALL travelling {@code direction} as the CSMS sees it, and its CALLRESULT travelling back. */
    private void exchange(String identity, dev.ocpp.core.FrameListener.Direction direction, String id, String action,
            String request, String response) {
        journal.record(identity, V16, direction, "[2,\"" + id + "\",\"" + action + "\"," + request + "]");
        journal.record(identity, V16, direction == IN ? OUT : IN, "[3,\"" + id + "\"," + response + "]");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> failure(ThrowingCallable assertion) {
        return assertThatThrownBy(assertion).isInstanceOf(AssertionError.class)
                .hasMessageContaining("\n\nexchanges as a Mermaid sequence diagram:\n```mermaid\nsequenceDiagram\n")
                .satisfies(e -> assertThat(e.getMessage()).endsWith("```"));
    }

    // ------------------------------------------------------------------------------------------------ hasCall

    @Test
    void hasCallPassesForACallTheCodeUnderTestSent() {
        assertThat(journal).hasCall("BootNotification")
                .hasCall(dev.ocpp.v16.messages.BootNotificationRequest.class)
                .hasCall(dev.ocpp.v201.messages.BootNotificationRequest.class)  // the same action name
                .hasReceivedCall("StatusNotification")
                .hasSentCall("RemoteStartTransaction")
                .hasCallFrom(Role.CSMS, "Reset")
                .hasCallFrom(Role.STATION, "Authorize");
    }

    @Test
    void hasCallFailsForTheSimulatorsOwnCallAndSaysWhoSentIt() {
        failure(() -> assertThat(journal).hasCall("Reset"))
                .hasMessageStartingWith("expected a CALL Reset from STATION\nbut none of the 8 exchanges recorded "
                        + "matched\nclosest:\n  #5 CS-1 Reset: sent by CSMS, not STATION\n");
        failure(() -> assertThat(journal).hasSentCall("Authorize"))
                .hasMessageContaining("#4 CS-1 Authorize: sent by STATION, not CSMS");
    }

    @Test
    void hasCallFailsForAnActionNeverSentAndListsAtMostThreeOthers() {
        failure(() -> assertThat(journal).hasCall(dev.ocpp.v16.messages.StartTransactionRequest.class))
                .hasMessageStartingWith("expected a CALL StartTransaction from STATION")
                .hasMessageContaining("action: expected \"StartTransaction\" but was ")
                .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.startsWith("  #"))).hasSize(3));
    }

    @Test
    void hasCallRefusesAClassThatIsNoOcppRequest() {
        assertThatThrownBy(() -> assertThat(journal).hasCall(String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
    }

    // ------------------------------------------------------------------------------------------------ matching

    @Test
    void hasCallMatchingLooksForASubsetNestedAndArraysByIndex() {
        assertThat(journal)
                .hasCallMatching("StatusNotification", "{\"connectorId\":1,\"status\":\"Preparing\"}")
                .hasCallMatching("MeterValues", "{\"connectorId\":1.0,\"meterValue\":[{\"sampledValue\":"
                        + "[{},{\"measurand\":\"Power.Active.Import\",\"value\":\"20\"}]}]}")
                .hasCallMatching("StatusNotification", "{\"info\":null}")
                .hasCallMatching(Role.CSMS, "RemoteStartTransaction", "{\"idTag\":\"T1\"}");
    }

    @Test
    void hasCallMatchingFailureShowsTheClosestCallsFieldByField() {
        failure(() -> assertThat(journal)
                .hasCallMatching("StatusNotification", "{\"connectorId\":1,\"status\":\"Charging\"}"))
                .hasMessageStartingWith("""
                        expected a CALL StatusNotification from STATION matching {"connectorId":1,"status":"Charging"}
                        but none of the 8 exchanges recorded matched
                        closest:
                          #2 CS-1 StatusNotification: status: expected "Charging" but was "Preparing"
                          #1 CS-1 StatusNotification: connectorId: expected 1 but was 0; \
                        status: expected "Charging" but was "Available"
                          #""")
                .hasMessageContaining(
                        "    S1->>CSMS: [2] StatusNotification {\"connectorId\":1,\"status\":\"Preparing\"");
    }

    @Test
    void nearMissesNameMissingNestedFieldsAndArrayElements() {
        failure(() -> assertThat(journal).hasCallMatching("MeterValues",
                "{\"meterValue\":[{\"sampledValue\":[{\"value\":\"10\"},{\"value\":\"21\"},{\"value\":\"30\"}]}]}"))
                .hasMessageContaining("#7 CS-1 MeterValues: meterValue[0].sampledValue[1].value: expected \"21\" "
                        + "but was \"20\"; meterValue[0].sampledValue[2]: expected {\"value\":\"30\"} but was absent");
    }

    @Test
    void nearMissLinesAreBoundedForHugePayloads() {
        String huge = "x".repeat(10_000);
        journal.record("CS-1", V16, IN, "[2,\"big\",\"DataTransfer\",{\"vendorId\":\"" + huge + "\"}]");

        failure(() -> assertThat(journal).hasCallMatching("DataTransfer", "{\"vendorId\":\"y\"}"))
                .satisfies(e -> assertThat(e.getMessage().lines()).allSatisfy(l -> assertThat(l).hasSizeLessThan(200)))
                .hasMessageContaining("vendorId: expected \"y\" but was \"" + "x".repeat(36) + "...\n");
    }

    @Test
    void partialJsonThatIsNotJsonIsRefusedAsAMistakeInTheTest() {
        assertThatThrownBy(() -> assertThat(journal).hasCallMatching("Authorize", "{idTag:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }

    // ------------------------------------------------------------------------------------------------ answers

    @Test
    void hasAnswerMatchingLooksAtCallResultsOfEitherSidesCalls() {
        assertThat(journal)
                .hasAnswerMatching("BootNotification", "{\"status\":\"Accepted\",\"interval\":300}")
                .hasAnswerMatching("RemoteStartTransaction", "{\"status\":\"Accepted\"}")
                .hasAnswerMatching("Authorize", "{\"idTagInfo\":{\"status\":\"Accepted\"}}");
    }

    @Test
    void hasAnswerMatchingFailureShowsTheAnswerThatCame() {
        failure(() -> assertThat(journal).hasAnswerMatching("BootNotification", "{\"status\":\"Rejected\"}"))
                .hasMessageStartingWith("expected a CALLRESULT matching {\"status\":\"Rejected\"} answering a CALL "
                        + "BootNotification\n")
                .hasMessageContaining("#0 CS-1 BootNotification: answer status: expected \"Rejected\" but was "
                        + "\"Accepted\"");
        failure(() -> assertThat(journal).hasAnswerMatching("Heartbeat", "{}"))
                .hasMessageContaining("#6 CS-2 Heartbeat: no answer");
        failure(() -> assertThat(journal).hasAnswerMatching("Reset", "{}"))
                .hasMessageContaining("#5 CS-1 Reset: answered by CALLERROR FormationViolation");
    }

    @Test
    void hasCallErrorKnowsEitherSpellingOfACodeOrTheExactWireCode() {
        assertThat(journal).hasCallError("Reset", ErrorCode.FORMAT_VIOLATION)
                .hasCallError("Reset", "FormationViolation");

        failure(() -> assertThat(journal).hasCallError("Reset", "FormatViolation"))
                .hasMessageContaining("#5 CS-1 Reset: error code: expected \"FormatViolation\" but was "
                        + "\"FormationViolation\"");
        failure(() -> assertThat(journal).hasCallError("Reset", ErrorCode.NOT_SUPPORTED))
                .hasMessageStartingWith("expected a CALLERROR \"NotSupported\" answering a CALL Reset\n");
        failure(() -> assertThat(journal).hasCallError("RemoteStartTransaction", ErrorCode.FORMAT_VIOLATION))
                .hasMessageContaining("expected a CALLERROR \"FormatViolation\" (1.6: \"FormationViolation\")")
                .hasMessageContaining(
                        "#3 CS-1 RemoteStartTransaction: answered by CALLRESULT {\"status\":\"Accepted\"}");
    }

    // ------------------------------------------------------------------------------------------------ counts

    @Test
    void hasCallCountCountsThePeersCalls() {
        assertThat(journal).hasCallCount("StatusNotification", 2)
                .hasCallCount("RemoteStartTransaction", 0)  // the CSMS's own
                .hasCallCount("StartTransaction", 0);

        failure(() -> assertThat(journal).hasCallCount("StatusNotification", 3))
                .hasMessageStartingWith("expected 3 CALLs StatusNotification from STATION but there were 2:\n"
                        + "  #1 CS-1 STATION->CSMS StatusNotification {\"connectorId\":0,");
    }

    @Test
    void hasNoCallFailsWithTheCallsThatCame() {
        assertThat(journal).hasNoCall("StartTransaction").hasNoCall("Reset");

        failure(() -> assertThat(journal).hasNoCall("Authorize"))
                .hasMessageStartingWith("expected no CALL Authorize from STATION but there was 1:\n"
                        + "  #4 CS-1 STATION->CSMS Authorize {\"idTag\":\"T1\"} => {\"idTagInfo\"");
    }

    @Test
    void containsCallsInOrderAcceptsASubsequenceOfEitherSidesCalls() {
        assertThat(journal).containsCallsInOrder("BootNotification", "StatusNotification", "RemoteStartTransaction",
                "Authorize", "MeterValues");
        assertThat(journal).containsCallsInOrder("StatusNotification", "StatusNotification", "Reset");
        assertThat(journal).containsCallsInOrder();
    }

    @Test
    void containsCallsInOrderFailureSaysWhichCallIsMissingAfterWhat() {
        failure(() -> assertThat(journal).containsCallsInOrder("BootNotification", "Authorize",
                "RemoteStartTransaction"))
                .hasMessageStartingWith(
                        "expected CALLs in order [BootNotification, Authorize, RemoteStartTransaction]\n"
                        + "found BootNotification (#0), Authorize (#4)\n"
                        + "but after them no RemoteStartTransaction (there is one earlier, #3)\n"
                        + "the CALLs were: BootNotification #0, StatusNotification #1, StatusNotification #2, "
                        + "RemoteStartTransaction #3, Authorize #4, Reset #5, Heartbeat #6, MeterValues #7\n");
        failure(() -> assertThat(journal).containsCallsInOrder("StartTransaction"))
                .hasMessageContaining("but found no StartTransaction\n");
    }

    @Test
    void allAnsweredNamesTheCallsStillOpen() {
        failure(() -> assertThat(journal).allAnswered())
                .hasMessageStartingWith("expected every CALL to be answered but 1 of 8 was not:\n"
                        + "  #6 CS-2 STATION->CSMS Heartbeat {} => (no answer)\n")
                .hasMessageContaining("Note over S2,CSMS: [6] no answer");
    }

    // ------------------------------------------------------------------------------------------------ scope

    @Test
    void forStationLooksAtThatStationsExchangesOnly() {
        assertThat(journal).forStation("CS-1").allAnswered().hasCallCount("StatusNotification", 2);
        assertThat(journal).forStation("CS-2").hasCall("Heartbeat").hasNoCall("BootNotification");

        failure(() -> assertThat(journal).forStation("CS-2").hasCall("BootNotification"))
                .hasMessageStartingWith("expected a CALL BootNotification from STATION\n"
                        + "but none of the 1 exchange recorded for station CS-2 matched\n"
                        + "closest:\n  #6 CS-2 Heartbeat: action: expected \"BootNotification\" but was \"Heartbeat\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("CS-1"));
    }

    @Test
    void malformedFramesFailHasNoMalformedFrames() {
        assertThat(journal).hasNoMalformedFrames();

        journal.record("CS-1", V16, IN, "[2,\"x\",\"Heartbeat\"]");

        failure(() -> assertThat(journal).hasNoMalformedFrames())
                .hasMessageStartingWith("expected no malformed frames but there was 1:\n  [2,\"x\",\"Heartbeat\"]\n");
    }

    @Test
    void withinWaitsForACallRecordedOnAnotherThread() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        Future<?> waiting = executor.submit(() -> assertThat(journal).within(Duration.ofSeconds(10))
                .hasCallMatching("StartTransaction", "{\"idTag\":\"T1\"}"));

        journal.record("CS-1", V16, IN, "[2,\"6\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"T1\","
                + "\"meterStart\":0,\"timestamp\":\"2025-01-01T00:00:00Z\"}]");

        assertThatCode(() -> waiting.get(10, TimeUnit.SECONDS)).doesNotThrowAnyException();
    }

    @Test
    void withinFailsAfterItsTimeoutAndSaysHowLongItWaited() {
        failure(() -> assertThat(journal).within(Duration.ofMillis(50)).hasCall("StartTransaction"))
                .hasMessageContaining("matched within PT0.05S\n");
    }

    @Test
    void theTestsDescriptionLeadsTheMessage() {
        failure(() -> assertThat(journal).as("after boot").forStation("CS-1").hasCall("Heartbeat"))
                .hasMessageStartingWith("[after boot] expected a CALL Heartbeat from STATION");
    }

    @Test
    void aNullJournalFails() {
        assertThatThrownBy(() -> assertThat((Journal) null).hasCall("Heartbeat")).isInstanceOf(AssertionError.class);
    }

    // ------------------------------------------------------------------------------------------------ exchanges

    @Test
    void exchangeAssertionsPassOnWhatTheExchangeIs() {
        Exchange boot = journal.exchanges().get(0);
        assertThat(boot).isAction("BootNotification").isFrom(Role.STATION).wasAnswered().succeeded()
                .requestMatches("{\"chargePointVendor\":\"V\"}")
                .responseMatches("{\"status\":\"Accepted\"}");
        assertThat(journal.exchanges().get(5)).wasAnswered().failedWith(ErrorCode.FORMAT_VIOLATION)
                .failedWith("FormationViolation");
        assertThat(journal.exchanges().get(6)).isUnanswered();
        assertThat(journal).lastCall("StatusNotification").requestMatches("{\"connectorId\":1}");
    }

    @Test
    void exchangeAssertionsFailWithTheDifferenceAndTheExchangeDrawn() {
        Exchange boot = journal.exchanges().get(0);
        failure(() -> assertThat(boot).isAction("Heartbeat"))
                .hasMessageStartingWith("expected exchange #0 CS-1 STATION->CSMS BootNotification")
                .hasMessageContaining("\nto be a CALL Heartbeat but it is a CALL BootNotification\n")
                .hasMessageContaining("    S1->>CSMS: [0] BootNotification");
        failure(() -> assertThat(boot).isFrom(Role.CSMS)).hasMessageContaining("sent by STATION");
        failure(() -> assertThat(boot).requestMatches("{\"chargePointVendor\":\"W\",\"firmwareVersion\":\"1\"}"))
                .hasMessageContaining("\n  chargePointVendor: expected \"W\" but was \"V\""
                        + "\n  firmwareVersion: expected \"1\" but was absent\n");
        failure(() -> assertThat(boot).responseMatches("{\"interval\":60}"))
                .hasMessageContaining("\n  interval: expected 60 but was 300\n");
        failure(() -> assertThat(boot).failedWith(ErrorCode.GENERIC_ERROR))
                .hasMessageContaining("but: answered by CALLRESULT");
        failure(() -> assertThat(boot).isUnanswered()).hasMessageContaining("it was answered");

        Exchange heartbeat = journal.exchanges().get(6);
        failure(() -> assertThat(heartbeat).wasAnswered()).hasMessageContaining("it has no answer");
        failure(() -> assertThat(heartbeat).responseMatches("{}")).hasMessageContaining("it has no answer");
        failure(() -> assertThat(journal.exchanges().get(5)).succeeded())
                .hasMessageContaining("answered by CALLERROR FormationViolation");
        failure(() -> assertThat(journal.exchanges().get(5)).failedWith("GenericError"))
                .hasMessageContaining("error code: expected \"GenericError\" but was \"FormationViolation\"");
    }

    @Test
    void lastCallFailsWhenThereIsNone() {
        failure(() -> assertThat(journal).lastCall("StopTransaction"))
                .hasMessageStartingWith(
                        "expected a CALL StopTransaction but there was none among 8 exchanges recorded");
    }
}
