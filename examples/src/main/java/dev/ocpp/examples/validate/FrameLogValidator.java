package dev.ocpp.examples.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.DecodeResult;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.frame.FrameCodec;
import dev.ocpp.core.frame.MessageType;
import dev.ocpp.core.validation.PayloadValidator;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Checks a log of OCPP 1.6J frames, one frame per line, as a charger or CSMS would log them: each frame's envelope,
 * and its payload against the schema of its action. Gives one {@link Verdict} per non-blank line, naming the
 * CALLERROR code (1.6 spelling) a peer of this library would answer with, or would have answered with had the
 * frame been answerable.
 *
 * <ul>
 *   <li>Blank lines are skipped: no verdict, but they count for line numbers, which are the file's own.</li>
 *   <li>A line the codec rejects gets the code the codec would answer with (FormationViolation for broken JSON or a
 *       payload that is not an object, GenericError for a broken envelope). Where the codec answers nothing (a
 *       broken CALLRESULT or CALLERROR, an unknown message type, no readable id), the same rules apply, so that a
 *       broken reply reads like a broken CALL.</li>
 *   <li>A CALL of an unknown action is NotImplemented; otherwise its payload is checked against the action's
 *       request schema.</li>
 *   <li>A CALLRESULT is checked against the response schema of the latest CALL with its message id earlier in the
 *       file (either direction: a log line does not say who sent it). Without such a CALL, or when that CALL was
 *       answered already, it is a GenericError.</li>
 *   <li>A CALLERROR is valid when well-formed with one of the ten error codes of OCPP-J 1.6 §4.2.3; it answers the
 *       CALL with its id, if any.</li>
 * </ul>
 * When a payload breaks its schema in several ways, the code is that of the most basic breakage (as the typed
 * engine picks it for a CALLERROR) and every violation is listed, that one first.
 *
 * <p>One instance reads one log: it remembers the CALLs seen so far. Not thread-safe.
 */
public final class FrameLogValidator {

    /** As the typed engine ranks violations for the CALLERROR code, so that a verdict matches a live answer. */
    private static final List<Violation.Kind> PRECEDENCE = List.of(Violation.Kind.NOT_AN_OBJECT,
            Violation.Kind.TYPE, Violation.Kind.MISSING, Violation.Kind.COUNT, Violation.Kind.UNKNOWN_PROPERTY,
            Violation.Kind.FORMAT, Violation.Kind.TOO_LONG, Violation.Kind.VALUE);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Dialect DIALECT = Dialect.of(OcppVersion.OCPP16);

    /**
     * The outcome for one line.
     *
     * @param line   the line number in the file, from 1
     * @param code   the CALLERROR code, or {@code null} when the frame is valid
     * @param reason what is wrong, or {@code null} when the frame is valid
     */
    public record Verdict(int line, ErrorCode code, String reason) {

        static Verdict ok(int line) {
            return new Verdict(line, null, null);
        }

        public boolean valid() {
            return code == null;
        }

        /** {@code <line> OK} or {@code <line> <code as 1.6 spells it> <reason>}; always a single line. */
        @Override
        public String toString() {
            return valid() ? line + " OK" : line + " " + DIALECT.errorCode(code) + " " + singleLine(reason);
        }
    }

    /** A CALL seen earlier: where, and for which action; {@code answeredOn} is 0 until a reply names its id. */
    private record Call(int line, String action, int answeredOn) {
    }

    private final FrameCodec codec = new FrameCodec(DIALECT);
    private final PayloadValidator validator = Ocpp16Validation.validator();
    private final Map<String, Call> calls = new HashMap<>();

    /**
     * Reads {@code log} to its end, passing a verdict for every non-blank line to {@code sink}.
     *
     * @return the number of invalid frames
     */
    public int validate(BufferedReader log, Consumer<Verdict> sink) throws IOException {
        int invalid = 0;
        int number = 0;
        for (String text = log.readLine(); text != null; text = log.readLine()) {
            number++;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a byte order mark, as some editors on Windows write
            }
            Verdict v = check(number, text);
            if (v != null) {
                sink.accept(v);
                if (!v.valid()) {
                    invalid++;
                }
            }
        }
        return invalid;
    }

    /** The verdict on line {@code number}, or {@code null} for a blank line. Lines must come in file order. */
    public Verdict check(int number, String text) {
        if (text.isBlank()) {
            return null;
        }
        DecodeResult decoded = codec.decode(text);
        if (decoded instanceof DecodeResult.Reply reply) {
            return new Verdict(number, ErrorCode.parse(reply.reply().errorCode()).orElse(ErrorCode.GENERIC_ERROR),
                    reply.reason());
        }
        if (decoded instanceof DecodeResult.Drop drop) {
            return unanswerable(number, text, drop);
        }
        Frame frame = ((DecodeResult.Valid) decoded).frame();
        if (frame.messageId().length() > Dialect.MAX_MESSAGE_ID_LENGTH) {
            return new Verdict(number, ErrorCode.GENERIC_ERROR,
                    "message id is longer than " + Dialect.MAX_MESSAGE_ID_LENGTH + " characters");
        }
        if (frame instanceof Frame.Call call) {
            return call(number, call);
        }
        if (frame instanceof Frame.CallResult result) {
            return result(number, result);
        }
        if (frame instanceof Frame.CallError error) {
            return error(number, error);
        }
        // The 1.6 dialect drops the 2.1-only types before they become frames.
        return new Verdict(number, ErrorCode.GENERIC_ERROR, "message type " + frame.type().id()
                + " is not part of OCPP 1.6");
    }

    private Verdict call(int number, Frame.Call call) {
        calls.put(call.messageId(), new Call(number, call.action(), 0));
        if (Ocpp16Actions.byName(call.action()).isEmpty()) {
            return new Verdict(number, ErrorCode.NOT_IMPLEMENTED, "unknown action " + quote(call.action()));
        }
        return payload(number, call.action(), true, call.payload());
    }

    private Verdict result(int number, Frame.CallResult result) {
        Call call = answer(number, result.messageId());
        if (call == null || call.answeredOn() != 0) {
            return unmatched(number, call, result.messageId());
        }
        if (Ocpp16Actions.byName(call.action()).isEmpty()) {
            return new Verdict(number, ErrorCode.NOT_IMPLEMENTED, "answers a CALL of unknown action "
                    + quote(call.action()) + " on line " + call.line());
        }
        return payload(number, call.action(), false, result.payload());
    }

    private Verdict error(int number, Frame.CallError error) {
        answer(number, error.messageId());
        boolean known = ErrorCode.parse(error.errorCode()).flatMap(ErrorCode::v16Name)
                .filter(error.errorCode()::equals).isPresent();
        return known ? Verdict.ok(number) : new Verdict(number, ErrorCode.GENERIC_ERROR,
                "errorCode " + quote(error.errorCode()) + " is not an OCPP 1.6 error code");
    }

    /** Marks the CALL with {@code id} answered on line {@code number}; returns it as it was before. */
    private Call answer(int number, String id) {
        Call call = calls.get(id);
        if (call != null && call.answeredOn() == 0) {
            calls.put(id, new Call(call.line(), call.action(), number));
        }
        return call;
    }

    private static Verdict unmatched(int number, Call call, String id) {
        return new Verdict(number, ErrorCode.GENERIC_ERROR, call == null
                ? "no CALL with id " + quote(id) + " earlier in the file"
                : "the CALL with id " + quote(id) + " on line " + call.line() + " was already answered on line "
                        + call.answeredOn());
    }

    private Verdict payload(int number, String action, boolean request, JsonNode payload) {
        List<Violation> violations = validator.validate(action, request, payload);
        if (violations.isEmpty()) {
            return Verdict.ok(number);
        }
        List<Violation> ranked = new ArrayList<>(violations);
        // Stable: among equally basic violations the validator's order stays.
        ranked.sort(Comparator.comparingInt(v -> PRECEDENCE.indexOf(v.kind())));
        return new Verdict(number, Ocpp16Validation.errorCode(ranked.get(0).kind()),
                ranked.stream().map(Violation::describe).collect(Collectors.joining("; ")));
    }

    /**
     * A frame the codec drops without answering. Mirrors what it answers for a CALL: broken JSON or a payload that
     * is not an object is a FormationViolation, any other broken envelope a GenericError.
     */
    private static Verdict unanswerable(int number, String text, DecodeResult.Drop drop) {
        if (drop.type() != MessageType.CALL_RESULT && drop.type() != MessageType.CALL_ERROR) {
            return new Verdict(number, ErrorCode.GENERIC_ERROR, drop.reason());
        }
        String label = drop.type() == MessageType.CALL_RESULT ? "CALLRESULT" : "CALLERROR";
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Verdict(number, ErrorCode.FORMAT_VIOLATION, label + " is not well-formed JSON");
        }
        int expected = drop.type() == MessageType.CALL_RESULT ? 3 : 5;
        if (array.size() != expected) {
            return new Verdict(number, ErrorCode.GENERIC_ERROR,
                    label + " must have " + expected + " elements, found " + array.size());
        }
        if (!array.get(1).isTextual()) {
            return new Verdict(number, ErrorCode.GENERIC_ERROR, label + " message id is not a string");
        }
        if (drop.type() == MessageType.CALL_RESULT) {
            return new Verdict(number, ErrorCode.FORMAT_VIOLATION, "CALLRESULT payload is not a JSON object");
        }
        if (!array.get(2).isTextual()) {
            return new Verdict(number, ErrorCode.GENERIC_ERROR, "CALLERROR errorCode is not a string");
        }
        if (!array.get(3).isTextual()) {
            return new Verdict(number, ErrorCode.GENERIC_ERROR, "CALLERROR errorDescription is not a string");
        }
        return new Verdict(number, ErrorCode.GENERIC_ERROR, "CALLERROR errorDetails is not a JSON object");
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(Objects.requireNonNull(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a String always serialises
        }
    }

    /** Control characters from the input (in a field name, say) must not split a verdict over lines. */
    private static String singleLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
