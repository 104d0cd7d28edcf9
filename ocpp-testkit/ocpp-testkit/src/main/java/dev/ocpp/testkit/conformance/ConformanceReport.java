package dev.ocpp.testkit.conformance;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A Markdown report of a conformance run: a summary line, a table of every result, and for each failure its message
 * and a {@code mermaid} block of the exchanges (which GitHub and GitLab draw as a sequence diagram).
 */
public final class ConformanceReport {

    private ConformanceReport() {
    }

    /** {@code results} as Markdown. */
    public static String markdown(List<ScenarioResult> results) {
        Map<ScenarioResult.Outcome, Integer> counts = new EnumMap<>(ScenarioResult.Outcome.class);
        for (ScenarioResult r : results) {
            counts.merge(r.outcome(), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder("# OCPP conformance report\n\n");
        for (ScenarioResult.Outcome o : ScenarioResult.Outcome.values()) {
            b.append(o).append(": ").append(counts.getOrDefault(o, 0))
                    .append(o.ordinal() < ScenarioResult.Outcome.values().length - 1 ? " · " : "\n\n");
        }
        b.append("| Scenario | Version | Requirements | Outcome | Note |\n");
        b.append("|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            b.append("| `").append(r.scenario().id()).append("` ").append(cell(r.scenario().title()))
                    .append(" | ").append(r.version())
                    .append(" | ").append(cell(String.join(", ", r.scenario().requirements())))
                    .append(" | ").append(r.outcome())
                    .append(" | ").append(cell(firstLine(r.message()))).append(" |\n");
        }
        for (ScenarioResult r : results) {
            if (r.outcome() != ScenarioResult.Outcome.FAILED) {
                continue;
            }
            b.append("\n## ").append(r.scenario().id()).append(" (").append(r.version()).append(")\n\n");
            b.append(r.scenario().title()).append(" — ").append(String.join(", ", r.scenario().requirements()))
                    .append("\n\n");
            b.append("```text\n").append(r.message().replace("```", "'''")).append("\n```\n\n");
            b.append("```mermaid\n").append(r.diagram().strip()).append("\n```\n");
        }
        return b.toString();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /** Text that cannot break the table: no pipes, no line breaks. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }
}
