package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/** The default answers the CSMS gives to a station-initiated CALL, OCPP 2.0.1. */
final class CsmsDefaults201 {

    private CsmsDefaults201() {
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    static ObjectNode answer(String action, ObjectNode request, Clock clock) {
        throw new UnsupportedOperationException("TODO default answer to " + action);
    }
}
