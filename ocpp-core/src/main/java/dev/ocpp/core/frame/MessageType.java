package dev.ocpp.core.frame;

/**
 * The message type numbers of OCPP-J (1.6 §4.1.3, 2.0.1 Part 4 §4.1.3, 2.1 Part 4 §4.1.3).
 * {@link #CALL_RESULT_ERROR} and {@link #SEND} exist only in OCPP 2.1.
 */
public enum MessageType {
    CALL(2),
    CALL_RESULT(3),
    CALL_ERROR(4),
    CALL_RESULT_ERROR(5),
    SEND(6);

    private final int id;

    MessageType(int id) {
        this.id = id;
    }

    /** The number that starts the frame's JSON array. */
    public int id() {
        return id;
    }

    /** The type with this number, or {@code null} if the number is not an OCPP-J message type. */
    public static MessageType of(int id) {
        switch (id) {
            case 2: return CALL;
            case 3: return CALL_RESULT;
            case 4: return CALL_ERROR;
            case 5: return CALL_RESULT_ERROR;
            case 6: return SEND;
            default: return null;
        }
    }
}
