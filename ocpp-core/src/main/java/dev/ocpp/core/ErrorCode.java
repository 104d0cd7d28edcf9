package dev.ocpp.core;

import java.util.Optional;

/**
 * The CALLERROR codes of OCPP-J, under one canonical name each (the OCPP 2.0.1 spelling).
 *
 * <p>OCPP-J 1.6 (§4.2.3 Table 7) spells two of them differently and keeps the typos on purpose
 * (1.6-J errata §5): {@code FormationViolation} for {@link #FORMAT_VIOLATION} and
 * {@code OccurenceConstraintViolation} for {@link #OCCURRENCE_CONSTRAINT_VIOLATION}. It has no
 * {@link #MESSAGE_TYPE_NOT_SUPPORTED} or {@link #RPC_FRAMEWORK_ERROR}; see
 * {@link dev.ocpp.core.frame.Dialect#errorCode(ErrorCode)} for what is sent instead.
 * OCPP 2.0.1 Part 4 §4.3 Table 8 and OCPP 2.1 Part 4 §4.3 list all twelve.
 *
 * <p>{@link #parse(String)} accepts every spelling of every version, so a peer that mixes them up
 * is still understood.
 */
public enum ErrorCode {
    FORMAT_VIOLATION("FormatViolation", "FormationViolation"),
    GENERIC_ERROR("GenericError", "GenericError"),
    INTERNAL_ERROR("InternalError", "InternalError"),
    MESSAGE_TYPE_NOT_SUPPORTED("MessageTypeNotSupported", null),
    NOT_IMPLEMENTED("NotImplemented", "NotImplemented"),
    NOT_SUPPORTED("NotSupported", "NotSupported"),
    OCCURRENCE_CONSTRAINT_VIOLATION("OccurrenceConstraintViolation", "OccurenceConstraintViolation"),
    PROPERTY_CONSTRAINT_VIOLATION("PropertyConstraintViolation", "PropertyConstraintViolation"),
    PROTOCOL_ERROR("ProtocolError", "ProtocolError"),
    RPC_FRAMEWORK_ERROR("RpcFrameworkError", null),
    SECURITY_ERROR("SecurityError", "SecurityError"),
    TYPE_CONSTRAINT_VIOLATION("TypeConstraintViolation", "TypeConstraintViolation");

    private final String v2Name;
    private final String v16Name;

    ErrorCode(String v2Name, String v16Name) {
        this.v2Name = v2Name;
        this.v16Name = v16Name;
    }

    /** The spelling OCPP 2.0.1 and 2.1 use on the wire. */
    public String v2Name() {
        return v2Name;
    }

    /** The spelling OCPP-J 1.6 uses on the wire, or empty where 1.6 has no such code. */
    public Optional<String> v16Name() {
        return Optional.ofNullable(v16Name);
    }

    /**
     * The code a received wire string stands for, whatever version's spelling it uses. Matching is exact
     * (the codes are case-sensitive on the wire). An unknown string yields empty; callers usually treat it
     * as {@link #GENERIC_ERROR}.
     */
    public static Optional<ErrorCode> parse(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        for (ErrorCode c : values()) {
            if (c.v2Name.equals(wire) || wire.equals(c.v16Name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
