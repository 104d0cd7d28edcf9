package dev.ocpp.v201;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Ocpp201ActionsTest {

    @Test
    void catalogHolds64Actions() {
        assertThat(Ocpp201Actions.ALL).hasSize(64);
        assertThat(Ocpp201Actions.CATALOG.isKnown("TransactionEvent")).isTrue();
        assertThat(Ocpp201Actions.CATALOG.isKnown("StartTransaction")).isFalse();
    }

    @Test
    void catalogMatchesTheReferenceSchemaFolder() throws IOException {
        Path dir = Path.of(System.getProperty("ocpp.reference.schemas", "../../shared/ocpp-reference-schemas"),
                "v201");
        assumeTrue(Files.isDirectory(dir), "reference schemas not found at " + dir + "; skipped");
        Set<String> requests;
        try (Stream<Path> files = Files.list(dir)) {
            requests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Request.json"))
                    .map(n -> n.substring(0, n.length() - "Request.json".length()))
                    .collect(Collectors.toSet());
        }
        assertThat(Ocpp201Actions.ALL).containsExactlyInAnyOrderElementsOf(requests);
    }
}
