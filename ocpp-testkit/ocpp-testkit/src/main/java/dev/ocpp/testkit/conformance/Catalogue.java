package dev.ocpp.testkit.conformance;

import dev.ocpp.testkit.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every conformance scenario of the testkit, for both roles and both versions (OCPP 1.6J and 2.0.1). Run them with a
 * {@link ScenarioRunner}, or through {@link CsmsConformanceTest} / {@link StationConformanceTest} in JUnit.
 */
public final class Catalogue {

    private static final List<Scenario> ALL;

    static {
        List<Scenario> all = new ArrayList<>(CsmsScenarios.all());
        all.addAll(StationScenarios.all());
        ALL = List.copyOf(all);
    }

    private Catalogue() {
    }

    /** Every scenario, CSMS ones first. */
    public static List<Scenario> all() {
        return ALL;
    }

    /** The scenarios testing {@code role}. */
    public static List<Scenario> forRole(Role role) {
        return ALL.stream().filter(s -> s.role() == role).toList();
    }

    /** The scenario with {@code id}. */
    public static Optional<Scenario> byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
