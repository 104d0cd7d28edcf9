package dev.ocpp.core.delivery;

import static dev.ocpp.core.delivery.TrackerHarness.NUMBERED;
import static dev.ocpp.core.delivery.TrackerHarness.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import dev.ocpp.core.delivery.TransactionTracker.Range;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * One numbered transaction, its messages dropped, copied and shuffled at will (the Ended one last, as a station
 * sends it last): the findings are exactly the copies and the numbers missing, whatever the interleaving.
 */
class TransactionTrackerProperties {

    /**
     * @param base   the Started event's number (not necessarily 0)
     * @param copies how many times each number base, base+1, ... arrives (0: never); the last is the Ended event
     * @param order  the numbers in arrival order: each as often as {@code copies} says, the Ended ones last
     */
    record Scenario(long base, List<Integer> copies, List<Long> order) {
        long end() {
            return base + copies.size() - 1;
        }

        Set<Long> delivered() {
            Set<Long> d = new TreeSet<>();
            for (int i = 0; i < copies.size(); i++) {
                if (copies.get(i) > 0) {
                    d.add(base + i);
                }
            }
            return d;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Long> base = Arbitraries.longs().between(-3, 1_000);
        Arbitrary<List<Integer>> copies = Arbitraries.integers().between(0, 3).list().ofMinSize(2).ofMaxSize(30)
                .map(c -> {
                    List<Integer> fixed = new ArrayList<>(c);
                    fixed.set(fixed.size() - 1, Math.max(1, fixed.get(fixed.size() - 1)));
                    return fixed;
                });
        return Combinators.combine(base, copies).as((b, c) -> new Scenario(b, c, List.of()))
                .flatMap(s -> {
                    List<Long> others = new ArrayList<>();
                    for (int i = 0; i < s.copies().size() - 1; i++) {
                        for (int k = 0; k < s.copies().get(i); k++) {
                            others.add(s.base() + i);
                        }
                    }
                    return Arbitraries.shuffle(others).map(shuffled -> {
                        List<Long> order = new ArrayList<>(shuffled);
                        for (int k = 0; k < s.copies().get(s.copies().size() - 1); k++) {
                            order.add(s.end());
                        }
                        return new Scenario(s.base(), s.copies(), order);
                    });
                });
    }

    @Property(tries = 300)
    void theFindingsAreExactlyTheCopiesAndTheMissingNumbers(@ForAll("scenarios") Scenario s) {
        TrackerHarness h = new TrackerHarness();
        for (long n : s.order()) {
            Phase phase = n == s.base() ? Phase.START : n == s.end() ? Phase.END : Phase.UPDATE;
            h.answer("CS1", NUMBERED, numbered("T", n, phase));
        }
        Set<Long> delivered = s.delivered();
        long lowest = delivered.iterator().next();

        // Each number reached the handler once; every other copy is one Duplicate, replayed.
        assertThat(h.handled).hasSize(delivered.size());
        Map<Long, Integer> duplicates = new HashMap<>();
        for (Finding.Duplicate d : h.findings(Finding.Duplicate.class)) {
            duplicates.merge(Long.parseLong(d.matched().substring("seq ".length())), 1, Integer::sum);
            assertThat(d.replayed()).isTrue();
        }
        Map<Long, Integer> expectedDuplicates = new HashMap<>();
        for (int i = 0; i < s.copies().size(); i++) {
            if (s.copies().get(i) > 1) {
                expectedDuplicates.put(s.base() + i, s.copies().get(i) - 1);
            }
        }
        assertThat(duplicates).isEqualTo(expectedDuplicates);

        // Every number between the lowest and the end that never came is reported missing by exactly one Gap; a
        // reported number that came later did so as an OutOfOrder filling it; nothing else is reported missing.
        Map<Long, Integer> reportedMissing = new HashMap<>();
        for (Finding.Gap g : h.findings(Finding.Gap.class)) {
            for (long n = g.missing().first(); n <= g.missing().last(); n++) {
                reportedMissing.merge(n, 1, Integer::sum);
            }
        }
        assertThat(reportedMissing.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        Set<Long> neverCame = new TreeSet<>();
        for (long n = lowest; n <= s.end(); n++) {
            if (!delivered.contains(n)) {
                neverCame.add(n);
            }
        }
        Set<Long> filled = new TreeSet<>();
        for (Finding.OutOfOrder o : h.findings(Finding.OutOfOrder.class)) {
            if (o.fillsGap()) {
                filled.add(Long.parseLong(o.arrived()));
            }
        }
        Set<Long> expectedReported = new TreeSet<>(neverCame);
        expectedReported.addAll(filled);
        assertThat(new TreeSet<>(reportedMissing.keySet())).isEqualTo(expectedReported);
        assertThat(filled).allSatisfy(n -> assertThat(delivered).contains(n));

        // The end reports exactly the numbers that never came, once; nothing when none is missing.
        List<Finding.Incomplete> incomplete = h.findings(Finding.Incomplete.class);
        if (neverCame.isEmpty()) {
            assertThat(incomplete).isEmpty();
        } else {
            assertThat(incomplete).singleElement().satisfies(i -> {
                assertThat(expand(i.missing())).isEqualTo(neverCame);
                assertThat(i.lowestSeqNo()).isEqualTo(lowest);
                assertThat(i.startedSeqNo()).isEqualTo(delivered.contains(s.base()) ? s.base() : null);
            });
        }

        // Unknown exactly when the first message to arrive was not the Started one.
        assertThat(h.findings(Finding.UnknownTransaction.class)).hasSize(s.order().get(0) == s.base() ? 0 : 1);
    }

    private static Set<Long> expand(List<Range> ranges) {
        Set<Long> out = new TreeSet<>();
        for (Range r : ranges) {
            for (long n = r.first(); n <= r.last(); n++) {
                out.add(n);
            }
        }
        return out;
    }
}
