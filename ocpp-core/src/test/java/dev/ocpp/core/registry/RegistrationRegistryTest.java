package dev.ocpp.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.RegistrationRegistry;
import dev.ocpp.core.RegistrationStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted CSMS finds the registration statuses it had, from a file that is never left half-written. */
class RegistrationRegistryTest {

    @Test
    void madeUpIdentitiesCannotGrowTheRegistryBeyondItsBoundAndTheStationsInUseStay() {
        RegistrationRegistry registry = RegistrationRegistry.inMemory(100);
        registry.record("REAL-1", RegistrationStatus.ACCEPTED);
        for (int i = 0; i < 10_000; i++) {
            registry.record("FAKE-" + i, RegistrationStatus.ACCEPTED);
            if (i % 50 == 0) {
                // A station in use is looked up by boot gating on every call it makes.
                assertThat(registry.status("REAL-1")).contains(RegistrationStatus.ACCEPTED);
            }
        }
        assertThat(registry.size()).isEqualTo(100);
        assertThat(registry.forgottenForRoom()).isEqualTo(10_001 - 100);
        assertThat(registry.status("REAL-1")).contains(RegistrationStatus.ACCEPTED);
        assertThat(registry.status("FAKE-0")).isEmpty();
        assertThat(registry.status("FAKE-9999")).contains(RegistrationStatus.ACCEPTED);
    }

    @Test
    void theDefaultBoundIsAHundredThousand() {
        assertThat(RegistrationRegistry.inMemory().maxEntries()).isEqualTo(100_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistrationRegistry.inMemory(0))
                .isInstanceOf(IllegalArgumentException.class);
    }


    @TempDir
    Path dir;

    @Test
    void statusesSurviveARestartThroughTheFileStore() {
        Path file = dir.resolve("registrations.properties");
        try (RegistrationRegistry before =
                     RegistrationRegistry.persistent(RegistrationRegistry.file(file), Runnable::run)) {
            before.record("CS-1", RegistrationStatus.ACCEPTED);
            before.record("weird id=with:chars", RegistrationStatus.PENDING);
            before.record("CS-3", RegistrationStatus.REJECTED);
            before.forget("CS-3");
        }
        RegistrationRegistry after = RegistrationRegistry.persistent(RegistrationRegistry.file(file));
        assertThat(after.snapshot()).isEqualTo(Map.of("CS-1", RegistrationStatus.ACCEPTED,
                "weird id=with:chars", RegistrationStatus.PENDING));
        assertThat(after.status("CS-3")).isEmpty();
    }

    @Test
    void changesAreWrittenWithoutAFlushAndNoTemporaryFileIsLeft() throws Exception {
        Path file = dir.resolve("r.properties");
        RegistrationRegistry r = RegistrationRegistry.persistent(RegistrationRegistry.file(file), Runnable::run);
        r.record("CS-1", RegistrationStatus.ACCEPTED);
        assertThat(RegistrationRegistry.file(file).load()).containsEntry("CS-1", RegistrationStatus.ACCEPTED);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("r.properties");
        }
    }

    @Test
    void aMissingFileIsAnEmptyRegistryAndUnknownValuesAreSkipped() throws Exception {
        assertThat(RegistrationRegistry.persistent(RegistrationRegistry.file(dir.resolve("none"))).snapshot())
                .isEmpty();
        Path file = dir.resolve("hand-edited.properties");
        Files.writeString(file, "CS-1=Accepted\nCS-2=Maybe\n");
        assertThat(RegistrationRegistry.persistent(RegistrationRegistry.file(file)).snapshot())
                .isEqualTo(Map.of("CS-1", RegistrationStatus.ACCEPTED));
    }

    @Test
    void inMemoryRegistryKeepsStatusesUntilForgotten() {
        RegistrationRegistry r = RegistrationRegistry.inMemory();
        r.record("CS-1", RegistrationStatus.PENDING);
        r.record("CS-1", RegistrationStatus.ACCEPTED);
        assertThat(r.status("CS-1")).contains(RegistrationStatus.ACCEPTED);
        r.forget("CS-1");
        assertThat(r.status("CS-1")).isEmpty();
        r.flush();
    }
}
