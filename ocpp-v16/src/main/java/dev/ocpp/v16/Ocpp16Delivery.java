package dev.ocpp.v16;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.core.internal.settings.CommSettingChange;
import dev.ocpp.v16.internal.Ocpp16TransactionRules;
import java.time.Duration;
import java.util.Optional;

/**
 * Durable delivery of OCPP 1.6 transaction messages (§3.7, §3.7.1): the station side's queueing rules and the
 * Central System side's duplicate and gap detection.
 */
public final class Ocpp16Delivery {

    private static final String START = "StartTransaction";
    private static final String STOP = "StopTransaction";
    private static final String METER_VALUES = "MeterValues";
    private static final String ATTEMPTS = "TransactionMessageAttempts";
    private static final String RETRY_INTERVAL = "TransactionMessageRetryInterval";
    /** §9.1.31-32 give no defaults; these are the example of §3.7.1 (3 attempts, 60 s). */
    private static final DeliveryPolicy.RetrySettings DEFAULT_RETRY =
            new DeliveryPolicy.RetrySettings(3, Duration.ofSeconds(60));

    private Ocpp16Delivery() {
    }

    /**
     * The station's rules for a {@link dev.ocpp.core.delivery.DeliveryQueue} (§3.7):
     * <ul>
     *   <li>StartTransaction, StopTransaction and MeterValues that carry a {@code transactionId} (or are queued
     *       {@link dev.ocpp.core.CallOptions#withTransactionOf for a StartTransaction}) are queued and delivered in
     *       order; other messages may overtake them;</li>
     *   <li>a StopTransaction or MeterValues queued for a StartTransaction gets the {@code transactionId} of that
     *       StartTransaction's answer;</li>
     *   <li>retries: {@code TransactionMessageAttempts} and {@code TransactionMessageRetryInterval} (§9.1.31-32,
     *       followed when a ChangeConfiguration of them is accepted); after the n-th failure to process (a
     *       CALLERROR, as the 1.6-J errata read it) the wait is interval × n. A message that got no answer in time
     *       is sent again after the interval without counting: §3.7.1 names only failures to process;</li>
     *   <li>defaults 3 attempts and 60 s (the example of §3.7.1: the specification sets none);</li>
     *   <li>when the queue is full, MeterValues of a transaction are dropped first, every other one, oldest first:
     *       1.6 has no rule of its own, this follows OCPP 2.0.1 E04.FR.07/08. Start and Stop are never dropped.</li>
     * </ul>
     */
    public static DeliveryPolicy policy() {
        return Policy16.INSTANCE;
    }

    private enum Policy16 implements DeliveryPolicy {
        INSTANCE;

        @Override
        public OcppVersion version() {
            return OcppVersion.OCPP16;
        }

        @Override
        public boolean isTransactionMessage(String action, ObjectNode payload, boolean ofTransaction) {
            return switch (action) {
                case START, STOP -> true;
                case METER_VALUES -> ofTransaction || hasTransactionId(payload);
                default -> false;
            };
        }

        @Override
        public Optional<JsonNode> assignedTransactionId(String action, ObjectNode answer) {
            JsonNode id = START.equals(action) && answer != null ? answer.get("transactionId") : null;
            return id != null && id.canConvertToInt() ? Optional.of(id) : Optional.empty();
        }

        @Override
        public boolean endsTransaction(String action, ObjectNode payload) {
            return STOP.equals(action);
        }

        @Override
        public boolean droppable(String action, ObjectNode payload) {
            return METER_VALUES.equals(action);
        }

        @Override
        public boolean timeoutCountsAsAttempt() {
            return false;
        }

        @Override
        public RetrySettings defaultRetrySettings() {
            return DEFAULT_RETRY;
        }

        @Override
        public boolean mayChangeSettings(String action) {
            return "ChangeConfiguration".equals(action);
        }

        @Override
        public RetrySettings changedSettings(String action, ObjectNode request, ObjectNode answer,
                                             RetrySettings current) {
            for (String key : new String[] {ATTEMPTS, RETRY_INTERVAL}) {
                String v = CommSettingChange.requestedValue(action, request, key, null);
                Integer value = v == null ? null : wholeNumber(v);
                if (value == null || !CommSettingChange.accepted(action, answer, key, null)) {
                    continue;
                }
                if (ATTEMPTS.equals(key) && value >= 1) {
                    return current.withAttempts(value);
                }
                if (RETRY_INTERVAL.equals(key) && value >= 0) {
                    return current.withInterval(Duration.ofSeconds(value));
                }
            }
            return current;
        }

        private static boolean hasTransactionId(ObjectNode payload) {
            JsonNode id = payload.get("transactionId");
            return id != null && !id.isNull();
        }
    }

    private static Integer wholeNumber(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
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
