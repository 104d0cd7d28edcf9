package dev.ocpp.testkit.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a simulated station keeps of what the CSMS set, the same in both versions (only the field names of the
 * messages differ, which each version's defaults read): reservations (1.6 §5.13/§5.1, 2.0.1 H01/H02), the local
 * authorization list version (1.6 §5.15/§5.10, 2.0.1 D01/D02) and charging profiles (1.6 §5.16/§5.5, 2.0.1
 * K01/K10). Connectors are 1.6 connector ids or 2.0.1 EVSE ids. Thread-safe.
 */
final class StationState {

    private final Set<Integer> reservations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger localListVersion = new AtomicInteger();
    private final Map<Integer, Profile> profiles = new ConcurrentHashMap<>();

    private record Profile(int connector, String purpose, int stackLevel) {
    }

    /** Keeps reservation {@code id} on {@code connector} (0: the station) if the station has it; whether it did. */
    boolean reserve(int connector, int id, int connectors) {
        boolean known = connector >= 0 && connector <= connectors;
        if (known) {
            reservations.add(id);
        }
        return known;
    }

    /** Forgets reservation {@code id}; whether it was kept. */
    boolean cancelReservation(int id) {
        return reservations.remove(id);
    }

    void localListVersion(int version) {
        localListVersion.set(version);
    }

    /** The version the last SendLocalList set, 0 before. */
    int localListVersion() {
        return localListVersion.get();
    }

    /** Keeps profile {@code id}, replacing one of the same id. */
    void setProfile(int id, int connector, String purpose, int stackLevel) {
        profiles.put(id, new Profile(connector, purpose, stackLevel));
    }

    /**
     * Removes profile {@code id} when given, else every profile matching the criteria given (null: any); whether
     * any was removed (a ClearChargingProfile that finds none is answered Unknown).
     */
    boolean clearProfiles(Integer id, Integer connector, String purpose, Integer stackLevel) {
        if (id != null) {
            return profiles.remove(id) != null;
        }
        boolean removed = false;
        for (var it = profiles.entrySet().iterator(); it.hasNext(); ) {
            Profile p = it.next().getValue();
            if ((connector == null || connector == p.connector()) && (purpose == null || purpose.equals(p.purpose()))
                    && (stackLevel == null || stackLevel == p.stackLevel())) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }
}
