package dev.ocpp.core.frame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One OCPP-J message: the JSON array that travels in a WebSocket text frame.
 *
 * <p>Payloads are Jackson {@link ObjectNode}s, which are mutable: a payload must not be changed after the
 * frame that carries it has been handed to a session for sending.
 */
public sealed interface Frame
        permits Frame.Call, Frame.CallResult, Frame.CallError, Frame.CallResultError, Frame.Send {

    /** The message type number of this frame. */
    MessageType type();

    /** The message id: the CALL's own, or for replies the id of the message being answered. */
    String messageId();

    /** {@code [2, messageId, action, payload]}: a request that expects exactly one CALLRESULT or CALLERROR. */
    record Call(String messageId, String action, ObjectNode payload) implements Frame {
        public Call {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL;
        }
    }

    /** {@code [3, messageId, payload]}: the successful answer to a CALL. */
    record CallResult(String messageId, ObjectNode payload) implements Frame {
        public CallResult {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL_RESULT;
        }
    }

    /**
     * {@code [4, messageId, errorCode, errorDescription, errorDetails]}: the error answer to a CALL.
     * {@code errorCode} is kept as the wire string so that codes from any version (and unknown ones) survive
     * a round trip; {@link dev.ocpp.core.ErrorCode#parse(String)} interprets it.
     */
    record CallError(String messageId, String errorCode, String errorDescription, ObjectNode errorDetails)
            implements Frame {
        public CallError {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(errorDescription, "errorDescription");
            Objects.requireNonNull(errorDetails, "errorDetails");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL_ERROR;
        }
    }

    /**
     * {@code [5, messageId, errorCode, errorDescription, errorDetails]} (OCPP 2.1 only): sent back in reply to a
     * CALLRESULT that could not be processed; the id is that CALLRESULT's.
     */
    record CallResultError(String messageId, String errorCode, String errorDescription, ObjectNode errorDetails)
            implements Frame {
        public CallResultError {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(errorDescription, "errorDescription");
            Objects.requireNonNull(errorDetails, "errorDetails");
        }

        @Override
        public MessageType type() {
            return MessageType.CALL_RESULT_ERROR;
        }
    }

    /**
     * {@code [6, messageId, action, payload]} (OCPP 2.1 only): an unconfirmed message; never answered and not
     * subject to the one-outstanding-CALL rule.
     */
    record Send(String messageId, String action, ObjectNode payload) implements Frame {
        public Send {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public MessageType type() {
            return MessageType.SEND;
        }
    }
}
