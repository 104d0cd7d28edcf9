package dev.ocpp.core.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed message, decoded under each of the three dialects, with the exact outcome the
 * project's rules demand: a CALLERROR with an exact wire code and message id, a silent drop, or (for the few
 * lenient cases) a valid frame.
 */
class MalformedFrameTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ID37 = "0123456789012345678901234567890123456";
    private static final String ID36 = ID37.substring(1);
    private static final String HUGE_TYPE = "9".repeat(1200);

    private static final Map<OcppVersion, FrameCodec> CODECS = new EnumMap<>(OcppVersion.class);

    static {
        for (OcppVersion v : OcppVersion.values()) {
            CODECS.put(v, new FrameCodec(Dialect.of(v)));
        }
    }

    // ------------------------------------------------------------------ expected outcomes

    /** What decoding must yield. */
    sealed interface Outcome {
        String describe();
    }

    /** A CALLERROR to send back, with exactly this code and id. */
    record Answer(String code, String id) implements Outcome {
        @Override
        public String describe() {
            return "answered with CALLERROR " + code + " for id \"" + id + "\"";
        }
    }

    /** No answer; where {@code checkIdAndType}, the Drop must carry this id and type. */
    record Silence(boolean checkIdAndType, String messageId, MessageType type) implements Outcome {
        @Override
        public String describe() {
            return checkIdAndType
                    ? "dropped without an answer, remembering id " + (messageId == null ? "null" : "\"" + messageId + "\"")
                            + " and type " + type
                    : "dropped without an answer";
        }
    }

    /** Accepted as this frame. */
    record Accepted(Frame frame) implements Outcome {
        @Override
        public String describe() {
            return "accepted as " + frame;
        }
    }

    /** One row of the table: a kind of message, one concrete text, and the rule that applies per version. */
    record Row(String what, String input, Function<OcppVersion, Outcome> rule) {
    }

    /** One row under one version. */
    record Case(OcppVersion version, String what, String input, Outcome expected) {
        @Override
        public String toString() {
            String shown = input.length() > 70 ? input.substring(0, 67) + "..." : input;
            return "on " + version + ", " + what + " " + shown + " is " + expected.describe();
        }
    }

    private static boolean v16(OcppVersion v) {
        return v == OcppVersion.OCPP16;
    }

    /** RpcFrameworkError on 2.x, GenericError on 1.6, with the given id. */
    private static Function<OcppVersion, Outcome> frameworkError(String id) {
        return v -> new Answer(v16(v) ? "GenericError" : "RpcFrameworkError", id);
    }

    /**
     * A CALL whose id is over 36 chars: 2.x answers RpcFrameworkError with "-1" so that its own CALLERROR keeps the
     * string[36] rule; 1.6, which has no "-1" convention but still calls for an answer, echoes the id.
     */
    private static Function<OcppVersion, Outcome> tooLongCallId(String id) {
        return v -> v16(v) ? new Answer("GenericError", id) : new Answer("RpcFrameworkError", "-1");
    }

    /** FormatViolation on 2.x, FormationViolation on 1.6, with the given id. */
    private static Function<OcppVersion, Outcome> formatViolation(String id) {
        return v -> new Answer(v16(v) ? "FormationViolation" : "FormatViolation", id);
    }

    /** Nothing readable: 2.x answers RpcFrameworkError "-1", 1.6 says nothing. */
    private static Function<OcppVersion, Outcome> unreadable() {
        return v -> v16(v) ? new Silence(false, null, null) : new Answer("RpcFrameworkError", "-1");
    }

    /** An unknown type number: 2.0.1 answers MessageTypeNotSupported, 1.6 and 2.1 drop. */
    private static Function<OcppVersion, Outcome> unknownType(String readableId) {
        String id = readableId == null || readableId.length() > 36 ? "-1" : readableId;
        return v -> v == OcppVersion.OCPP201
                ? new Answer("MessageTypeNotSupported", id)
                : new Silence(false, null, null);
    }

    /** A broken CALLRESULT or CALLERROR: dropped on every version, remembering what could be read. */
    private static Function<OcppVersion, Outcome> droppedResponse(String id, MessageType type) {
        return v -> new Silence(true, id, type);
    }

    /** A broken CALLRESULTERROR or SEND: dropped on 2.1; an unknown type on 1.6 and 2.0.1. */
    private static Function<OcppVersion, Outcome> dropped21(String id, MessageType type) {
        return v -> v == OcppVersion.OCPP21 ? new Silence(true, id, type) : unknownType(id).apply(v);
    }

    private static ObjectNode obj() {
        return NODES.objectNode();
    }

    private static Row row(String what, String input, Function<OcppVersion, Outcome> rule) {
        return new Row(what, input, rule);
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // --- not JSON / not an array / nothing readable
        rows.add(row("an empty message", "", unreadable()));
        rows.add(row("a message of blanks", "  \n\t ", unreadable()));
        rows.add(row("plain text", "hello", unreadable()));
        rows.add(row("an XML document", "<call id=\"abc\"/>", unreadable()));
        rows.add(row("a JSON object", "{\"messageTypeId\":2,\"messageId\":\"abc\"}", unreadable()));
        rows.add(row("a JSON string", "\"[2,\\\"abc\\\",\\\"Heartbeat\\\",{}]\"", unreadable()));
        rows.add(row("a JSON number", "2", unreadable()));
        rows.add(row("JSON null", "null", unreadable()));
        rows.add(row("a lone opening bracket", "[", unreadable()));
        rows.add(row("a lone closing bracket", "]", unreadable()));
        rows.add(row("an empty array", "[]", unreadable()));
        rows.add(row("an array holding only an id", "[\"abc\"]", unreadable()));

        // --- type element missing or not an integer, id readable
        rows.add(row("a frame whose type is a string", "[\"2\",\"abc\",\"Heartbeat\",{}]", frameworkError("abc")));
        rows.add(row("a frame whose type is null", "[null,\"abc\",\"Heartbeat\",{}]", frameworkError("abc")));
        rows.add(row("a frame whose type is a decimal", "[2.5,\"abc\",\"Heartbeat\",{}]", frameworkError("abc")));
        rows.add(row("a frame whose type is a boolean", "[true,\"abc\",\"Heartbeat\",{}]", frameworkError("abc")));
        rows.add(row("a frame whose type is an array", "[[2],\"abc\",\"Heartbeat\",{}]", frameworkError("abc")));
        rows.add(row("a frame whose type is an object", "[{\"t\":2},\"abc\",\"Heartbeat\",{}]",
                frameworkError("abc")));
        rows.add(row("a broken frame whose type is a string", "[\"2\",\"abc\",\"Heartbeat\",{",
                frameworkError("abc")));
        // ... id readable but too long to be an id
        rows.add(row("a frame whose type is a string and whose id is 37 chars",
                "[\"2\",\"" + ID37 + "\",\"Heartbeat\",{}]", unreadable()));
        // ... id not readable
        rows.add(row("a frame whose type is a string and whose id is a number", "[\"2\",123,\"Heartbeat\",{}]",
                unreadable()));

        // --- CALL without a readable id
        rows.add(row("a CALL with only a type", "[2]", unreadable()));
        rows.add(row("a CALL whose id is a number", "[2,123,\"Heartbeat\",{}]", unreadable()));
        rows.add(row("a CALL whose id is null", "[2,null,\"Heartbeat\",{}]", unreadable()));
        rows.add(row("a CALL whose id is an object", "[2,{\"id\":\"abc\"},\"Heartbeat\",{}]", unreadable()));
        rows.add(row("a CALL whose id is an array", "[2,[\"abc\"],\"Heartbeat\",{}]", unreadable()));
        rows.add(row("a CALL whose id is an unterminated string", "[2,\"abc", unreadable()));
        rows.add(row("a CALL cut after the type", "[2,", unreadable()));
        rows.add(row("a CALL missing the comma before the id", "[2 \"abc\",\"Heartbeat\",{}]", unreadable()));

        // --- CALL: id too long
        rows.add(row("a CALL whose id is 37 chars", "[2,\"" + ID37 + "\",\"Heartbeat\",{}]",
                tooLongCallId(ID37)));
        rows.add(row("a CALL whose id is 100 chars", "[2,\"" + "a".repeat(100) + "\",\"Heartbeat\",{}]",
                tooLongCallId("a".repeat(100))));

        // --- CALL: broken JSON after a readable id
        rows.add(row("a CALL cut inside the payload", "[2,\"abc\",\"Heartbeat\",{", formatViolation("abc")));
        rows.add(row("a CALL missing its closing bracket", "[2,\"abc\",\"Heartbeat\",{}", formatViolation("abc")));
        rows.add(row("a CALL cut after the action", "[2,\"abc\",\"Heartbeat\"", formatViolation("abc")));
        rows.add(row("a CALL cut after the id", "[2,\"abc\"", formatViolation("abc")));
        rows.add(row("a CALL cut after the comma after the id", "[2,\"abc\",", formatViolation("abc")));
        rows.add(row("a CALL with garbage after the array", "[2,\"abc\",\"Heartbeat\",{}]x",
                formatViolation("abc")));
        rows.add(row("a CALL with a second closing bracket", "[2,\"abc\",\"Heartbeat\",{}]]",
                formatViolation("abc")));
        rows.add(row("a CALL followed by a second frame", "[2,\"abc\",\"Heartbeat\",{}][3,\"abc\",{}]",
                formatViolation("abc")));
        rows.add(row("a CALL with an unquoted action", "[2,\"abc\",Heartbeat,{}]", formatViolation("abc")));
        rows.add(row("a CALL missing the comma after the id", "[2,\"abc\" \"Heartbeat\",{}]",
                formatViolation("abc")));
        rows.add(row("a CALL with a mismatched payload bracket", "[2,\"abc\",\"Heartbeat\",{]",
                formatViolation("abc")));
        rows.add(row("a CALL with a trailing comma in the payload", "[2,\"abc\",\"Heartbeat\",{\"a\":1,}]",
                formatViolation("abc")));
        rows.add(row("a CALL with single-quoted payload keys", "[2,\"abc\",\"Heartbeat\",{'a':1}]",
                formatViolation("abc")));
        rows.add(row("a CALL with NaN in the payload", "[2,\"abc\",\"Heartbeat\",{\"a\":NaN}]",
                formatViolation("abc")));
        rows.add(row("a CALL with an unterminated string in the payload",
                "[2,\"abc\",\"Heartbeat\",{\"a\":\"b}]", formatViolation("abc")));
        rows.add(row("a CALL with an invalid escape in the payload", "[2,\"abc\",\"Heartbeat\",{\"a\":\"\\q\"}]",
                formatViolation("abc")));

        // --- CALL: wrong element count
        rows.add(row("a CALL with 2 elements", "[2,\"abc\"]", frameworkError("abc")));
        rows.add(row("a CALL with 3 elements", "[2,\"abc\",\"Heartbeat\"]", frameworkError("abc")));
        rows.add(row("a CALL with 5 elements", "[2,\"abc\",\"Heartbeat\",{},{}]", frameworkError("abc")));
        rows.add(row("a CALL with 6 elements", "[2,\"abc\",\"Heartbeat\",{},{},{}]", frameworkError("abc")));
        rows.add(row("a CALL shaped like a CALLRESULT", "[2,\"abc\",{}]", frameworkError("abc")));

        // --- CALL: action not a string
        rows.add(row("a CALL whose action is a number", "[2,\"abc\",5,{}]", frameworkError("abc")));
        rows.add(row("a CALL whose action is null", "[2,\"abc\",null,{}]", frameworkError("abc")));
        rows.add(row("a CALL whose action is an object", "[2,\"abc\",{},{}]", frameworkError("abc")));
        rows.add(row("a CALL whose action is an array", "[2,\"abc\",[\"Heartbeat\"],{}]", frameworkError("abc")));
        rows.add(row("a CALL whose action is a boolean", "[2,\"abc\",true,{}]", frameworkError("abc")));

        // --- CALL: payload not an object
        rows.add(row("a CALL whose payload is an array", "[2,\"abc\",\"Heartbeat\",[]]", formatViolation("abc")));
        rows.add(row("a CALL whose payload is a string", "[2,\"abc\",\"Heartbeat\",\"{}\"]",
                formatViolation("abc")));
        rows.add(row("a CALL whose payload is a number", "[2,\"abc\",\"Heartbeat\",5]", formatViolation("abc")));
        rows.add(row("a CALL whose payload is a decimal", "[2,\"abc\",\"Heartbeat\",1.5]",
                formatViolation("abc")));
        rows.add(row("a CALL whose payload is a boolean", "[2,\"abc\",\"Heartbeat\",false]",
                formatViolation("abc")));
        rows.add(row("a CALL whose payload is null", "[2,\"abc\",\"Heartbeat\",null]",
                v -> v16(v) ? new Accepted(new Frame.Call("abc", "Heartbeat", obj()))
                        : formatViolation("abc").apply(v)));

        // --- CALL at the id-length boundary (valid)
        rows.add(row("a CALL whose id is exactly 36 chars", "[2,\"" + ID36 + "\",\"Heartbeat\",{}]",
                v -> new Accepted(new Frame.Call(ID36, "Heartbeat", obj()))));

        // --- unknown integer types
        // A type number past Jackson's number-length limit stops the parser before the id is read: still an unknown
        // type, but with no readable id.
        rows.add(row("a frame of unknown type with a " + HUGE_TYPE.length() + "-digit number",
                "[" + HUGE_TYPE + ",\"abc\",\"Heartbeat\",{}]", unknownType(null)));
        for (String t : List.of("0", "1", "7", "99", "-1", "2147483648", "99999999999999999999")) {
            String label = t.length() > 20 ? "a " + t.length() + "-digit number" : t;
            rows.add(row("a frame of unknown type " + label, "[" + t + ",\"abc\",\"Heartbeat\",{}]",
                    unknownType("abc")));
        }
        rows.add(row("a broken frame of unknown type 7", "[7,\"abc\",{", unknownType("abc")));
        rows.add(row("a frame of unknown type 7 with only a type", "[7]", unknownType(null)));
        rows.add(row("a frame of unknown type 7 whose id is a number", "[7,123,\"Heartbeat\",{}]",
                unknownType(null)));
        rows.add(row("a frame of unknown type 7 whose id is 37 chars", "[7,\"" + ID37 + "\",\"Heartbeat\",{}]",
                unknownType(ID37)));

        // --- types 5 and 6: unknown before 2.1, valid on 2.1
        rows.add(row("a well-formed CALLRESULTERROR", "[5,\"abc\",\"InternalError\",\"boom\",{}]",
                v -> v == OcppVersion.OCPP21
                        ? new Accepted(new Frame.CallResultError("abc", "InternalError", "boom", obj()))
                        : unknownType("abc").apply(v)));
        rows.add(row("a well-formed SEND", "[6,\"abc\",\"NotifyPeriodicEventStream\",{}]",
                v -> v == OcppVersion.OCPP21
                        ? new Accepted(new Frame.Send("abc", "NotifyPeriodicEventStream", obj()))
                        : unknownType("abc").apply(v)));

        // --- malformed CALLRESULT: always dropped
        MessageType r = MessageType.CALL_RESULT;
        rows.add(row("a CALLRESULT with only a type", "[3]", droppedResponse(null, r)));
        rows.add(row("a CALLRESULT with 2 elements", "[3,\"abc\"]", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT with 4 elements", "[3,\"abc\",{},{}]", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT shaped like a CALL", "[3,\"abc\",\"Heartbeat\",{}]", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT whose payload is an array", "[3,\"abc\",[]]", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT whose payload is a string", "[3,\"abc\",\"ok\"]", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT whose payload is a number", "[3,\"abc\",5]", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT whose payload is null (OCPP-J 1.6 Table 5 allows it)", "[3,\"abc\",null]",
                v -> v16(v) ? new Accepted(new Frame.CallResult("abc", obj())) : droppedResponse("abc", r).apply(v)));
        rows.add(row("a CALLRESULT whose id is a number", "[3,123,{}]", droppedResponse(null, r)));
        rows.add(row("a CALLRESULT whose id is null", "[3,null,{}]", droppedResponse(null, r)));
        rows.add(row("a CALLRESULT cut inside the payload", "[3,\"abc\",{", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT missing its closing bracket", "[3,\"abc\",{}", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT with garbage after the array", "[3,\"abc\",{}]x", droppedResponse("abc", r)));
        rows.add(row("a CALLRESULT with a broken payload", "[3,\"abc\",{\"a\":}]", droppedResponse("abc", r)));

        // --- malformed CALLERROR: always dropped
        MessageType e = MessageType.CALL_ERROR;
        rows.add(row("a CALLERROR with only a type", "[4]", droppedResponse(null, e)));
        rows.add(row("a CALLERROR with 2 elements", "[4,\"abc\"]", droppedResponse("abc", e)));
        rows.add(row("a CALLERROR with 4 elements", "[4,\"abc\",\"GenericError\",\"desc\"]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR with 6 elements", "[4,\"abc\",\"GenericError\",\"desc\",{},{}]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose code is a number", "[4,\"abc\",5,\"desc\",{}]", droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose code is null", "[4,\"abc\",null,\"desc\",{}]", droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose description is a number", "[4,\"abc\",\"GenericError\",5,{}]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose description is null", "[4,\"abc\",\"GenericError\",null,{}]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose description is an object", "[4,\"abc\",\"GenericError\",{},{}]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose details are an array", "[4,\"abc\",\"GenericError\",\"desc\",[]]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose details are a string", "[4,\"abc\",\"GenericError\",\"desc\",\"x\"]",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose id is a number", "[4,123,\"GenericError\",\"desc\",{}]",
                droppedResponse(null, e)));
        rows.add(row("a CALLERROR cut inside the details", "[4,\"abc\",\"GenericError\",\"desc\",{",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR with garbage after the array", "[4,\"abc\",\"GenericError\",\"desc\",{}]}",
                droppedResponse("abc", e)));
        rows.add(row("a CALLERROR whose details are null", "[4,\"abc\",\"GenericError\",\"desc\",null]",
                v -> new Accepted(new Frame.CallError("abc", "GenericError", "desc", obj()))));

        // --- malformed CALLRESULTERROR: dropped on 2.1, unknown type before
        MessageType re = MessageType.CALL_RESULT_ERROR;
        rows.add(row("a CALLRESULTERROR with 4 elements", "[5,\"abc\",\"InternalError\",\"boom\"]",
                dropped21("abc", re)));
        rows.add(row("a CALLRESULTERROR with 6 elements", "[5,\"abc\",\"InternalError\",\"boom\",{},{}]",
                dropped21("abc", re)));
        rows.add(row("a CALLRESULTERROR whose code is a number", "[5,\"abc\",5,\"boom\",{}]",
                dropped21("abc", re)));
        rows.add(row("a CALLRESULTERROR whose description is null", "[5,\"abc\",\"InternalError\",null,{}]",
                dropped21("abc", re)));
        rows.add(row("a CALLRESULTERROR whose details are an array", "[5,\"abc\",\"InternalError\",\"boom\",[]]",
                dropped21("abc", re)));
        rows.add(row("a CALLRESULTERROR whose id is a number", "[5,123,\"InternalError\",\"boom\",{}]",
                dropped21(null, re)));
        rows.add(row("a CALLRESULTERROR cut inside the details", "[5,\"abc\",\"InternalError\",\"boom\",{",
                dropped21("abc", re)));

        // --- malformed SEND: dropped on 2.1, unknown type before
        MessageType s = MessageType.SEND;
        rows.add(row("a SEND with 3 elements", "[6,\"abc\",\"NotifyPeriodicEventStream\"]", dropped21("abc", s)));
        rows.add(row("a SEND with 5 elements", "[6,\"abc\",\"NotifyPeriodicEventStream\",{},{}]",
                dropped21("abc", s)));
        rows.add(row("a SEND whose action is a number", "[6,\"abc\",5,{}]", dropped21("abc", s)));
        rows.add(row("a SEND whose payload is an array", "[6,\"abc\",\"NotifyPeriodicEventStream\",[]]",
                dropped21("abc", s)));
        rows.add(row("a SEND whose payload is null", "[6,\"abc\",\"NotifyPeriodicEventStream\",null]",
                dropped21("abc", s)));
        rows.add(row("a SEND whose id is a number", "[6,123,\"NotifyPeriodicEventStream\",{}]",
                dropped21(null, s)));
        rows.add(row("a SEND cut inside the payload", "[6,\"abc\",\"NotifyPeriodicEventStream\",{",
                dropped21("abc", s)));
        rows.add(row("a SEND with garbage after the array", "[6,\"abc\",\"NotifyPeriodicEventStream\",{}]x",
                dropped21("abc", s)));
        return rows;
    }

    static Stream<Case> cases() {
        return rows().stream().flatMap(row -> Stream.of(OcppVersion.values())
                .map(v -> new Case(v, row.what(), row.input(), row.rule().apply(v))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesAsTheVersionRequires(Case c) {
        FrameCodec codec = CODECS.get(c.version());
        DecodeResult[] holder = new DecodeResult[1];
        assertThatCode(() -> holder[0] = codec.decode(c.input())).as(c.toString()).doesNotThrowAnyException();
        DecodeResult result = holder[0];

        if (c.expected() instanceof Answer answer) {
            assertThat(result).as(c.toString()).isInstanceOf(DecodeResult.Reply.class);
            Frame.CallError reply = ((DecodeResult.Reply) result).reply();
            assertThat(reply.errorCode()).as(c + " (error code)").isEqualTo(answer.code());
            assertThat(reply.messageId()).as(c + " (message id)").isEqualTo(answer.id());
            assertThat(reply.errorDetails()).as(c + " (errorDetails)").isEqualTo(obj());
            if (c.version() != OcppVersion.OCPP16) {
                assertThat(reply.errorDescription().length()).as(c + " (description length)")
                        .isLessThanOrEqualTo(255);
            }
        } else if (c.expected() instanceof Silence silence) {
            assertThat(result).as(c.toString()).isInstanceOf(DecodeResult.Drop.class);
            if (silence.checkIdAndType()) {
                DecodeResult.Drop drop = (DecodeResult.Drop) result;
                assertThat(drop.messageId()).as(c + " (Drop.messageId)").isEqualTo(silence.messageId());
                assertThat(drop.type()).as(c + " (Drop.type)").isEqualTo(silence.type());
            }
        } else if (c.expected() instanceof Accepted accepted) {
            assertThat(result).as(c.toString()).isEqualTo(new DecodeResult.Valid(accepted.frame()));
        }
    }
}
