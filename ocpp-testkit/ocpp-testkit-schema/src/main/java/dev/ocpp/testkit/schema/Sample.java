package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid instance together with its message: a property over many messages needs the message to validate or bind
 * the instance, and jqwik's report of a falsifying sample then names the message too. Obtained from
 * {@link SchemaSamples#instances}.
 *
 * @param message  the message the instance is valid for
 * @param instance the payload
 */
public record Sample(Message message, ObjectNode instance) {

    @Override
    public String toString() {
        return message + " " + instance;
    }
}
