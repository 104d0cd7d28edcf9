package dev.ocpp.testkit;

import dev.ocpp.testkit.internal.Texts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exchanges drawn as a Mermaid {@code sequenceDiagram}, so that a failing test shows the conversation that led to
 * it and the text can be pasted into any Mermaid viewer (GitHub and GitLab render it in Markdown).
 *
 * <p>The CSMS is one participant, each station identity another ({@code S1}, {@code S2}, ... labelled with the
 * identity, in order of appearance). A CALL is a solid arrow ({@code ->>}) with {@code [n]} (the exchange's sequence
 * number, {@code #n} in failure messages), the action and the start of the payload; a CALLRESULT a dotted arrow
 * ({@code -->>}) back; a CALLERROR a cross ({@code --x}) with its code (OCPP-J 1.6 §4.2, OCPP 2.0.1 Part 4 §4.2); an
 * exchange still unanswered gets a note. Each CALL is followed by its answer, even where another exchange travelled
 * in between. Text from the wire is escaped so that no payload can break the diagram: Mermaid's {@code #}, {@code ;}
 * and {@code %} and angle brackets become entity codes ({@code #35;} and so on), line breaks become spaces.
 *
 * <p>Bounded: payloads are cut to {@value #MAX_PAYLOAD} characters and only the last {@value #MAX_EXCHANGES}
 * exchanges are drawn, with a note saying how many were left out.
 */
public final class SequenceDiagram {

    /** How many exchanges, the latest, a diagram draws at most. */
    public static final int MAX_EXCHANGES = 50;
    /** How many characters of a payload or error description a line shows at most. */
    public static final int MAX_PAYLOAD = 60;

    private static final String CSMS = "CSMS";
    private static final String INDENT = "    ";

    private SequenceDiagram() {
    }

    /** The diagram of {@code journal}'s exchanges kept so far. */
    public static String of(Journal journal) {
        return of(journal.exchanges());
    }

    /** The diagram of {@code exchanges}, in the order given (a journal's order: the order the CALLs travelled). */
    public static String of(List<Exchange> exchanges) {
        Objects.requireNonNull(exchanges, "exchanges");
        int skipped = Math.max(0, exchanges.size() - MAX_EXCHANGES);
        List<Exchange> shown = exchanges.subList(skipped, exchanges.size());
        // Aliases, not identities, name the participants: an identity may hold characters (- > : ,) that Mermaid
        // reads as arrows or separators where a participant name is expected.
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Exchange e : shown) {
            aliases.computeIfAbsent(e.identity(), id -> "S" + (aliases.size() + 1));
        }
        StringBuilder b = new StringBuilder("sequenceDiagram\n");
        b.append(INDENT).append("participant ").append(CSMS).append('\n');
        aliases.forEach((identity, alias) -> b.append(INDENT).append("participant ").append(alias).append(" as ")
                .append(escape(Texts.cut(identity, MAX_PAYLOAD))).append('\n'));
        if (shown.isEmpty()) {
            b.append(INDENT).append("Note over ").append(CSMS).append(": no exchanges recorded\n");
        } else if (skipped > 0) {
            b.append(INDENT).append("Note over ").append(CSMS).append(": ").append(skipped)
                    .append(skipped == 1 ? " earlier exchange" : " earlier exchanges").append(" not shown (last ")
                    .append(MAX_EXCHANGES).append(" only)\n");
        }
        for (Exchange e : shown) {
            String station = aliases.get(e.identity());
            String from = e.caller() == Role.STATION ? station : CSMS;
            String to = e.caller() == Role.STATION ? CSMS : station;
            String tag = "[" + e.sequence() + "] ";
            b.append(INDENT).append(from).append("->>").append(to).append(": ").append(tag)
                    .append(escape(Texts.cut(e.action(), MAX_PAYLOAD))).append(' ')
                    .append(escape(Texts.cut(e.request().toString(), MAX_PAYLOAD))).append('\n');
            if (e.response() != null) {
                b.append(INDENT).append(to).append("-->>").append(from).append(": ").append(tag)
                        .append(escape(Texts.cut(e.response().toString(), MAX_PAYLOAD))).append('\n');
            } else if (e.error() != null) {
                b.append(INDENT).append(to).append("--x").append(from).append(": ").append(tag).append("CALLERROR ")
                        .append(escape(Texts.cut(e.error().code(), MAX_PAYLOAD)));
                if (!e.error().description().isEmpty()) {
                    b.append(' ').append(escape(Texts.cut(e.error().description(), MAX_PAYLOAD)));
                }
                b.append('\n');
            } else {
                b.append(INDENT).append("Note over ").append(station).append(',').append(CSMS).append(": ").append(tag)
                        .append("no answer\n");
            }
        }
        return b.toString();
    }

    /**
     * Text safe inside a Mermaid message, note or participant label: the characters that end such text or start a
     * comment or an entity ({@code #}, {@code ;}, {@code %}) and angle brackets (read as HTML) become Mermaid entity
     * codes, which render as the character itself; control characters and line breaks become spaces. One pass, so
     * that an entity code written for one character is not escaped again.
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '#', ';', '%', '<', '>' -> b.append('#').append((int) c).append(';');
                default -> b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
