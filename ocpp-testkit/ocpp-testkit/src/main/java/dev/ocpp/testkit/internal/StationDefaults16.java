package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/** The default answers a station gives to a CSMS-initiated CALL, OCPP 1.6. */
final class StationDefaults16 {

    private StationDefaults16() {
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    static ObjectNode answer(String action, ObjectNode request, Clock clock) {
        throw new UnsupportedOperationException("TODO default answer to " + action);
    }
}
