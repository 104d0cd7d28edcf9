package dev.ocpp.v16;

import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.v16.internal.Ocpp16TransactionRules;

/**
 * Durable delivery of OCPP 1.6 transaction messages (§3.7, §3.7.1): the station side's queueing rules and the
 * Central System side's duplicate and gap detection.
 */
public final class Ocpp16Delivery {

    private Ocpp16Delivery() {
    }

    // ------------------------------------------------------------------ Central System side

    /**
     * A {@link TransactionTracker} builder preset with the OCPP 1.6 rules, for the Central System: recognises a
     * StartTransaction, StopTransaction or MeterValues (with a transactionId) that a charge point sent again because
     * it did not get the answer (§3.7, §3.7.1), and by default answers the copy with the first answer, so a repeated
     * StartTransaction gets the same transactionId. 1.6 numbers nothing, so copies are recognised by content:
     * <ul>
     *   <li>StartTransaction: the same connectorId, idTag, meterStart and timestamp as an earlier one of the
     *       station (§4.8);</li>
     *   <li>StopTransaction: the same transactionId, meterStop and timestamp (§4.10);</li>
     *   <li>MeterValues: the same transactionId and meterValue list, timestamps and sampled values (§4.7).</li>
     * </ul>
     * Timestamps are compared as instants. A MeterValues or StopTransaction older than the newest message of its
     * transaction is reported out of order; one for a transactionId the tracker never saw assigned, unknown (which
     * may only mean the tracker started later). No gaps: 1.6 messages carry no sequence number.
     *
     * <pre>{@code
     * TransactionTracker tracker = Ocpp16Delivery.tracker().onFinding(f -> log.info("{}", f)).build();
     * Ocpp16CentralSystem cs = Ocpp16CentralSystem.builder(transport).intercept(tracker) ... .build();
     * }</pre>
     */
    public static TransactionTracker.Builder tracker() {
        return TransactionTracker.builder(new Ocpp16TransactionRules());
    }
}
