package dev.ocpp.testkit.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * Where a test finds the OCA reference schemas of one OCPP version, and what it does when they are not there.
 *
 * <p>The reference schemas are not ours to ship, so a checkout may lack them; a comparison with them then skips
 * (reported as skipped, never silently dropped). A build that claims to compare with them (CI) sets
 * {@value #REQUIRED_PROPERTY}{@code =true}, and a missing folder then fails the test instead: a missing folder can
 * no longer turn hundreds of equivalence checks into a green build that checked nothing.
 *
 * <p>The folder is {@value #LOCATION_PROPERTY} (the build points it at {@code ../shared/ocpp-reference-schemas}
 * beside the checkout), holding one subfolder per version ({@code v16}, {@code v201}, {@code v21}).
 */
public final class ReferenceSchemas {

    /** System property: the folder holding the reference schemas, one subfolder per version. */
    public static final String LOCATION_PROPERTY = "ocpp.reference.schemas";

    /** System property: {@code true} makes a missing reference folder a test failure instead of a skip. */
    public static final String REQUIRED_PROPERTY = "ocpp.reference.required";

    /** Where the folder sits when no property names it: beside the checkout, seen from a module directory. */
    private static final String DEFAULT_LOCATION = "../../shared/ocpp-reference-schemas";

    private ReferenceSchemas() {
    }

    /** The folder a version's reference schemas are expected in, whether or not it exists. */
    public static Path location(String version) {
        Objects.requireNonNull(version, "version");
        return Path.of(System.getProperty(LOCATION_PROPERTY, DEFAULT_LOCATION), version);
    }

    /** The version's reference folder, if it exists. */
    public static Optional<Path> find(String version) {
        Path folder = location(version);
        return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    }

    /** Whether this run was told that the reference schemas must be present ({@value #REQUIRED_PROPERTY}). */
    public static boolean required() {
        return Boolean.getBoolean(REQUIRED_PROPERTY);
    }

    /**
     * The version's reference folder for a test that compares with it: returns it when present; otherwise fails the
     * calling test with an {@link AssertionError} when {@linkplain #required() required}, or aborts it (JUnit and
     * jqwik report it as skipped) when not.
     *
     * @param version the subfolder, e.g. {@code "v201"}
     * @param what    what the caller would have checked, for the message
     */
    public static Path require(String version, String what) {
        Optional<Path> folder = find(version);
        if (folder.isPresent()) {
            return folder.get();
        }
        String message = "OCA " + version + " reference schemas not found at " + location(version).toAbsolutePath()
                + " (set -D" + LOCATION_PROPERTY + "=<folder>; CI keeps them at ../shared/ocpp-reference-schemas): "
                + what;
        if (required()) {
            throw new AssertionError(message + " cannot be checked, and " + REQUIRED_PROPERTY + "=true");
        }
        throw new TestAbortedException(message + " not checked");
    }
}
