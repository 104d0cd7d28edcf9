package dev.ocpp.core.delivery;

import static dev.ocpp.core.delivery.TrackerHarness.JSON;
import static dev.ocpp.core.delivery.TrackerHarness.NUMBERED;
import static dev.ocpp.core.delivery.TrackerHarness.PRINTED;
import static dev.ocpp.core.delivery.TrackerHarness.numbered;
import static dev.ocpp.core.delivery.TrackerHarness.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.delivery.TransactionTracker.Duplicates;
import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import dev.ocpp.core.delivery.TransactionTracker.Range;
import dev.ocpp.core.testing.QueueExecutor;
import dev.ocpp.core.typed.CallContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The tracker's engine with fake version rules (see {@link TrackerHarness}): what reaches the handler, what is
 * answered in its place, and what is reported.
 */
class TransactionTrackerTest {

    final TrackerHarness h = new TrackerHarness();

    // ------------------------------------------------------------------ duplicates

    @Test
    void aCopyIsAnsweredWithTheFirstAnswerWithoutReachingTheHandler() {
        ObjectNode first = h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        ObjectNode copy = h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(h.handled).hasSize(1);
        assertThat(copy).isEqualTo(first);
    }

    @Test
    void aCopyIsReportedAsADuplicateNamingTheFirstMessageAndWhatMatched() {
        IncomingCall first = h.call("CS1", NUMBERED, numbered("T1", 4, Phase.UPDATE));
        h.receive(first);
        IncomingCall copy = h.call("CS1", NUMBERED, numbered("T1", 4, Phase.UPDATE));
        h.receive(copy);

        assertThat(h.findings(Finding.Duplicate.class)).containsExactly(new Finding.Duplicate("CS1", NUMBERED, "T1",
                copy.messageId(), first.messageId(), "seq 4", true));
    }

    @Test
    void theReplayedAnswerIsACopySoChangingItChangesNoLaterReplay() {
        ObjectNode first = h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START)).deepCopy();
        ObjectNode copy = h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        copy.put("n", 99);

        assertThat(h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START))).isEqualTo(first);
    }

    @Test
    void theSameNumberInAnotherTransactionOrOfAnotherStationIsNoDuplicate() {
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        h.answer("CS1", NUMBERED, numbered("T2", 0, Phase.START));
        h.answer("CS2", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(h.handled).hasSize(3);
        assertThat(h.findings).isEmpty();
    }

    @Test
    void aLateCopyOfTheEndOfAnEndedTransactionIsStillRecognised() {
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        ObjectNode end = h.answer("CS1", NUMBERED, numbered("T1", 1, Phase.END));
        h.answer("CS1", NUMBERED, numbered("T2", 0, Phase.START));

        assertThat(h.answer("CS1", NUMBERED, numbered("T1", 1, Phase.END))).isEqualTo(end);
        assertThat(h.handled).hasSize(3);
        assertThat(h.tracker.endedTransactions("CS1")).isEqualTo(1);
        assertThat(h.tracker.openTransactions("CS1")).isEqualTo(1);
    }

    @Test
    void aCopyOfAMessageStillBeingHandledWaitsForTheFirstAnswerWithoutTheHandler() {
        CompletableFuture<ObjectNode> slow = new CompletableFuture<>();
        h.handler = c -> slow;
        CompletableFuture<ObjectNode> first = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));
        CompletableFuture<ObjectNode> copy = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));

        assertThat(copy).isNotDone();
        assertThat(h.findings).isEmpty();

        slow.complete(JSON.createObjectNode().put("answer", "first"));

        assertThat(first.join()).isEqualTo(copy.join());
        assertThat(copy.join().get("answer").asText()).isEqualTo("first");
        assertThat(h.handled).hasSize(1);
        assertThat(h.findings(Finding.Duplicate.class)).singleElement()
                .satisfies(d -> assertThat(d.replayed()).isTrue());
    }

    @Test
    void aCopyWaitingForTheFirstAnswerIsJudgedAgainOnTheHandlerExecutor() {
        QueueExecutor executor = new QueueExecutor();
        h.executor = executor;
        CompletableFuture<ObjectNode> slow = new CompletableFuture<>();
        h.handler = c -> slow;
        h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));
        CompletableFuture<ObjectNode> copy = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));

        slow.complete(JSON.createObjectNode());

        // Completing the first answer only hands the copy's judgement to the executor.
        assertThat(copy).isNotDone();
        executor.runAll();
        assertThat(copy).isCompletedWithValue(JSON.createObjectNode());
    }

    @Test
    void aCopyOfAMessageWhoseHandlingFailedIsHandledAgainAsNew() {
        h.handler = c -> CompletableFuture.failedFuture(new CallErrorException(ErrorCode.INTERNAL_ERROR, "db down"));
        CompletableFuture<ObjectNode> first = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));
        h.handler = c -> CompletableFuture.completedFuture(JSON.createObjectNode().put("ok", true));
        ObjectNode retry = h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(first).isCompletedExceptionally();
        assertThat(retry.get("ok").asBoolean()).isTrue();
        assertThat(h.handled).hasSize(2);
        assertThat(h.findings).isEmpty();
        // The retry's answer is the one remembered now.
        assertThat(h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START))).isEqualTo(retry);
        assertThat(h.handled).hasSize(2);
    }

    @Test
    void aHandlerThatThrowsCountsAsAFailedHandling() {
        h.handler = c -> {
            throw new IllegalStateException("bug");
        };
        assertThat(h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)))).isCompletedExceptionally();
        h.handler = c -> CompletableFuture.completedFuture(JSON.createObjectNode());
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(h.handled).hasSize(2);
        assertThat(h.findings(Finding.Duplicate.class)).isEmpty();
    }

    @Test
    void aCopyWaitingForAFirstHandlingThatFailsIsHandledItself() {
        CompletableFuture<ObjectNode> slow = new CompletableFuture<>();
        h.handler = c -> slow;
        CompletableFuture<ObjectNode> first = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));
        CompletableFuture<ObjectNode> copy = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));
        h.handler = c -> CompletableFuture.completedFuture(JSON.createObjectNode().put("second", true));

        slow.completeExceptionally(new CallErrorException(ErrorCode.INTERNAL_ERROR, "db down"));

        assertThat(first).isCompletedExceptionally();
        assertThat(copy.join().get("second").asBoolean()).isTrue();
        assertThat(h.handled).hasSize(2);
        assertThat(h.findings(Finding.Duplicate.class)).isEmpty();
    }

    @Test
    void passOnLetsTheHandlerAnswerTheCopyAndTellsItThatItIsOne() {
        TrackerHarness p = new TrackerHarness(b -> b.duplicates(Duplicates.PASS_ON));
        List<Boolean> toldDuplicate = new ArrayList<>();
        p.handler = c -> {
            toldDuplicate.add(p.tracker.isDuplicate(c));
            toldDuplicate.add(p.tracker.isDuplicate(new CallContext(c.session(), c.messageId(), c.action())));
            return CompletableFuture.completedFuture(JSON.createObjectNode().put("n", p.handled.size()));
        };
        p.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        IncomingCall copy = p.call("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        ObjectNode answer = p.receive(copy).join();

        assertThat(toldDuplicate).containsExactly(false, false, true, true);
        assertThat(answer.get("n").asInt()).isEqualTo(2);
        assertThat(p.findings(Finding.Duplicate.class)).singleElement()
                .satisfies(d -> assertThat(d.replayed()).isFalse());
        // Only while it is being handled.
        assertThat(p.tracker.isDuplicate(copy)).isFalse();
    }

    @Test
    void aCopyWhoseAnswerWasForgottenReachesTheHandlerMarkedAsDuplicate() {
        TrackerHarness small = new TrackerHarness(b -> b.maxRememberedAnswers(1));
        List<Boolean> toldDuplicate = new ArrayList<>();
        small.handler = c -> {
            toldDuplicate.add(small.tracker.isDuplicate(c));
            return CompletableFuture.completedFuture(JSON.createObjectNode());
        };
        small.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        small.answer("CS1", NUMBERED, numbered("T1", 1, Phase.UPDATE));
        small.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(toldDuplicate).containsExactly(false, false, true);
        assertThat(small.findings(Finding.Duplicate.class)).singleElement().satisfies(d -> {
            assertThat(d.replayed()).isFalse();
            assertThat(d.firstMessageId()).isNull();
        });
    }

    // ------------------------------------------------------------------ gaps, order, ends

    @Test
    void aJumpInTheNumbersIsReportedAsAGapOfTheMissingOnes() {
        h.answer("CS1", NUMBERED, numbered("T1", 2, Phase.START));
        IncomingCall five = h.call("CS1", NUMBERED, numbered("T1", 5, Phase.UPDATE));
        h.receive(five);

        assertThat(h.findings).containsExactly(
                new Finding.Gap("CS1", NUMBERED, "T1", five.messageId(), 5, new Range(3, 4)));
        assertThat(new Range(3, 4)).hasToString("3..4");
    }

    @Test
    void aMessageFillingAGapIsReportedOutOfOrderAndTheGapIsNotReportedAgain() {
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        h.answer("CS1", NUMBERED, numbered("T1", 3, Phase.UPDATE));
        h.findings.clear();
        IncomingCall late = h.call("CS1", NUMBERED, numbered("T1", 1, Phase.UPDATE));
        h.receive(late);

        assertThat(h.findings).containsExactly(
                new Finding.OutOfOrder("CS1", NUMBERED, "T1", late.messageId(), "1", "3", true));
        assertThat(h.handled).hasSize(3);
    }

    @Test
    void aMessageBelowTheLowestNumberReportsTheNumbersBetweenAsAGap() {
        h.answer("CS1", NUMBERED, numbered("T1", 5, Phase.UPDATE));
        h.findings.clear();
        IncomingCall early = h.call("CS1", NUMBERED, numbered("T1", 1, Phase.START));
        h.receive(early);

        assertThat(h.findings).containsExactly(
                new Finding.OutOfOrder("CS1", NUMBERED, "T1", early.messageId(), "1", "5", false),
                new Finding.Gap("CS1", NUMBERED, "T1", early.messageId(), 1, new Range(2, 4)));
    }

    @Test
    void anEndWithNumbersMissingIsReportedIncomplete() {
        h.answer("CS1", NUMBERED, numbered("T1", 10, Phase.START));
        h.answer("CS1", NUMBERED, numbered("T1", 12, Phase.UPDATE));
        h.answer("CS1", NUMBERED, numbered("T1", 14, Phase.UPDATE));
        IncomingCall end = h.call("CS1", NUMBERED, numbered("T1", 17, Phase.END));
        h.receive(end);

        assertThat(h.findings(Finding.Incomplete.class)).containsExactly(new Finding.Incomplete("CS1", NUMBERED, "T1",
                end.messageId(), List.of(new Range(11, 11), new Range(13, 13), new Range(15, 16)), 10L, 10));
    }

    @Test
    void aCompleteTransactionNotStartingAtZeroIsNotIncomplete() {
        for (int n = 7; n <= 9; n++) {
            h.answer("CS1", NUMBERED, numbered("T1", n, n == 7 ? Phase.START : n == 9 ? Phase.END : Phase.UPDATE));
        }
        assertThat(h.findings).isEmpty();
        assertThat(h.tracker.openTransactions("CS1")).isZero();
        assertThat(h.tracker.endedTransactions("CS1")).isEqualTo(1);
    }

    @Test
    void aStartThatIsNotTheLowestNumberMakesTheEndIncomplete() {
        h.answer("CS1", NUMBERED, numbered("T1", 3, Phase.UPDATE));
        h.answer("CS1", NUMBERED, numbered("T1", 4, Phase.START));
        h.findings.clear();
        IncomingCall end = h.call("CS1", NUMBERED, numbered("T1", 5, Phase.END));
        h.receive(end);

        assertThat(h.findings).containsExactly(
                new Finding.Incomplete("CS1", NUMBERED, "T1", end.messageId(), List.of(), 4L, 3));
    }

    @Test
    void aMessageOfATransactionNeverSeenStartingIsReportedUnknownOnce() {
        IncomingCall update = h.call("CS1", NUMBERED, numbered("T9", 3, Phase.UPDATE));
        h.receive(update);
        h.answer("CS1", NUMBERED, numbered("T9", 4, Phase.UPDATE));

        assertThat(h.findings).containsExactly(
                new Finding.UnknownTransaction("CS1", NUMBERED, "T9", update.messageId()));
        assertThat(h.handled).hasSize(2);
    }

    // ------------------------------------------------------------------ fingerprints

    @Test
    void aFingerprintedCopyIsAnsweredWithTheFirstAnswer() {
        ObjectNode first = h.answer("CS1", PRINTED, printed("T1", "a", Phase.UPDATE, null));
        ObjectNode copy = h.answer("CS1", PRINTED, printed("T1", "a", Phase.UPDATE, null));
        h.answer("CS1", PRINTED, printed("T1", "b", Phase.UPDATE, null));

        assertThat(copy).isEqualTo(first);
        assertThat(h.handled).hasSize(2);
        assertThat(h.findings(Finding.Duplicate.class)).singleElement()
                .satisfies(d -> assertThat(d.matched()).isEqualTo("print"));
    }

    @Test
    void aStartWhoseTransactionTheAnswerAssignsIsRecognisedByItsFingerprintAndNamesTheTransaction() {
        AtomicInteger next = new AtomicInteger(100);
        h.handler = c -> CompletableFuture.completedFuture(
                JSON.createObjectNode().put("assigned", Integer.toString(next.getAndIncrement())));
        ObjectNode first = h.answer("CS1", PRINTED, printed(null, "start-1", Phase.START, null));
        ObjectNode copy = h.answer("CS1", PRINTED, printed(null, "start-1", Phase.START, null));
        ObjectNode other = h.answer("CS1", PRINTED, printed(null, "start-2", Phase.START, null));

        assertThat(copy).isEqualTo(first);
        assertThat(first.get("assigned").asText()).isEqualTo("100");
        assertThat(other.get("assigned").asText()).isEqualTo("101");
        assertThat(h.findings).singleElement().isInstanceOfSatisfying(Finding.Duplicate.class,
                d -> assertThat(d.transaction()).isEqualTo("100"));
        // The assigned transaction is known: its later messages are no unknown transaction's.
        h.answer("CS1", PRINTED, printed("100", "end", Phase.END, null));
        assertThat(h.findings(Finding.UnknownTransaction.class)).isEmpty();
    }

    @Test
    void aFingerprintedMessageOlderThanTheNewestOfItsTransactionIsReportedOutOfOrder() {
        h.answer("CS1", PRINTED, printed("T1", "a", Phase.UPDATE, "2026-01-01T10:05:00Z"));
        h.findings.clear();
        IncomingCall older = h.call("CS1", PRINTED, printed("T1", "b", Phase.UPDATE, "2026-01-01T10:01:00Z"));
        h.receive(older);
        h.answer("CS1", PRINTED, printed("T1", "c", Phase.END, "2026-01-01T10:06:00Z"));

        assertThat(h.findings).containsExactly(new Finding.OutOfOrder("CS1", PRINTED, "T1", older.messageId(),
                "2026-01-01T10:01:00Z", "2026-01-01T10:05:00Z", false));
    }

    @Test
    void theStartTimeOfAnAssignedTransactionCountsForOrder() {
        h.handler = c -> CompletableFuture.completedFuture(JSON.createObjectNode().put("assigned", "7"));
        h.answer("CS1", PRINTED, printed(null, "s", Phase.START, "2026-01-01T10:00:00Z"));
        h.answer("CS1", PRINTED, printed("7", "m", Phase.UPDATE, "2026-01-01T09:00:00Z"));

        assertThat(h.findings).singleElement().isInstanceOf(Finding.OutOfOrder.class);
    }

    // ------------------------------------------------------------------ robustness

    @Test
    void otherCallsPassThroughUntouched() {
        h.answer("CS1", "Heartbeat", JSON.createObjectNode());
        h.answer("CS1", "Heartbeat", JSON.createObjectNode());

        assertThat(h.handled).hasSize(2);
        assertThat(h.findings).isEmpty();
        assertThat(h.tracker.identities()).isZero();
    }

    @Test
    void rulesThatThrowLeaveTheCallUntracked() {
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START).put("boom", true));
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START).put("boom", true));

        assertThat(h.handled).hasSize(2);
        assertThat(h.findings).isEmpty();
    }

    @Test
    void aListenerThatThrowsKeepsNeitherTheAnswerNorOtherListenersFromTheFinding() {
        List<Finding> later = new ArrayList<>();
        h.tracker.onFinding(f -> {
            throw new IllegalStateException("listener bug");
        });
        h.tracker.onFinding(later::add);
        ObjectNode first = h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START))).isEqualTo(first);
        assertThat(later).singleElement().isInstanceOf(Finding.Duplicate.class);
    }

    @Test
    void aHandlerAnsweringNothingCountsAsAFailedHandling() {
        h.handler = c -> null;
        assertThat(h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)))).isNull();
        h.handler = c -> CompletableFuture.completedFuture(JSON.createObjectNode());
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(h.handled).hasSize(2);
        assertThat(h.findings).isEmpty();
    }

    @Test
    void aHandlerFailureReachesTheStationAsItCame() {
        h.handler = c -> CompletableFuture.failedFuture(new CallErrorException(ErrorCode.SECURITY_ERROR, "no"));
        CompletableFuture<ObjectNode> answer = h.receive(h.call("CS1", NUMBERED, numbered("T1", 0, Phase.START)));

        assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(CallErrorException.class);
    }

    @Test
    void forgettingAnIdentityMakesItsMessagesNewAgain() {
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));
        h.tracker.forget("CS1");
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.START));

        assertThat(h.handled).hasSize(2);
        assertThat(h.findings(Finding.Duplicate.class)).isEmpty();
    }
}
