package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Role;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One conformance check of the {@link Catalogue}: what it is called, which role it tests, the OCPP versions it
 * applies to, the requirements it checks, and its {@link ScenarioBody body}.
 *
 * <p>Requirement strings name the spec's own numbers and nothing else: OCPP 2.0.1 Part 2 requirement or use-case ids
 * ({@code "B01.FR.08"}, {@code "G02"}), OCPP 1.6 core sections ({@code "1.6 §4.2"}), OCPP-J 1.6 sections
 * ({@code "1.6-J §4.2.3"}) and OCPP 2.0.1 Part 4 sections ({@code "2.0.1-J §4.3"}). Where no requirement id was
 * certain, the section is cited instead.
 *
 * @param id           unique, {@code <ROLE>-<use case or area>-<short-name>}, e.g. {@code CSMS-B01-boot-accepted}
 * @param title        one line saying what is checked
 * @param role         the role under test
 * @param versions     the versions the behaviour exists in
 * @param requirements the requirements it checks
 * @param body         what it does
 */
public record Scenario(String id, String title, Role role, Set<OcppVersion> versions, List<String> requirements,
        ScenarioBody body) {

    private static final Pattern ID = Pattern.compile("(CSMS|STATION)-[A-Z0-9]+-[a-z0-9-]+");

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(body, "body");
        if (!ID.matcher(id).matches() || !id.startsWith(role.name())) {
            throw new IllegalArgumentException("a scenario id reads <ROLE>-<AREA>-<name>, role first: " + id);
        }
        versions = Set.copyOf(versions);
        requirements = List.copyOf(requirements);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a scenario applies to at least one version: " + id);
        }
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("a scenario checks at least one requirement: " + id);
        }
    }

    /** Whether this scenario applies to {@code version}. */
    public boolean appliesTo(OcppVersion version) {
        return versions.contains(version);
    }

    @Override
    public String toString() {
        return id + " (" + title + ")";
    }
}
