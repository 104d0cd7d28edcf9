package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A valid instance broken in exactly one place, with the path a validator must blame for it. Obtained from
 * {@link SchemaMutations}.
 *
 * @param message  the message the original is valid for
 * @param original the valid instance the mutation started from; kept so that a test can show that only the break
 *                 is refused (the original still passes, a connection that refused the break still carries it)
 * @param payload  the broken copy; {@code original} is left untouched
 * @param path     where the break is, as the library's validator renders paths ({@code readings[0].value}); for an
 *                 added property, the path of that property
 */
public record Mutation(Message message, ObjectNode original, ObjectNode payload, String path) {

    /** The message's action, which is what a call over a connection is addressed by. */
    public String action() {
        return message.action();
    }

    /**
     * The broken payload as a sample of its message, for properties that mix valid and broken payloads and care
     * only about the verdict, not about where the break is.
     */
    public Sample asSample() {
        return new Sample(message, payload);
    }

    @Override
    public String toString() {
        return message + " broken at " + path + ": " + payload;
    }
}
