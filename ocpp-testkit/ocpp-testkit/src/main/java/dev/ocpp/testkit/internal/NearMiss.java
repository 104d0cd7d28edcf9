package dev.ocpp.testkit.internal;

import dev.ocpp.testkit.Exchange;
import java.util.Comparator;
import java.util.List;

/**
 * The exchanges that came closest to an {@link Expectation} that none met: what a test author needs to see first
 * when an expected CALL or answer did not arrive ("it came, but with status Preparing").
 *
 * <p>Ranking: exchanges of the expected action before all others; within each group, fewer differing fields first;
 * then the latest first, since a test usually waits for the most recent message. At most {@link #MAX_SHOWN}
 * exchanges, each with at most {@link #MAX_FIELDS} differences, so a message stays readable for a journal of any
 * size.
 */
public final class NearMiss {

    /** How many near misses a failure message lists. */
    public static final int MAX_SHOWN = 3;
    /** How many differing fields a near-miss line lists. */
    public static final int MAX_FIELDS = 4;

    private record Candidate(Exchange exchange, List<String> mismatches, boolean sameAction) {
    }

    private NearMiss() {
    }

    /**
     * The report lines, {@code closest:} then one line per near miss such as
     * {@code  #4 CS-1 StatusNotification: status: expected "Charging" but was "Preparing"}; empty when there is no
     * exchange at all to compare with.
     */
    public static String report(Expectation expected, List<Exchange> exchanges) {
        List<Candidate> ranked = exchanges.stream()
                .map(e -> new Candidate(e, expected.mismatches(e), e.action().equals(expected.action())))
                .filter(c -> !c.mismatches().isEmpty())
                .sorted(Comparator.comparing((Candidate c) -> !c.sameAction())
                        .thenComparingInt(c -> c.mismatches().size())
                        .thenComparing(Comparator.comparingLong((Candidate c) -> c.exchange().sequence()).reversed()))
                .limit(MAX_SHOWN)
                .toList();
        if (ranked.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("closest:");
        for (Candidate c : ranked) {
            Exchange e = c.exchange();
            b.append("\n  #").append(e.sequence()).append(' ').append(Texts.cut(e.identity(), 40)).append(' ')
                    .append(Texts.cut(e.action(), 60)).append(": ");
            List<String> shown = c.mismatches().subList(0, Math.min(MAX_FIELDS, c.mismatches().size()));
            b.append(String.join("; ", shown));
            if (c.mismatches().size() > shown.size()) {
                b.append("; (").append(c.mismatches().size() - shown.size()).append(" more)");
            }
        }
        return b.toString();
    }
}
