package dev.ocpp.v201;

import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.v201.internal.Ocpp201TransactionRules;

/**
 * Durable delivery of OCPP 2.0.1 transaction messages (Part 2 E04, E13) and security events (A04.FR.02): the
 * station side's queueing rules and the CSMS side's duplicate and gap detection.
 */
public final class Ocpp201Delivery {

    private Ocpp201Delivery() {
    }

    // ------------------------------------------------------------------ CSMS side

    /**
     * A {@link TransactionTracker} builder preset with the OCPP 2.0.1 rules, for the CSMS: recognises a
     * TransactionEventRequest that a station sent again because it did not get the answer (E13.FR.02: after a
     * CALLERROR or no answer within the message timeout; E04.FR.01: queued while the connection was down), and by
     * default answers the copy with the first answer without calling the handler again. A transaction is its
     * {@code transactionInfo.transactionId}; its messages are numbered by {@code seqNo} (E04.FR.04), so:
     * <ul>
     *   <li>a copy is a seqNo already seen in the transaction;</li>
     *   <li>a gap is a seqNo more than one above the highest seen (or below the lowest); intermediate Updated
     *       events that a station short of memory dropped from its offline queue (E04.FR.07/08) show up as gaps,
     *       rightly;</li>
     *   <li>an Ended event with numbers missing between the lowest seen and its own, or a Started event that was
     *       not the lowest number, is reported incomplete (the first number is not assumed to be 0);</li>
     *   <li>an event below the highest number seen is reported out of order.</li>
     * </ul>
     * SecurityEventNotification, though delivered with guarantees too (A04.FR.02), belongs to no transaction and is
     * not tracked.
     *
     * <pre>{@code
     * TransactionTracker tracker = Ocpp201Delivery.tracker().onFinding(f -> log.info("{}", f)).build();
     * Ocpp201Csms csms = Ocpp201Csms.builder(transport).intercept(tracker) ... .build();
     * }</pre>
     */
    public static TransactionTracker.Builder tracker() {
        return TransactionTracker.builder(new Ocpp201TransactionRules());
    }
}
