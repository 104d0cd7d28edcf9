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
import dev.ocpp.examples.support.Versions;
import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v201.Ocpp201Validation;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a log of OCPP-J frames of one version (1.6 or 2.0.1), one frame per line, as a charger or CSMS would log
 * them: each frame's envelope, and its payload against the schema of its action. Gives one {@link Verdict} per
 * non-blank line, naming the CALLERROR code (spelled as the version spells it) a peer of this library would answer
 * with, or would have answered with had the frame been answerable.
 *
 * <ul>
 *   <li>Blank lines are skipped: no verdict, but they count for line numbers, which are the file's own.</li>
 *   <li>A line the codec rejects gets the code the codec would answer with: for broken JSON or a payload that is
 *       not an object FormationViolation (1.6) or FormatViolation (2.0.1); for a broken envelope GenericError (1.6)
 *       or RpcFrameworkError (2.0.1); for an unknown message type MessageTypeNotSupported (2.0.1). Where the codec
 *       answers nothing (a broken CALLRESULT or CALLERROR; on 1.6 also an unknown message type or no readable id),
 *       the same rules apply, so that a broken reply reads like a broken CALL.</li>
 *   <li>A CALL of an unknown action is NotImplemented; otherwise its payload is checked against the action's
 *       request schema.</li>
 *   <li>A CALLRESULT is checked against the response schema of the latest CALL with its message id earlier in the
 *       file (either direction: a log line does not say who sent it). Without such a CALL, or when that CALL was
 *       answered already, it is a GenericError.</li>
 *   <li>A CALLERROR is valid when well-formed with one of the version's error codes (the ten of OCPP-J 1.6 §4.2.3,
 *       the twelve of OCPP 2.0.1 Part 4 §4.3); it answers the CALL with its id, if any. On 2.0.1 the 1.6 spelling
 *       OccurenceConstraintViolation is accepted too, since implementations disagree on which one 2.0.1 uses.</li>
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

    /**
     * The outcome for one line.
     *
     * @param line    the line number in the file, from 1
     * @param code    the CALLERROR code, or {@code null} when the frame is valid
     * @param reason  what is wrong, or {@code null} when the frame is valid
     * @param version the version of the log, which spells the code
     */
    public record Verdict(int line, ErrorCode code, String reason, OcppVersion version) {

        public Verdict {
            Objects.requireNonNull(version, "version");
        }

        public boolean valid() {
            return code == null;
        }

        /** {@code <line> OK} or {@code <line> <code as the version spells it> <reason>}; always a single line. */
        @Override
        public String toString() {
            return valid() ? line + " OK"
                    : line + " " + Dialect.of(version).errorCode(code) + " " + singleLine(reason);
        }
    }

    /** A CALL seen earlier: where, and for which action; {@code answeredOn} is 0 until a reply names its id. */
    private record Call(int line, String action, int answeredOn) {
    }

    private final OcppVersion version;
    private final FrameCodec codec;
    private final PayloadValidator validator;
    private final Function<Violation.Kind, ErrorCode> errorCodes;
    /** What the codec answers a CALL with whose envelope is broken: 1.6 has no RpcFrameworkError. */
    private final ErrorCode brokenEnvelope;
    private final Map<String, Call> calls = new HashMap<>();

    /** A validator for OCPP 1.6 logs. */
    public FrameLogValidator() {
        this(OcppVersion.OCPP16);
    }

    /** A validator for logs of {@code version}: OCPP 1.6 or 2.0.1. */
    public FrameLogValidator(OcppVersion version) {
        this.version = Objects.requireNonNull(version, "version");
        this.codec = new FrameCodec(Dialect.of(version));
        switch (version) {
            case OCPP16 -> {
                validator = Ocpp16Validation.validator();
                errorCodes = Ocpp16Validation::errorCode;
                brokenEnvelope = ErrorCode.GENERIC_ERROR;
            }
            case OCPP201 -> {
                validator = Ocpp201Validation.validator();
                errorCodes = Ocpp201Validation::errorCode;
                brokenEnvelope = ErrorCode.RPC_FRAMEWORK_ERROR;
            }
            default -> throw new IllegalArgumentException("no schemas for " + version.subprotocol());
        }
    }

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

    private Verdict ok(int number) {
        return new Verdict(number, null, null, version);
    }

    private Verdict verdict(int number, ErrorCode code, String reason) {
        return new Verdict(number, code, reason, version);
    }

    /** The verdict on line {@code number}, or {@code null} for a blank line. Lines must come in file order. */
    public Verdict check(int number, String text) {
        if (text.isBlank()) {
            return null;
        }
        DecodeResult decoded = codec.decode(text);
        if (decoded instanceof DecodeResult.Reply reply) {
            return verdict(number, ErrorCode.parse(reply.reply().errorCode()).orElse(ErrorCode.GENERIC_ERROR),
                    reply.reason());
        }
        if (decoded instanceof DecodeResult.Drop drop) {
            return unanswerable(number, text, drop);
        }
        Frame frame = ((DecodeResult.Valid) decoded).frame();
        if (frame.messageId().length() > Dialect.MAX_MESSAGE_ID_LENGTH) {
            return verdict(number, brokenEnvelope,
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
        // The 1.6 and 2.0.1 dialects stop the 2.1-only types before they become frames.
        return verdict(number, brokenEnvelope, "message type " + frame.type().id()
                + " is not part of " + version.subprotocol());
    }

    private Verdict call(int number, Frame.Call call) {
        calls.put(call.messageId(), new Call(number, call.action(), 0));
        if (!known(call.action())) {
            return verdict(number, ErrorCode.NOT_IMPLEMENTED, "unknown action " + quote(call.action()));
        }
        return payload(number, call.action(), true, call.payload());
    }

    private Verdict result(int number, Frame.CallResult result) {
        Call call = answer(number, result.messageId());
        if (call == null || call.answeredOn() != 0) {
            return unmatched(number, call, result.messageId());
        }
        if (!known(call.action())) {
            return verdict(number, ErrorCode.NOT_IMPLEMENTED, "answers a CALL of unknown action "
                    + quote(call.action()) + " on line " + call.line());
        }
        return payload(number, call.action(), false, result.payload());
    }

    private boolean known(String action) {
        return Versions.catalog(version).isKnown(action);
    }

    private Verdict error(int number, Frame.CallError error) {
        answer(number, error.messageId());
        return isErrorCode(error.errorCode()) ? ok(number) : verdict(number, ErrorCode.GENERIC_ERROR,
                "errorCode " + quote(error.errorCode()) + " is not an " + name() + " error code");
    }

    private boolean isErrorCode(String code) {
        Optional<ErrorCode> parsed = ErrorCode.parse(code);
        if (parsed.isEmpty()) {
            return false;
        }
        ErrorCode c = parsed.get();
        if (version == OcppVersion.OCPP16) {
            return code.equals(c.v16Name().orElse(null));
        }
        // Implementations disagree on whether 2.0.1 kept 1.6's spelling OccurenceConstraintViolation; either is read.
        return code.equals(c.v2Name())
                || c == ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION && code.equals(c.v16Name().orElse(null));
    }

    /** The version's name as the specifications write it: OCPP 1.6, OCPP 2.0.1. */
    private String name() {
        return version == OcppVersion.OCPP16 ? "OCPP 1.6" : "OCPP 2.0.1";
    }

    /** Marks the CALL with {@code id} answered on line {@code number}; returns it as it was before. */
    private Call answer(int number, String id) {
        Call call = calls.get(id);
        if (call != null && call.answeredOn() == 0) {
            calls.put(id, new Call(call.line(), call.action(), number));
        }
        return call;
    }

    private Verdict unmatched(int number, Call call, String id) {
        return verdict(number, ErrorCode.GENERIC_ERROR, call == null
                ? "no CALL with id " + quote(id) + " earlier in the file"
                : "the CALL with id " + quote(id) + " on line " + call.line() + " was already answered on line "
                        + call.answeredOn());
    }

    private Verdict payload(int number, String action, boolean request, JsonNode payload) {
        List<Violation> violations = validator.validate(action, request, payload);
        if (violations.isEmpty()) {
            return ok(number);
        }
        List<Violation> ranked = new ArrayList<>(violations);
        // Stable: among equally basic violations the validator's order stays.
        ranked.sort(Comparator.comparingInt(v -> PRECEDENCE.indexOf(v.kind())));
        return verdict(number, errorCodes.apply(ranked.get(0).kind()),
                ranked.stream().map(Violation::describe).collect(Collectors.joining("; ")));
    }

    /**
     * A frame the codec drops without answering. Mirrors what it answers for a CALL: broken JSON or a payload that
     * is not an object is a FormatViolation, any other broken envelope a GenericError (1.6) or RpcFrameworkError.
     */
    private Verdict unanswerable(int number, String text, DecodeResult.Drop drop) {
        if (drop.type() != MessageType.CALL_RESULT && drop.type() != MessageType.CALL_ERROR) {
            return verdict(number, brokenEnvelope, drop.reason());
        }
        String label = drop.type() == MessageType.CALL_RESULT ? "CALLRESULT" : "CALLERROR";
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return verdict(number, ErrorCode.FORMAT_VIOLATION, label + " is not well-formed JSON");
        }
        int expected = drop.type() == MessageType.CALL_RESULT ? 3 : 5;
        if (array.size() != expected) {
            return verdict(number, brokenEnvelope,
                    label + " must have " + expected + " elements, found " + array.size());
        }
        if (!array.get(1).isTextual()) {
            return verdict(number, brokenEnvelope, label + " message id is not a string");
        }
        if (drop.type() == MessageType.CALL_RESULT) {
            return verdict(number, ErrorCode.FORMAT_VIOLATION, "CALLRESULT payload is not a JSON object");
        }
        if (!array.get(2).isTextual()) {
            return verdict(number, brokenEnvelope, "CALLERROR errorCode is not a string");
        }
        if (!array.get(3).isTextual()) {
            return verdict(number, brokenEnvelope, "CALLERROR errorDescription is not a string");
        }
        return verdict(number, brokenEnvelope, "CALLERROR errorDetails is not a JSON object");
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
