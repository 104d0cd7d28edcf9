package dev.ocpp.testkit.assertj;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.SequenceDiagram;
import dev.ocpp.testkit.internal.Texts;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What every failure message of this package shares: the diagram at the end, and error-code matching. */
final class Reports {

    private Reports() {
    }

    /**
     * {@code message} followed by {@code exchanges} as a Mermaid sequence diagram in a Markdown fence, so that the
     * failure can be pasted into an issue and renders there.
     */
    static String withDiagram(String message, List<Exchange> exchanges) {
        return message + "\n\nexchanges as a Mermaid sequence diagram:\n```mermaid\n" + SequenceDiagram.of(exchanges)
                + "```";
    }

    /** One exchange on one line, bounded: {@code #3 CS-1 STATION->CSMS Heartbeat {} => {...}}. */
    static String line(Exchange e) {
        return Texts.cut(e.describe(), 160);
    }

    /** Accepts every spelling of {@code code} (OCPP 1.6 keeps two typos, OCPP-J 1.6 §4.2.3). */
    static Predicate<String> anySpelling(ErrorCode code) {
        return wire -> ErrorCode.parse(wire).equals(Optional.of(code));
    }

    /** {@code "FormatViolation" (1.6: "FormationViolation")}. */
    static String label(ErrorCode code) {
        String v2 = Texts.quote(code.v2Name());
        return code.v16Name().filter(v16 -> !v16.equals(code.v2Name()))
                .map(v16 -> v2 + " (1.6: " + Texts.quote(v16) + ")").orElse(v2);
    }
}
