package dev.ocpp.testkit.schema;

import java.util.Objects;

/**
 * One message of a schema set: an action's request or response, the class it binds to, and where its schema file
 * lies. The kit takes plain names and classes rather than a version's action registry so that one kit serves every
 * OCPP version without depending on any of them.
 *
 * @param action     the action's wire name, e.g. {@code BootNotification}
 * @param request    {@code true} for the request, {@code false} for the response
 * @param javaType   the generated class the payload binds to
 * @param schemaPath the schema file's path relative to the schema root, as the set's opener expects it
 */
public record Message(String action, boolean request, Class<?> javaType, String schemaPath) {

    public Message {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(javaType, "javaType");
        Objects.requireNonNull(schemaPath, "schemaPath");
    }

    /** An action's request whose schema is {@code messages/<Action>Request.json}, the layout of this project. */
    public static Message request(String action, Class<?> javaType) {
        return new Message(action, true, javaType, "messages/" + action + "Request.json");
    }

    /** An action's response whose schema is {@code messages/<Action>Response.json}. */
    public static Message response(String action, Class<?> javaType) {
        return new Message(action, false, javaType, "messages/" + action + "Response.json");
    }

    /** The message name: the action followed by {@code Request} or {@code Response}. */
    public String name() {
        return action + (request ? "Request" : "Response");
    }

    @Override
    public String toString() {
        return name();
    }
}
