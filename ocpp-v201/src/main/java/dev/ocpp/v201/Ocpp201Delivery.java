package dev.ocpp.v201;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.core.internal.settings.CommSettingChange;
import dev.ocpp.v201.internal.Ocpp201TransactionRules;
import java.time.Duration;
import java.util.Optional;

/**
 * Durable delivery of OCPP 2.0.1 transaction messages (Part 2 E04, E13) and security events (A04.FR.02): the
 * station side's queueing rules and the CSMS side's duplicate and gap detection.
 */
public final class Ocpp201Delivery {

    private static final String TRANSACTION_EVENT = "TransactionEvent";
    private static final String SECURITY_EVENT = "SecurityEventNotification";
    /** State keys of the next seqNo of each open transaction, by transaction id. */
    static final String SEQ_NO = "delivery/seqNo/";
    private static final String QUEUE_ALL = "QueueAllMessages";
    private static final String SET_VARIABLES = "SetVariables";
    /** The specification sets no defaults for E13's variables; these match the 1.6 example (3 attempts, 60 s). */
    private static final DeliveryPolicy.RetrySettings DEFAULT_RETRY =
            new DeliveryPolicy.RetrySettings(3, Duration.ofSeconds(60));

    private Ocpp201Delivery() {
    }

    /**
     * The station's rules for a {@link dev.ocpp.core.delivery.DeliveryQueue}:
     * <ul>
     *   <li>TransactionEvent (E04.FR.01/02) and SecurityEventNotification (A04.FR.02: guaranteed delivery) are
     *       queued and delivered in order;</li>
     *   <li>a TransactionEvent queued while the station has no connection carries {@code offline=true}
     *       (E04.FR.03);</li>
     *   <li>the queue numbers each transaction's events: {@code seqNo} 0 for the first, then one more for each
     *       (the counter is kept in the store, so it continues across reconnects and restarts, and ends with the
     *       {@code Ended} event); the {@code seqNo} the application set is replaced. Use
     *       {@link #policyKeepingSeqNo()} to number them yourself;</li>
     *   <li>retries: {@code OCPPCommCtrlr.MessageAttempts} and {@code MessageAttemptInterval} of instance
     *       {@code TransactionEvent} (E13, followed when a SetVariables of them is accepted), counting CALLERRORs
     *       and messages not answered within the message timeout (E13.FR.02/03), discarded after the last attempt
     *       (E13.FR.04); defaults 3 and 60 s (the specification sets none);</li>
     *   <li>when the queue is full, intermediate {@code Updated} events are dropped, the 1st, 3rd, 5th and so on
     *       (E04.FR.07/08); {@code Started} and {@code Ended} events and security events never are;</li>
     *   <li>an accepted SetVariables of {@code OCPPCommCtrlr.QueueAllMessages} switches queueing of every other
     *       message (but BootNotification and Heartbeat) on or off.</li>
     * </ul>
     */
    public static DeliveryPolicy policy() {
        return Policy201.NUMBERING;
    }

    /** {@link #policy()}, but the application's {@code seqNo} is sent as it is. */
    public static DeliveryPolicy policyKeepingSeqNo() {
        return Policy201.KEEPING;
    }

    private enum Policy201 implements DeliveryPolicy {
        NUMBERING(true), KEEPING(false);

        private final boolean numbering;

        Policy201(boolean numbering) {
            this.numbering = numbering;
        }

        @Override
        public OcppVersion version() {
            return OcppVersion.OCPP201;
        }

        @Override
        public boolean isTransactionMessage(String action, ObjectNode payload, boolean ofTransaction) {
            return TRANSACTION_EVENT.equals(action) || SECURITY_EVENT.equals(action);
        }

        @Override
        public void prepare(String action, ObjectNode payload, boolean offline, State state) {
            if (!TRANSACTION_EVENT.equals(action)) {
                return;
            }
            if (offline) {
                payload.put("offline", true);
            }
            if (!numbering) {
                return;
            }
            String id = payload.path("transactionInfo").path("transactionId").asText(null);
            if (id == null) {
                throw new IllegalArgumentException("a TransactionEvent without transactionInfo.transactionId");
            }
            String key = SEQ_NO + id;
            String next = state.get(key);
            int seqNo = next == null ? 0 : Integer.parseInt(next);
            payload.put("seqNo", seqNo);
            if ("Ended".equals(payload.path("eventType").asText())) {
                state.remove(key);
            } else {
                state.put(key, Integer.toString(seqNo + 1));
            }
        }

        @Override
        public boolean droppable(String action, ObjectNode payload) {
            return TRANSACTION_EVENT.equals(action) && "Updated".equals(payload.path("eventType").asText());
        }

        @Override
        public boolean timeoutCountsAsAttempt() {
            return true;
        }

        @Override
        public RetrySettings defaultRetrySettings() {
            return DEFAULT_RETRY;
        }

        @Override
        public boolean mayChangeSettings(String action) {
            return SET_VARIABLES.equals(action);
        }

        @Override
        public Optional<Boolean> changedQueueAll(String action, ObjectNode request, ObjectNode answer) {
            if (!SET_VARIABLES.equals(action)) {
                return Optional.empty();
            }
            String value = CommSettingChange.requestedValue(action, request, QUEUE_ALL, null);
            if (value == null || !(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))
                    || !CommSettingChange.accepted(action, answer, QUEUE_ALL, null)) {
                return Optional.empty();
            }
            return Optional.of(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public RetrySettings changedSettings(String action, ObjectNode request, ObjectNode answer,
                                             RetrySettings current) {
            RetrySettings out = current;
            Integer attempts = accepted(request, answer, "MessageAttempts");
            if (attempts != null && attempts >= 1) {
                out = out.withAttempts(attempts);
            }
            Integer interval = accepted(request, answer, "MessageAttemptInterval");
            if (interval != null && interval >= 0) {
                out = out.withInterval(Duration.ofSeconds(interval));
            }
            return out;
        }
    }

    /**
     * The value SetVariables asked {@code OCPPCommCtrlr.<name>[TransactionEvent]} (the Actual attribute) to take, if
     * the answer accepted it; also under the combined name {@code <name>TransactionEvent} some stations use.
     */
    private static Integer accepted(ObjectNode request, ObjectNode answer, String name) {
        String[][] forms = {{name, TRANSACTION_EVENT}, {name + TRANSACTION_EVENT, null}};
        for (String[] form : forms) {
            String value = CommSettingChange.requestedValue(SET_VARIABLES, request, form[0], form[1]);
            if (value != null && CommSettingChange.accepted(SET_VARIABLES, answer, form[0], form[1])) {
                try {
                    return Integer.valueOf(value.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
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
