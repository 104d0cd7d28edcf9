package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What an assertion looks for in one exchange: an action, optionally who called, a partial request, and optionally
 * a partial CALLRESULT or a CALLERROR code. Besides matching, it says field by field how an exchange falls short,
 * which is what the near-miss report ranks and prints. Immutable.
 */
public final class Expectation {

    /** How long a value may be in a difference line before it is cut. */
    public static final int MAX_VALUE = 40;

    private enum Answer { ANY, RESULT, ERROR }

    private final String action;
    private final Role caller;
    private final JsonNode request;
    private final Answer answer;
    private final JsonNode result;
    private final String errorLabel;
    private final Predicate<String> errorCode;

    private Expectation(String action, Role caller, JsonNode request, Answer answer, JsonNode result,
            String errorLabel, Predicate<String> errorCode) {
        this.action = Objects.requireNonNull(action, "action");
        this.caller = caller;
        this.request = request;
        this.answer = answer;
        this.result = result;
        this.errorLabel = errorLabel;
        this.errorCode = errorCode;
    }

    /** A CALL of {@code action}; {@code caller} null means sent by either side. */
    public static Expectation call(Role caller, String action) {
        return new Expectation(action, caller, null, Answer.ANY, null, null, null);
    }

    /** The same, with a request that contains {@code partial} (see {@link JsonDiff}). */
    public Expectation withRequest(JsonNode partial) {
        return new Expectation(action, caller, Objects.requireNonNull(partial, "partial"), answer, result,
                errorLabel, errorCode);
    }

    /** The same, answered by a CALLRESULT whose payload contains {@code partial}. */
    public Expectation answeredWith(JsonNode partial) {
        return new Expectation(action, caller, request, Answer.RESULT, Objects.requireNonNull(partial, "partial"),
                null, null);
    }

    /** The same, answered by a CALLERROR whose wire code {@code code} accepts; {@code label} names it. */
    public Expectation failedWith(String label, Predicate<String> code) {
        return new Expectation(action, caller, request, Answer.ERROR, null, Objects.requireNonNull(label, "label"),
                Objects.requireNonNull(code, "code"));
    }

    /** The action looked for. */
    public String action() {
        return action;
    }

    /** Whether {@code e} is what is looked for. */
    public boolean matches(Exchange e) {
        return mismatches(e).isEmpty();
    }

    /** How {@code e} differs from the expectation, one entry per field; empty when it matches. */
    public List<String> mismatches(Exchange e) {
        List<String> out = new ArrayList<>();
        if (!e.action().equals(action)) {
            out.add("action: expected " + Texts.quote(action) + " but was "
                    + Texts.quote(Texts.cut(e.action(), MAX_VALUE)));
        }
        if (caller != null && e.caller() != caller) {
            out.add("sent by " + e.caller() + ", not " + caller);
        }
        if (request != null) {
            for (JsonDiff.Difference d : JsonDiff.diff(request, e.request())) {
                out.add(d.describe(MAX_VALUE));
            }
        }
        switch (answer) {
            case ANY -> {
            }
            case RESULT -> {
                if (!e.answered()) {
                    out.add("no answer");
                } else if (e.failed()) {
                    out.add("answered by CALLERROR " + e.error().code());
                } else {
                    for (JsonDiff.Difference d : JsonDiff.diff(result, e.response())) {
                        out.add("answer " + d.describe(MAX_VALUE));
                    }
                }
            }
            case ERROR -> {
                if (!e.answered()) {
                    out.add("no answer");
                } else if (!e.failed()) {
                    out.add("answered by CALLRESULT " + Texts.cut(e.response().toString(), MAX_VALUE));
                } else if (!errorCode.test(e.error().code())) {
                    out.add("error code: expected " + errorLabel + " but was " + Texts.quote(e.error().code()));
                }
            }
        }
        return out;
    }

    /** {@code a CALL StatusNotification from STATION matching {"status":"Charging"}}, for failure messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        switch (answer) {
            case ANY -> b.append("a CALL ").append(action);
            case RESULT -> b.append("a CALLRESULT matching ").append(Texts.cut(result.toString(), 200))
                    .append(" answering a CALL ").append(action);
            case ERROR -> b.append("a CALLERROR ").append(errorLabel).append(" answering a CALL ").append(action);
        }
        if (caller != null) {
            b.append(" from ").append(caller);
        }
        if (request != null) {
            b.append(answer == Answer.ANY ? " matching " : " with a request matching ")
                    .append(Texts.cut(request.toString(), 200));
        }
        return b.toString();
    }
}
