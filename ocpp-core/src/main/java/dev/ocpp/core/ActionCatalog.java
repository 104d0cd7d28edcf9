package dev.ocpp.core;

import java.util.Set;

/**
 * Which action names a protocol version defines. The engine needs it to tell an unknown action (CALLERROR
 * NotImplemented) from a known one that has no handler (CALLERROR NotSupported): OCPP-J 1.6 §4.2.3 Table 7,
 * OCPP 2.0.1 Part 4 §4.3 Table 8. The version modules provide the complete catalogs.
 */
@FunctionalInterface
public interface ActionCatalog {

    /** Whether {@code action} is defined (action names are case-sensitive). */
    boolean isKnown(String action);

    /** A catalog of exactly these names. */
    static ActionCatalog of(Set<String> actions) {
        Set<String> copy = Set.copyOf(actions);
        return copy::contains;
    }

    /** A catalog that knows nothing: every action without a handler is answered NotImplemented. */
    static ActionCatalog none() {
        return action -> false;
    }
}
