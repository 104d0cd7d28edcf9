package dev.ocpp.core.frame;

import java.util.Objects;

/**
 * What {@link FrameCodec#decode(String)} made of one text message: a valid frame, a CALLERROR the version
 * says to send back, or nothing to answer.
 */
public sealed interface DecodeResult permits DecodeResult.Valid, DecodeResult.Reply, DecodeResult.Drop {

    /** A well-formed frame. */
    record Valid(Frame frame) implements DecodeResult {
        public Valid {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /**
     * A malformed message that the version says to answer: {@code reply} is the CALLERROR to send, already
     * spelled and bounded for the version.
     */
    record Reply(Frame.CallError reply, String reason) implements DecodeResult {
        public Reply {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A message that gets no answer: an unknown type where the version ignores those, a broken CALL whose id
     * cannot be read on 1.6, or any broken reply (a CALLRESULT or CALLERROR is never answered with a
     * CALLERROR). {@code messageId} and {@code type} are set where they could be read, so that the caller can
     * fail a pending call instead of letting it time out.
     */
    record Drop(String reason, String messageId, MessageType type) implements DecodeResult {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
