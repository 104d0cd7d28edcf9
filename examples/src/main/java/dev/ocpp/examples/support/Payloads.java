package dev.ocpp.examples.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Hand-built payloads shared by the examples, until the typed message classes exist. Field order follows the
 * specification's tables so that the wire text reads like the examples in the specification.
 */
public final class Payloads {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Payloads() {
    }

    public static ObjectNode object() {
        return JSON.objectNode();
    }

    /** An OCPP dateTime: ISO-8601 in UTC. Milliseconds only, since some CSMSs reject finer fractions. */
    public static String now(Clock clock) {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
