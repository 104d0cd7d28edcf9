package dev.ocpp.core.frame;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import java.util.Objects;

/**
 * What one OCPP-J version says about framing, in one place: how error codes are spelled, what an unknown
 * message type gets, which id answers an unreadable message, and the length limits.
 *
 * <table>
 *   <caption>Rules per version</caption>
 *   <tr><th>rule</th><th>1.6</th><th>2.0.1</th><th>2.1</th></tr>
 *   <tr><td>unknown message type</td><td>ignored (J16 §4.1.3)</td>
 *       <td>CALLERROR MessageTypeNotSupported (Part 4 §4.4)</td><td>ignored (Part 4 §4.4)</td></tr>
 *   <tr><td>id of an unreadable message</td><td>not answered</td><td>{@code "-1"} (Part 4 §4.2.3)</td>
 *       <td>{@code "-1"}</td></tr>
 *   <tr><td>errorDescription</td><td>unbounded</td><td>at most 255 characters</td><td>at most 255</td></tr>
 *   <tr><td>message id</td><td colspan="3">at most 36 characters (J16 Table 3, Part 4 Table 4)</td></tr>
 *   <tr><td>CALLRESULTERROR, SEND</td><td>unknown types</td><td>unknown types</td><td>supported</td></tr>
 * </table>
 *
 * <p>Codes that 1.6 lacks are sent as their nearest 1.6 code: framework-level faults
 * ({@link ErrorCode#RPC_FRAMEWORK_ERROR}) become {@code GenericError}, the code 1.6 reserves for errors "not
 * covered by the others". {@code MessageTypeNotSupported} is never sent on 1.6 because unknown types are
 * ignored there.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Dialect {

    /** The largest message id any version allows. */
    public static final int MAX_MESSAGE_ID_LENGTH = 36;

    /** The id OCPP 2.x puts in a CALLERROR that answers a message whose own id could not be read. */
    public static final String UNREADABLE_ID = "-1";

    private static final Dialect OCPP16 = new Dialect(OcppVersion.OCPP16);
    private static final Dialect OCPP201 = new Dialect(OcppVersion.OCPP201);
    private static final Dialect OCPP21 = new Dialect(OcppVersion.OCPP21);

    private final OcppVersion version;

    private Dialect(OcppVersion version) {
        this.version = version;
    }

    /** The rules of one version. */
    public static Dialect of(OcppVersion version) {
        switch (Objects.requireNonNull(version, "version")) {
            case OCPP16: return OCPP16;
            case OCPP201: return OCPP201;
            case OCPP21: return OCPP21;
            default: throw new IllegalArgumentException(version.name());
        }
    }

    public OcppVersion version() {
        return version;
    }

    /** The wire spelling of {@code code} for this version (see the class notes for codes 1.6 lacks). */
    public String errorCode(ErrorCode code) {
        if (version != OcppVersion.OCPP16) {
            return code.v2Name();
        }
        return code.v16Name().orElse(ErrorCode.GENERIC_ERROR.v2Name());
    }

    /** Whether this version defines the message type (5 and 6 exist only from 2.1 on). */
    public boolean supports(MessageType type) {
        if (type == MessageType.CALL_RESULT_ERROR || type == MessageType.SEND) {
            return version == OcppVersion.OCPP21;
        }
        return true;
    }

    /** Whether a message of an unknown type is answered with CALLERROR MessageTypeNotSupported (2.0.1 only). */
    public boolean answersUnknownMessageType() {
        return version == OcppVersion.OCPP201;
    }

    /** Whether a malformed CALL whose id cannot be read is answered with the id {@value #UNREADABLE_ID}. */
    public boolean answersUnreadableId() {
        return version != OcppVersion.OCPP16;
    }

    /** The longest errorDescription this version allows, in characters. */
    public int maxErrorDescriptionLength() {
        return version == OcppVersion.OCPP16 ? Integer.MAX_VALUE : 255;
    }

    /**
     * Whether a {@code null} CALL or CALLRESULT payload is read as an empty object. OCPP-J 1.6 Tables 4 and 5
     * permit {@code null} for an empty payload (while preferring {@code {}}); 2.x requires an object.
     */
    public boolean acceptsNullPayload() {
        return version == OcppVersion.OCPP16;
    }

    /**
     * A CALLERROR for this version: the code spelled as the version spells it, the description cut to the
     * version's limit (never inside a surrogate pair), and {@code {}} when there are no details.
     */
    public Frame.CallError callError(String messageId, ErrorCode code, String description, ObjectNode details) {
        return new Frame.CallError(messageId, errorCode(code), fitDescription(description),
                details == null ? JsonNodeFactory.instance.objectNode() : details);
    }

    /** {@code description} shortened to this version's limit; {@code null} becomes the empty string. */
    public String fitDescription(String description) {
        if (description == null) {
            return "";
        }
        int max = maxErrorDescriptionLength();
        if (description.length() <= max) {
            return description;
        }
        int end = max;
        if (Character.isHighSurrogate(description.charAt(end - 1))) {
            end--;
        }
        return description.substring(0, end);
    }

    @Override
    public String toString() {
        return "Dialect[" + version.subprotocol() + "]";
    }
}
