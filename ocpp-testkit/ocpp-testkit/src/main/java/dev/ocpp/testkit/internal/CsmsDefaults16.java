package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/** The default answers the CSMS gives to a station-initiated CALL, OCPP 1.6. */
final class CsmsDefaults16 {

    private CsmsDefaults16() {
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    static ObjectNode answer(String action, ObjectNode request, Clock clock) {
        throw new UnsupportedOperationException("TODO default answer to " + action);
    }
}
