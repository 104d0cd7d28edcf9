package dev.ocpp.core.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.internal.SharedResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Reads and writes OCPP-J frames for one {@link Dialect}.
 *
 * <p>The envelope ({@code [type, id, ...]}) is read with Jackson's streaming parser and only the payload is
 * built as a tree. Reading element by element means that a message whose payload is broken JSON still yields
 * its real message id, so the CALLERROR can name it instead of falling back to {@code "-1"}.
 *
 * <p>{@link #decode(String)} never throws on bad input: every malformed message maps to a
 * {@link DecodeResult.Reply} or {@link DecodeResult.Drop} as the version's rules say (OCPP-J 1.6 §4.1.3, §4.2.3;
 * OCPP 2.0.1 Part 4 §4.1.3, §4.2.3, §4.4; OCPP 2.1 Part 4 §4.4). The mapping:
 * <ul>
 *   <li>not JSON, not an array, no readable id, or a type that is not an integer: a CALLERROR
 *       {@code RpcFrameworkError} with the id if it could be read, else {@code "-1"} (2.x); on 1.6 a CALLERROR
 *       {@code GenericError} if the id could be read, else nothing;</li>
 *   <li>an unknown type number: 2.0.1 answers {@code MessageTypeNotSupported}; 1.6 and 2.1 drop it;</li>
 *   <li>a CALL with the wrong element count or a non-string action: {@code RpcFrameworkError}
 *       (1.6: {@code GenericError}) with the id;</li>
 *   <li>a CALL whose id is over 36 characters: {@code RpcFrameworkError} with {@code "-1"} on 2.x, so that the
 *       answer itself keeps the 36-character rule; on 1.6 {@code GenericError} echoing the id;</li>
 *   <li>a CALL whose payload is not a JSON object, or is broken JSON: {@code FormatViolation}
 *       (1.6: {@code FormationViolation}) with the id;</li>
 *   <li>a broken CALLRESULT, CALLERROR, CALLRESULTERROR or SEND: dropped, never answered.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FrameCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectReader SHARED_TREES = SharedResources.mapper().readerFor(JsonNode.class);

    private final Dialect dialect;
    private final ObjectMapper mapper;
    /** Reads one payload element as a tree with its deserializer resolved once, not per element. */
    private final ObjectReader trees;
    private final JsonFactory factory;

    /** A codec for {@code dialect} on a shared default {@link ObjectMapper}. */
    public FrameCodec(Dialect dialect) {
        this(dialect, SharedResources.mapper());
    }

    /** A codec for {@code dialect} reading and writing payload trees with {@code mapper}. */
    public FrameCodec(Dialect dialect, ObjectMapper mapper) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        // Every connection has a codec: the usual shared mapper's reader is shared too, not one per connection.
        this.trees = mapper == SharedResources.mapper() ? SHARED_TREES : mapper.readerFor(JsonNode.class);
        this.factory = mapper.getFactory();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The JSON text of {@code frame}. */
    public String encode(Frame frame) {
        try (SegmentedStringWriter out = new SegmentedStringWriter(factory._getBufferRecycler());
             JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartArray();
            g.writeNumber(frame.type().id());
            g.writeString(frame.messageId());
            if (frame instanceof Frame.Call c) {
                g.writeString(c.action());
                mapper.writeTree(g, c.payload());
            } else if (frame instanceof Frame.CallResult r) {
                mapper.writeTree(g, r.payload());
            } else if (frame instanceof Frame.CallError e) {
                writeError(g, e.errorCode(), e.errorDescription(), e.errorDetails());
            } else if (frame instanceof Frame.CallResultError e) {
                writeError(g, e.errorCode(), e.errorDescription(), e.errorDetails());
            } else if (frame instanceof Frame.Send s) {
                g.writeString(s.action());
                mapper.writeTree(g, s.payload());
            }
            g.writeEndArray();
            g.flush();
            return out.getAndClear();
        } catch (IOException e) {
            // Writing to memory cannot fail for I/O reasons; anything here is a programming error.
            throw new UncheckedIOException(e);
        }
    }

    private void writeError(JsonGenerator g, String code, String description, ObjectNode details) throws IOException {
        g.writeString(code);
        g.writeString(description);
        mapper.writeTree(g, details);
    }

    /** What {@code text} is under this codec's dialect; never throws for malformed input. */
    public DecodeResult decode(String text) {
        Envelope env = new Envelope();
        try (JsonParser p = factory.createParser(text)) {
            env.read(p, trees);
        } catch (StreamConstraintsException e) {
            env.broken = true;
            if (env.count == 0 && env.isArray) {
                // The parser refuses over-long numbers (a DoS guard) before handing them out. In the type position
                // such a number is still an integer, just not a known type.
                env.typeIsInt = true;
                env.type = -1;
            }
        } catch (IOException | RuntimeException e) {
            env.broken = true;
        }
        return classify(env);
    }

    private DecodeResult classify(Envelope env) {
        if (!env.isArray) {
            return unreadable(null, "message is not a JSON array");
        }
        String id = env.id;
        if (!env.typeIsInt) {
            return unreadable(id, env.count == 0 && !env.broken
                    ? "message is an empty array" : "message type is missing or not an integer");
        }
        MessageType type = MessageType.of(env.type);
        if (type == null || !dialect.supports(type)) {
            if (dialect.answersUnknownMessageType()) {
                return reply(id == null || id.length() > Dialect.MAX_MESSAGE_ID_LENGTH ? Dialect.UNREADABLE_ID : id,
                        ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED, "Message type " + env.type + " is not supported");
            }
            return new DecodeResult.Drop("unknown message type " + env.type, id, null);
        }
        switch (type) {
            case CALL:
                return classifyCall(env, id);
            case SEND:
                Frame.Send send = env.complete(4) && env.action != null && id != null && env.e3 instanceof ObjectNode o
                        ? new Frame.Send(id, env.action, o) : null;
                return send != null ? new DecodeResult.Valid(send)
                        : new DecodeResult.Drop("malformed SEND", id, type);
            case CALL_RESULT:
                JsonNode result = env.e2 != null && env.e2.isNull() && dialect.acceptsNullPayload()
                        ? NODES.objectNode() : env.e2;
                return env.complete(3) && id != null && result instanceof ObjectNode o
                        ? new DecodeResult.Valid(new Frame.CallResult(id, o))
                        : new DecodeResult.Drop("malformed CALLRESULT", id, type);
            case CALL_ERROR:
            case CALL_RESULT_ERROR:
                return classifyError(env, id, type);
            default:
                throw new AssertionError(type);
        }
    }

    private DecodeResult classifyCall(Envelope env, String id) {
        if (id == null) {
            return unreadable(null, "CALL has no readable message id");
        }
        if (id.length() > Dialect.MAX_MESSAGE_ID_LENGTH) {
            // Echoing the id would make our own CALLERROR break the string[36] rule, so 2.x answers with "-1",
            // its id for unusable ids; 1.6 has no "-1" but still calls for an answer, so it echoes the id.
            return reply(dialect.answersUnreadableId() ? Dialect.UNREADABLE_ID : id, ErrorCode.RPC_FRAMEWORK_ERROR,
                    "Message id is longer than " + Dialect.MAX_MESSAGE_ID_LENGTH + " characters");
        }
        if (env.broken) {
            return reply(id, ErrorCode.FORMAT_VIOLATION, "CALL is not well-formed JSON");
        }
        if (env.count != 4) {
            return reply(id, ErrorCode.RPC_FRAMEWORK_ERROR, "CALL must have 4 elements, found " + env.count);
        }
        if (env.action == null) {
            return reply(id, ErrorCode.RPC_FRAMEWORK_ERROR, "CALL action is not a string");
        }
        JsonNode payload = env.e3;
        if (payload.isNull() && dialect.acceptsNullPayload()) {
            payload = NODES.objectNode();
        }
        if (!(payload instanceof ObjectNode o)) {
            return reply(id, ErrorCode.FORMAT_VIOLATION, "CALL payload is not a JSON object");
        }
        return new DecodeResult.Valid(new Frame.Call(id, env.action, o));
    }

    private DecodeResult classifyError(Envelope env, String id, MessageType type) {
        String label = type == MessageType.CALL_ERROR ? "CALLERROR" : "CALLRESULTERROR";
        if (!env.complete(5) || id == null || !env.e2.isTextual() || !env.e3.isTextual()) {
            return new DecodeResult.Drop("malformed " + label, id, type);
        }
        JsonNode details = env.e4;
        if (details.isNull()) {
            details = NODES.objectNode();
        }
        if (!(details instanceof ObjectNode o)) {
            return new DecodeResult.Drop("malformed " + label + ": errorDetails is not an object", id, type);
        }
        String code = env.e2.textValue();
        String description = env.e3.textValue();
        return new DecodeResult.Valid(type == MessageType.CALL_ERROR
                ? new Frame.CallError(id, code, description, o)
                : new Frame.CallResultError(id, code, description, o));
    }

    private DecodeResult unreadable(String id, String reason) {
        if (id != null && id.length() <= Dialect.MAX_MESSAGE_ID_LENGTH) {
            return reply(id, ErrorCode.RPC_FRAMEWORK_ERROR, capitalize(reason));
        }
        if (dialect.answersUnreadableId()) {
            return reply(Dialect.UNREADABLE_ID, ErrorCode.RPC_FRAMEWORK_ERROR, capitalize(reason));
        }
        return new DecodeResult.Drop(reason, null, null);
    }

    private DecodeResult reply(String id, ErrorCode code, String description) {
        return new DecodeResult.Reply(dialect.callError(id, code, description, null), description);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The envelope as far as it could be read. Elements past the fifth are counted, never kept: no OCPP-J
     * frame has more than five.
     */
    private static final class Envelope {
        boolean isArray;
        boolean broken;
        boolean closed;
        int count;
        boolean typeIsInt;
        int type;
        String id;
        String action;
        JsonNode e2;
        JsonNode e3;
        JsonNode e4;

        void read(JsonParser p, ObjectReader trees) throws IOException {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return;
            }
            isArray = true;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    broken = true;
                    return;
                }
                int index = count++;
                if (index == 0) {
                    typeIsInt = t == JsonToken.VALUE_NUMBER_INT;
                    if (typeIsInt) {
                        // A number too large for an int is still a type number, just not a known one.
                        type = p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : -1;
                    } else {
                        p.skipChildren();
                    }
                } else if (index == 1) {
                    if (t == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    } else {
                        p.skipChildren();
                    }
                } else if (index <= 4) {
                    JsonNode node = trees.readValue(p);
                    if (node == null) {
                        node = NODES.nullNode();
                    }
                    if (index == 2) {
                        e2 = node;
                        action = node.isTextual() ? node.textValue() : null;
                    } else if (index == 3) {
                        e3 = node;
                    } else {
                        e4 = node;
                    }
                } else {
                    p.skipChildren();
                }
            }
            closed = true;
            if (p.nextToken() != null) {
                broken = true; // trailing content after the array
            }
        }

        boolean complete(int expected) {
            return closed && !broken && count == expected;
        }
    }
}
