package dev.ocpp.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * A comparison with the reference schemas runs when they are there, skips visibly when they are not, and fails when
 * the run said they must be there: the switch CI relies on so that a missing folder cannot pass as a green build.
 */
class ReferenceSchemasTest {

    @TempDir
    Path dir;

    private Properties saved;

    @BeforeEach
    void saveSystemProperties() {
        saved = (Properties) System.getProperties().clone();
    }

    @AfterEach
    void restoreSystemProperties() {
        System.setProperties(saved);
    }

    @Test
    void aPresentFolderIsReturnedWhetherOrNotItIsRequired() throws IOException {
        Files.createDirectories(dir.resolve("v201"));
        System.setProperty(ReferenceSchemas.LOCATION_PROPERTY, dir.toString());

        assertThat(ReferenceSchemas.require("v201", "comparisons")).isEqualTo(dir.resolve("v201"));
        System.setProperty(ReferenceSchemas.REQUIRED_PROPERTY, "true");
        assertThat(ReferenceSchemas.require("v201", "comparisons")).isEqualTo(dir.resolve("v201"));
        assertThat(ReferenceSchemas.find("v201")).contains(dir.resolve("v201"));
    }

    @Test
    void aMissingFolderAbortsTheTestWhenNotRequired() {
        System.setProperty(ReferenceSchemas.LOCATION_PROPERTY, dir.toString());
        System.clearProperty(ReferenceSchemas.REQUIRED_PROPERTY);

        assertThat(ReferenceSchemas.find("v16")).isEmpty();
        // An abort is what JUnit and jqwik report as a skip.
        assertThatThrownBy(() -> ReferenceSchemas.require("v16", "78 comparisons"))
                .isExactlyInstanceOf(TestAbortedException.class)
                .hasMessageContaining(dir.resolve("v16").toString())
                .hasMessageContaining("78 comparisons not checked");
    }

    @Test
    void aMissingFolderFailsTheTestWhenRequired() {
        System.setProperty(ReferenceSchemas.LOCATION_PROPERTY, dir.toString());
        System.setProperty(ReferenceSchemas.REQUIRED_PROPERTY, "true");

        assertThatThrownBy(() -> ReferenceSchemas.require("v16", "78 comparisons"))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageContaining(dir.resolve("v16").toString())
                .hasMessageContaining("ocpp.reference.required=true");
    }

    @Test
    void aFileWhereTheFolderShouldBeDoesNotCountAsTheReference() throws IOException {
        Files.writeString(dir.resolve("v21"), "not a folder");
        System.setProperty(ReferenceSchemas.LOCATION_PROPERTY, dir.toString());
        System.setProperty(ReferenceSchemas.REQUIRED_PROPERTY, "true");

        assertThat(ReferenceSchemas.find("v21")).isEmpty();
        assertThatThrownBy(() -> ReferenceSchemas.require("v21", "comparisons")).isInstanceOf(AssertionError.class);
    }
}
