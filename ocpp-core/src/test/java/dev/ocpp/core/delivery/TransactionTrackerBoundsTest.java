package dev.ocpp.core.delivery;

import static dev.ocpp.core.delivery.TrackerHarness.NUMBERED;
import static dev.ocpp.core.delivery.TrackerHarness.PRINTED;
import static dev.ocpp.core.delivery.TrackerHarness.numbered;
import static dev.ocpp.core.delivery.TrackerHarness.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import org.junit.jupiter.api.Test;

/** Memory is bounded by the configuration, whatever the stations send; what is forgotten first. */
class TransactionTrackerBoundsTest {

    @Test
    void manyIdentitiesKeepTheTrackerAtItsIdentityLimitForgettingTheLeastRecentlyHeard() {
        TrackerHarness h = new TrackerHarness(b -> b.maxIdentities(50));
        for (int i = 0; i < 1_000; i++) {
            h.answer("CS" + i, NUMBERED, numbered("T", 0, Phase.START));
            assertThat(h.tracker.identities()).isLessThanOrEqualTo(50);
        }
        assertThat(h.tracker.identities()).isEqualTo(50);

        // CS999 is remembered, CS0 forgotten: a copy of its message is new again.
        h.answer("CS999", NUMBERED, numbered("T", 0, Phase.START));
        h.answer("CS0", NUMBERED, numbered("T", 0, Phase.START));
        assertThat(h.findings(Finding.Duplicate.class)).extracting(Finding::identity).containsExactly("CS999");
    }

    @Test
    void aStationHeardFromRecentlyIsNotTheOneForgotten() {
        TrackerHarness h = new TrackerHarness(b -> b.maxIdentities(2));
        h.answer("A", NUMBERED, numbered("T", 0, Phase.START));
        h.answer("B", NUMBERED, numbered("T", 0, Phase.START));
        h.answer("A", NUMBERED, numbered("T", 1, Phase.UPDATE));
        h.answer("C", NUMBERED, numbered("T", 0, Phase.START));

        assertThat(h.tracker.openTransactions("A")).isEqualTo(1);
        assertThat(h.tracker.openTransactions("B")).isZero();
        assertThat(h.tracker.identities()).isEqualTo(2);
    }

    @Test
    void openTransactionsPerIdentityStayAtTheLimitForgettingTheLeastRecentlyHeardOf() {
        TrackerHarness h = new TrackerHarness(b -> b.maxOpenTransactions(8));
        for (int t = 0; t < 500; t++) {
            h.answer("CS1", NUMBERED, numbered("T" + t, 0, Phase.START));
            assertThat(h.tracker.openTransactions("CS1")).isLessThanOrEqualTo(8);
        }
        assertThat(h.tracker.openTransactions("CS1")).isEqualTo(8);
    }

    @Test
    void endedTransactionsPerIdentityStayAtTheLimit() {
        TrackerHarness h = new TrackerHarness(b -> b.maxEndedTransactions(5));
        for (int t = 0; t < 200; t++) {
            h.answer("CS1", NUMBERED, numbered("T" + t, 0, Phase.START));
            h.answer("CS1", NUMBERED, numbered("T" + t, 1, Phase.END));
        }
        assertThat(h.tracker.endedTransactions("CS1")).isEqualTo(5);
        assertThat(h.tracker.openTransactions("CS1")).isZero();

        // The latest ended transaction's End is still recognised; the oldest one's is not.
        h.answer("CS1", NUMBERED, numbered("T199", 1, Phase.END));
        h.answer("CS1", NUMBERED, numbered("T0", 1, Phase.END));
        assertThat(h.findings(Finding.Duplicate.class)).extracting(Finding::transaction).containsExactly("T199");
    }

    @Test
    void rememberedAnswersPerIdentityStayAtTheLimit() {
        TrackerHarness h = new TrackerHarness(b -> b.maxRememberedAnswers(10));
        for (int n = 0; n < 300; n++) {
            h.answer("CS1", NUMBERED, numbered("T1", n, n == 0 ? Phase.START : Phase.UPDATE));
            assertThat(h.tracker.rememberedAnswers("CS1")).isLessThanOrEqualTo(10);
        }
        assertThat(h.tracker.rememberedAnswers("CS1")).isEqualTo(10);
    }

    @Test
    void fingerprintsPerTransactionStayAtTheLimitForgettingTheOldest() {
        TrackerHarness h = new TrackerHarness(b -> b.maxPositionsPerTransaction(4));
        for (int n = 0; n < 100; n++) {
            h.answer("CS1", PRINTED, printed("T1", "p" + n, Phase.UPDATE, null));
        }
        h.answer("CS1", PRINTED, printed("T1", "p99", Phase.UPDATE, null));
        h.answer("CS1", PRINTED, printed("T1", "p96", Phase.UPDATE, null));
        h.answer("CS1", PRINTED, printed("T1", "p95", Phase.UPDATE, null));

        assertThat(h.findings(Finding.Duplicate.class)).hasSize(2);
        assertThat(h.handled).hasSize(101);
    }

    @Test
    void scatteredNumbersKeepOnlyTheHighestRangesOfATransaction() {
        TrackerHarness h = new TrackerHarness(b -> b.maxPositionsPerTransaction(3).maxRememberedAnswers(1));
        // Every other number: one range each.
        for (int n = 0; n < 100; n += 2) {
            h.answer("CS1", NUMBERED, numbered("T1", n, Phase.UPDATE));
        }
        h.findings.clear();
        h.answer("CS1", NUMBERED, numbered("T1", 94, Phase.UPDATE));
        h.answer("CS1", NUMBERED, numbered("T1", 0, Phase.UPDATE));

        // 94 is in the three highest ranges (94, 96, 98): a copy. 0 was forgotten: judged new, below the lowest.
        assertThat(h.findings).hasSize(3);
        assertThat(h.findings.get(0)).isInstanceOf(Finding.Duplicate.class);
        assertThat(h.findings.get(1)).isInstanceOf(Finding.OutOfOrder.class);
        assertThat(h.findings.get(2)).isInstanceOf(Finding.Gap.class);
    }

    @Test
    void startsWaitingForTheirAssignedTransactionAreBoundedToo() {
        TrackerHarness h = new TrackerHarness(b -> b.maxOpenTransactions(2).maxEndedTransactions(2));
        for (int n = 0; n < 100; n++) {
            h.answer("CS1", PRINTED, printed(null, "start" + n, Phase.START, null));
        }
        h.answer("CS1", PRINTED, printed(null, "start99", Phase.START, null));
        h.answer("CS1", PRINTED, printed(null, "start0", Phase.START, null));

        assertThat(h.findings(Finding.Duplicate.class)).hasSize(1);
    }

    @Test
    void limitsMustBePositive() {
        TransactionTracker.Builder b = TransactionTracker.builder(TrackerHarness.RULES);
        assertThatThrownBy(() -> b.maxIdentities(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxOpenTransactions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxEndedTransactions(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxRememberedAnswers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxPositionsPerTransaction(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
