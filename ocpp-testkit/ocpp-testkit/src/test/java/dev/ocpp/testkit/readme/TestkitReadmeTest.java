package dev.ocpp.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.conformance.Catalogue;
import dev.ocpp.testkit.conformance.Scenario;
import org.junit.jupiter.api.Test;

/**
 * The module README's two tests (of one's own station, of one's own CSMS) are exactly the marked regions of
 * {@link YourStationTest} and {@link YourCsmsTest}, which run as tests of this module, and at most 15 lines each;
 * its catalogue table is the {@link Catalogue} as it is.
 */
class TestkitReadmeTest {

    private static final int MAX_LINES = 15;
    private static final List<String> CLASSES = List.of("YourStationTest", "YourCsmsTest");
    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet: (\\w+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    /** The tests run in the module's directory. */
    private static final Path SOURCES = Path.of("src/test/java/dev/ocpp/testkit/readme");

    @Test
    void eachReadmeBlockIsTheMarkedRegionOfItsTestAndAtMostFifteenLines() throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = README_BLOCK.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }

        assertThat(blocks.keySet()).containsExactlyInAnyOrderElementsOf(CLASSES);
        for (String name : CLASSES) {
            String region = region(name);
            assertThat(blocks.get(name)).as("README block of %s", name).isEqualTo(region);
            assertThat(region.split("\n")).as("lines of %s", name).hasSizeLessThanOrEqualTo(MAX_LINES);
        }
    }

    @Test
    void theReadmeCatalogueTableListsEveryScenarioWithItsVersionsAndRequirements() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf(TABLE_START);
        int to = readme.indexOf(TABLE_END);
        assertThat(from).as("README marker " + TABLE_START).isNotNegative();
        assertThat(to).as("README marker " + TABLE_END).isGreaterThan(from);
        String table = readme.substring(from + TABLE_START.length(), to).strip();
        assertThat(table).as("the README's catalogue table (regenerate it from catalogueTable())")
                .isEqualTo(catalogueTable());
    }

    private static final String TABLE_START = "<!-- catalogue: start -->";
    private static final String TABLE_END = "<!-- catalogue: end -->";

    /** The catalogue as a Markdown table, one row per scenario in catalogue order. */
    static String catalogueTable() {
        StringBuilder b = new StringBuilder("| id | versions | checks | requirements |\n|---|---|---|---|");
        for (Scenario s : Catalogue.all()) {
            String versions = s.appliesTo(OcppVersion.OCPP16) && s.appliesTo(OcppVersion.OCPP201) ? "1.6, 2.0.1"
                    : s.appliesTo(OcppVersion.OCPP16) ? "1.6" : "2.0.1";
            b.append("\n| `").append(s.id()).append("` | ").append(versions).append(" | ")
                    .append(s.title().replace("|", "\\|")).append(" | ")
                    .append(String.join(", ", s.requirements())).append(" |");
        }
        return b.toString();
    }

    private static String region(String className) throws IOException {
        List<String> lines = Files.readAllLines(SOURCES.resolve(className + ".java"), StandardCharsets.UTF_8);
        int from = indexOf(lines, "// tag::snippet[]", className);
        int to = indexOf(lines, "// end::snippet[]", className);
        List<String> body = lines.subList(from + 1, to);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    private static int indexOf(List<String> lines, String marker, String className) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(className + " has no " + marker);
    }
}
