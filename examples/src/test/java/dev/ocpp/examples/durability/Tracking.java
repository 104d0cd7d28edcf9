package dev.ocpp.examples.durability;

import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16Delivery;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201Delivery;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The CSMS's transaction trackers, as a CSMS in production would install them (answering a re-sent message with its
 * first answer), collecting the duplicates they find. Each duplicate is checked against {@code lastHandled}, the
 * message id of the last message handled for its station: a station sends its next transaction message only once
 * the previous one is answered, so a re-sent message can only be a copy of the last one handled; anything else is
 * noted as a problem.
 */
final class Tracking {

    private Tracking() {
    }

    static void install16(Ocpp16CentralSystem.Builder b, List<String> duplicates, List<String> problems,
                          Function<String, String> lastHandled) {
        b.intercept(Ocpp16Delivery.tracker().onFinding(f -> note(f, duplicates, problems, lastHandled)).build());
    }

    static void install201(Ocpp201Csms.Builder b, List<String> duplicates, List<String> problems,
                           Function<String, String> lastHandled) {
        b.intercept(Ocpp201Delivery.tracker().onFinding(f -> note(f, duplicates, problems, lastHandled)).build());
    }

    private static void note(TransactionTracker.Finding f, List<String> duplicates, List<String> problems,
                             Function<String, String> lastHandled) {
        if (f instanceof TransactionTracker.Finding.Duplicate d) {
            duplicates.add(d.identity() + " " + d.action() + " " + d.matched());
            String last = lastHandled.apply(d.identity());
            if (!d.replayed() || !Objects.equals(d.firstMessageId(), last)) {
                problems.add("duplicate " + d + " is not a replayed copy of the last message handled (" + last
                        + ")");
            }
        }
    }
}
