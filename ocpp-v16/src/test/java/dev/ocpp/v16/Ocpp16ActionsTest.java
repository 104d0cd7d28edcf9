package dev.ocpp.v16;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.testkit.schema.ReferenceSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Ocpp16ActionsTest {

    @Test
    void catalogHolds39ActionsSplit28And11() {
        assertThat(Ocpp16Actions.FEATURE_PROFILES).hasSize(28);
        assertThat(Ocpp16Actions.SECURITY_EXTENSION).hasSize(11);
        assertThat(Ocpp16Actions.ALL).hasSize(39);
        assertThat(Ocpp16Actions.CATALOG.isKnown("BootNotification")).isTrue();
        assertThat(Ocpp16Actions.CATALOG.isKnown("TransactionEvent")).isFalse();
    }

    @Test
    void catalogMatchesTheReferenceSchemaFolder() throws IOException {
        Path dir = ReferenceSchemas.require("v16", "the registry's comparison with the reference folder");
        Set<String> requests;
        try (Stream<Path> files = Files.list(dir)) {
            requests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.endsWith("Response.json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .collect(Collectors.toSet());
        }
        assertThat(Ocpp16Actions.ALL).containsExactlyInAnyOrderElementsOf(requests);
    }
}
