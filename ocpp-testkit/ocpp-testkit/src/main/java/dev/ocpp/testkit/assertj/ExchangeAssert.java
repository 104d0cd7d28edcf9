package dev.ocpp.testkit.assertj;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.internal.Expectation;
import dev.ocpp.testkit.internal.JsonDiff;
import dev.ocpp.testkit.internal.Texts;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Exchange}: a CALL and its answer (OCPP-J 1.6 §4, OCPP 2.0.1 Part 4 §4). Obtain one with
 * {@link OcppAssertions#assertThat(Exchange)} or {@link JournalAssert#lastCall(String)}. Partial JSON arguments are
 * subsets, as described in {@link JournalAssert}. Every failure message ends with the exchange as a Mermaid sequence
 * diagram.
 */
public final class ExchangeAssert extends AbstractAssert<ExchangeAssert, Exchange> {

    private static final int MAX_DIFFERENCES = 10;

    ExchangeAssert(Exchange actual) {
        super(actual, ExchangeAssert.class);
    }

    /** The CALL's action is {@code action}. */
    public ExchangeAssert isAction(String action) {
        Objects.requireNonNull(action, "action");
        isNotNull();
        if (!actual.action().equals(action)) {
            fail("to be a CALL " + action + " but it is a CALL " + actual.action());
        }
        return myself;
    }

    /** The CALL was sent by {@code caller}. */
    public ExchangeAssert isFrom(Role caller) {
        Objects.requireNonNull(caller, "caller");
        isNotNull();
        if (actual.caller() != caller) {
            fail("to be sent by " + caller + " but it was sent by " + actual.caller());
        }
        return myself;
    }

    /** The CALL has been answered, by a CALLRESULT or a CALLERROR. */
    public ExchangeAssert wasAnswered() {
        isNotNull();
        if (!actual.answered()) {
            fail("to be answered but it has no answer");
        }
        return myself;
    }

    /** The CALL has not been answered (yet). */
    public ExchangeAssert isUnanswered() {
        isNotNull();
        if (actual.answered()) {
            fail("to have no answer but it was answered");
        }
        return myself;
    }

    /** The CALL was answered by a CALLRESULT (OCPP-J 1.6 §4.2.2, OCPP 2.0.1 Part 4 §4.2.2). */
    public ExchangeAssert succeeded() {
        isNotNull();
        if (!actual.answered()) {
            fail("to be answered by a CALLRESULT but it has no answer");
        } else if (actual.failed()) {
            fail("to be answered by a CALLRESULT but it was answered by CALLERROR " + actual.error().code());
        }
        return myself;
    }

    /**
     * The CALL was answered by a CALLERROR with {@code code}, in any version's spelling (OCPP-J 1.6 §4.2.3 Table 7,
     * OCPP 2.0.1 Part 4 §4.3 Table 8).
     */
    public ExchangeAssert failedWith(ErrorCode code) {
        Objects.requireNonNull(code, "code");
        return failedWith(Reports.label(code), Reports.anySpelling(code));
    }

    /** The CALL was answered by a CALLERROR with exactly the wire code {@code wireCode}. */
    public ExchangeAssert failedWith(String wireCode) {
        Objects.requireNonNull(wireCode, "wireCode");
        return failedWith(Texts.quote(wireCode), wireCode::equals);
    }

    private ExchangeAssert failedWith(String label, Predicate<String> code) {
        isNotNull();
        List<String> misses = Expectation.call(null, actual.action()).failedWith(label, code).mismatches(actual);
        if (!misses.isEmpty()) {
            fail("to be answered by a CALLERROR " + label + " but: " + String.join("; ", misses));
        }
        return myself;
    }

    /** The CALL's request contains {@code partialJson}. */
    public ExchangeAssert requestMatches(String partialJson) {
        isNotNull();
        List<JsonDiff.Difference> diff = JsonDiff.diff(JsonDiff.parse(partialJson), actual.request());
        if (!diff.isEmpty()) {
            fail("to have a request matching " + Texts.cut(partialJson, 200) + " but" + differences(diff));
        }
        return myself;
    }

    /** The CALL was answered by a CALLRESULT whose payload contains {@code partialJson}. */
    public ExchangeAssert responseMatches(String partialJson) {
        isNotNull();
        var expected = JsonDiff.parse(partialJson);
        String what = "to be answered by a CALLRESULT matching " + Texts.cut(partialJson, 200);
        if (!actual.answered()) {
            fail(what + " but it has no answer");
        } else if (actual.failed()) {
            fail(what + " but it was answered by CALLERROR " + actual.error().code());
        } else {
            List<JsonDiff.Difference> diff = JsonDiff.diff(expected, actual.response());
            if (!diff.isEmpty()) {
                fail(what + " but" + differences(diff));
            }
        }
        return myself;
    }

    private static String differences(List<JsonDiff.Difference> diff) {
        StringBuilder b = new StringBuilder();
        diff.stream().limit(MAX_DIFFERENCES).forEach(d -> b.append("\n  ").append(d.describe(Expectation.MAX_VALUE)));
        if (diff.size() > MAX_DIFFERENCES) {
            b.append("\n  (").append(diff.size() - MAX_DIFFERENCES).append(" more)");
        }
        return b.toString();
    }

    private void fail(String what) {
        failWithMessage("%s", Reports.withDiagram("expected exchange " + Reports.line(actual) + "\n" + what,
                List.of(actual)));
    }
}
