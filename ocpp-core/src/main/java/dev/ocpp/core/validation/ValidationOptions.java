package dev.ocpp.core.validation;

import java.util.Objects;

/**
 * When payloads are checked against their message schemas, and which deviations of non-conformant peers are
 * tolerated. Immutable; {@link #defaults()} checks every payload in both directions and tolerates nothing.
 *
 * <p>The lenient options exist because chargers in the field send payloads the schemas forbid: vendor fields the
 * message does not define, strings longer than the limit. A tolerated violation never disappears silently: the
 * payload is used and a {@link ValidationReport} with {@code accepted == true} goes to
 * {@link dev.ocpp.core.OcppEventListener#payloadViolations}. Tolerance applies to what the peer sends
 * (incoming payloads) only; what we send is always held to the schema.
 */
public final class ValidationOptions {

    private static final ValidationOptions DEFAULTS = builder().build();
    private static final ValidationOptions OFF = builder().incomingCalls(false).incomingResults(false)
            .outgoingCalls(false).outgoingResults(false).build();

    private final boolean incomingCalls;
    private final boolean incomingResults;
    private final boolean outgoingCalls;
    private final boolean outgoingResults;
    private final boolean tolerateUnknownProperties;
    private final boolean tolerateOverlongStrings;

    private ValidationOptions(Builder b) {
        incomingCalls = b.incomingCalls;
        incomingResults = b.incomingResults;
        outgoingCalls = b.outgoingCalls;
        outgoingResults = b.outgoingResults;
        tolerateUnknownProperties = b.tolerateUnknownProperties;
        tolerateOverlongStrings = b.tolerateOverlongStrings;
    }

    /** Everything checked, nothing tolerated. */
    public static ValidationOptions defaults() {
        return DEFAULTS;
    }

    /** Nothing checked: payloads are only bound to their classes. */
    public static ValidationOptions off() {
        return OFF;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().incomingCalls(incomingCalls).incomingResults(incomingResults)
                .outgoingCalls(outgoingCalls).outgoingResults(outgoingResults)
                .tolerateUnknownProperties(tolerateUnknownProperties)
                .tolerateOverlongStrings(tolerateOverlongStrings);
    }

    /** Whether the payloads of incoming CALLs are checked before a handler sees them. */
    public boolean incomingCalls() {
        return incomingCalls;
    }

    /** Whether the payloads of incoming CALLRESULTs are checked before the caller sees them. */
    public boolean incomingResults() {
        return incomingResults;
    }

    /** Whether our own requests are checked before they are sent. */
    public boolean outgoingCalls() {
        return outgoingCalls;
    }

    /** Whether our handlers' responses are checked before they are sent. */
    public boolean outgoingResults() {
        return outgoingResults;
    }

    /** Whether incoming payloads may carry fields their schema does not define. */
    public boolean tolerateUnknownProperties() {
        return tolerateUnknownProperties;
    }

    /** Whether incoming strings may exceed their maxLength. */
    public boolean tolerateOverlongStrings() {
        return tolerateOverlongStrings;
    }

    /** Whether this violation of an incoming payload is tolerated. */
    public boolean tolerates(Violation v) {
        return switch (v.kind()) {
            case UNKNOWN_PROPERTY -> tolerateUnknownProperties;
            case TOO_LONG -> tolerateOverlongStrings;
            default -> false;
        };
    }

    /** Whether payloads going in {@code direction} are checked. */
    public boolean checks(PayloadDirection direction) {
        return switch (direction) {
            case INCOMING_CALL -> incomingCalls;
            case INCOMING_RESULT -> incomingResults;
            case OUTGOING_CALL -> outgoingCalls;
            case OUTGOING_RESULT -> outgoingResults;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationOptions v && v.incomingCalls == incomingCalls
                && v.incomingResults == incomingResults && v.outgoingCalls == outgoingCalls
                && v.outgoingResults == outgoingResults && v.tolerateUnknownProperties == tolerateUnknownProperties
                && v.tolerateOverlongStrings == tolerateOverlongStrings;
    }

    @Override
    public int hashCode() {
        return Objects.hash(incomingCalls, incomingResults, outgoingCalls, outgoingResults,
                tolerateUnknownProperties, tolerateOverlongStrings);
    }

    @Override
    public String toString() {
        return "ValidationOptions[incomingCalls=" + incomingCalls + ", incomingResults=" + incomingResults
                + ", outgoingCalls=" + outgoingCalls + ", outgoingResults=" + outgoingResults
                + ", tolerateUnknownProperties=" + tolerateUnknownProperties
                + ", tolerateOverlongStrings=" + tolerateOverlongStrings + "]";
    }

    /** Builds {@link ValidationOptions}; starts from the defaults. */
    public static final class Builder {
        private boolean incomingCalls = true;
        private boolean incomingResults = true;
        private boolean outgoingCalls = true;
        private boolean outgoingResults = true;
        private boolean tolerateUnknownProperties;
        private boolean tolerateOverlongStrings;

        private Builder() {
        }

        public Builder incomingCalls(boolean check) {
            incomingCalls = check;
            return this;
        }

        public Builder incomingResults(boolean check) {
            incomingResults = check;
            return this;
        }

        public Builder outgoingCalls(boolean check) {
            outgoingCalls = check;
            return this;
        }

        public Builder outgoingResults(boolean check) {
            outgoingResults = check;
            return this;
        }

        public Builder tolerateUnknownProperties(boolean tolerate) {
            tolerateUnknownProperties = tolerate;
            return this;
        }

        public Builder tolerateOverlongStrings(boolean tolerate) {
            tolerateOverlongStrings = tolerate;
            return this;
        }

        public ValidationOptions build() {
            return new ValidationOptions(this);
        }
    }
}
