package dev.ocpp.testkit.arbitraries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.arbitraries.BrokenCall.Fault;
import dev.ocpp.testkit.arbitraries.BrokenCall.Ignore;
import dev.ocpp.testkit.arbitraries.BrokenCall.Reaction;
import dev.ocpp.testkit.arbitraries.BrokenCall.Reply;
import dev.ocpp.testkit.internal.VersionKit;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.Mutation;
import dev.ocpp.testkit.schema.Sample;
import dev.ocpp.testkit.schema.SchemaMutations;
import dev.ocpp.testkit.schema.SchemaMutations.Breakage;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v201.Ocpp201Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries over the messages of every action of OCPP 1.6J and 2.0.1: typed instances of the generated
 * request and response classes, and CALL frames broken in exactly one place together with what the receiver must
 * answer.
 *
 * <p>The instances come from the version's own message schemas (the ones its validator uses), through
 * {@link SchemaSamples}: they vary optional fields, string lengths, enumeration values, numbers within their bounds,
 * date-times and array sizes, and each is bound to its generated class with {@link OcppJson#mapper()}. A payload the
 * schema allows but the generated class cannot hold therefore fails loudly here instead of reaching a test.
 *
 * <pre>{@code
 * @Property(tries = 200)
 * void everyStationRequestIsAnswered(@ForAll("stationRequests") Object request) { ... }
 *
 * @Provide
 * Arbitrary<Object> stationRequests() {
 *     return OcppArbitraries.requests(OcppVersion.OCPP201, Role.STATION);
 * }
 * }</pre>
 *
 * <p>{@link #brokenCalls} gives CALL frames a receiver must refuse, each with the reaction the version requires
 * ({@link BrokenCall#reaction()}): schema violations of the payload with the code of the version's validation mapping
 * ({@link Ocpp16Validation}, {@link Ocpp201Validation}; OCPP-J 1.6 §4.2.3 Table 7, OCPP 2.0.1 Part 4 §4.3 Table 8),
 * and frame-level breakage (not JSON, an unknown or non-numeric message type id, a missing element, an overlong or
 * unreadable message id, an unknown action) with the code OCPP-J requires, or no answer where the version says to
 * ignore the message (OCPP-J 1.6 §4.1.3).
 *
 * <p>Arbitraries are made once per version and reused; the class is thread-safe.
 */
public final class OcppArbitraries {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ID = Dialect.MAX_MESSAGE_ID_LENGTH;

    private static final Map<OcppVersion, SchemaSamples> SAMPLES = new ConcurrentHashMap<>();
    private static final Map<String, Arbitrary<Object>> TYPED = new ConcurrentHashMap<>();
    private static final Map<String, Arbitrary<BrokenCall>> BROKEN = new ConcurrentHashMap<>();

    /** Message ids as a sender might make them: never {@code "-1"}, which 2.x reserves for unreadable ids. */
    private static final Arbitrary<String> IDS = Arbitraries.strings().alpha().numeric().ofMinLength(1)
            .ofMaxLength(MAX_ID);

    private OcppArbitraries() {
    }

    // ------------------------------------------------------------------------------------------------ samples

    /**
     * The schema samples of {@code version}: every action's request and response, read from the schema files of the
     * version module (the files its validator uses). For tests that want the JSON rather than the typed instances.
     *
     * @throws IllegalArgumentException for a version the testkit does not simulate
     */
    public static SchemaSamples schemaSamples(OcppVersion version) {
        Objects.requireNonNull(version, "version");
        return SAMPLES.computeIfAbsent(version, OcppArbitraries::load);
    }

    // ------------------------------------------------------------------------------------------------ typed

    /** Valid instances of the generated request class of every action of {@code version}, each action equally likely. */
    public static Arbitrary<Object> requests(OcppVersion version) {
        return typed(version, true, null);
    }

    /**
     * Valid instances of the generated request class of every action {@code sender} sends in {@code version}
     * (a station's: OCPP 1.6 §4, 2.0.1 messages "sent by the Charging Station"; DataTransfer for both roles).
     */
    public static Arbitrary<Object> requests(OcppVersion version, Role sender) {
        return typed(version, true, Objects.requireNonNull(sender, "sender"));
    }

    /** Valid instances of the generated response class of every action of {@code version}, each equally likely. */
    public static Arbitrary<Object> responses(OcppVersion version) {
        return typed(version, false, null);
    }

    /**
     * Valid instances of one generated request or response class of either version, e.g.
     * {@code of(dev.ocpp.v16.messages.BootNotificationRequest.class)}.
     *
     * @throws IllegalArgumentException if {@code generatedType} is no action's request or response class (the
     *                                  classes of nested types have no schema of their own)
     */
    @SuppressWarnings("unchecked")
    public static <T> Arbitrary<T> of(Class<T> generatedType) {
        Objects.requireNonNull(generatedType, "generatedType");
        for (OcppVersion version : List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
            for (VersionKit.ActionInfo a : VersionKit.of(version).actions()) {
                boolean request = a.requestType() == generatedType;
                if (request || a.responseType() == generatedType) {
                    SchemaSamples samples = schemaSamples(version);
                    Message m = samples.message(a.name(), request);
                    return samples.arbitrary(m).map(node -> (T) bind(m, node));
                }
            }
        }
        throw new IllegalArgumentException(generatedType.getName()
                + " is not the request or response class of any OCPP 1.6 or 2.0.1 action");
    }

    private static Arbitrary<Object> typed(OcppVersion version, boolean request, Role sender) {
        Objects.requireNonNull(version, "version");
        String key = version + "/" + request + "/" + sender;
        return TYPED.computeIfAbsent(key, k -> {
            SchemaSamples samples = schemaSamples(version);
            List<Message> messages = actions(version, sender).stream()
                    .map(a -> samples.message(a.name(), request)).toList();
            return samples.instances(messages).map(s -> bind(s.message(), s.instance()));
        });
    }

    private static Object bind(Message m, ObjectNode node) {
        try {
            return OcppJson.mapper().treeToValue(node, m.javaType());
        } catch (JsonProcessingException e) {
            // A schema-valid payload the generated class cannot hold is a defect of the library, not of the test.
            throw new IllegalStateException("a valid " + m + " does not bind to " + m.javaType().getName() + ": "
                    + node, e);
        }
    }

    private static List<VersionKit.ActionInfo> actions(OcppVersion version, Role sender) {
        return VersionKit.of(version).actions().stream().filter(a -> sender == null || a.sentBy(sender)).toList();
    }

    // ------------------------------------------------------------------------------------------------ broken

    /**
     * CALLs of every action of {@code version} broken in exactly one place, each kind of {@link Fault} equally
     * likely, with the reaction the receiver must show (see {@link #brokenCalls(OcppVersion, Role)}).
     */
    public static Arbitrary<BrokenCall> brokenCalls(OcppVersion version) {
        return broken(version, null);
    }

    /**
     * CALLs of the actions {@code sender} sends in {@code version}, broken in exactly one place, each kind of
     * {@link Fault} equally likely, with the reaction the receiver must show:
     * <table>
     *   <caption>Breakage and reaction</caption>
     *   <tr><th>break</th><th>1.6</th><th>2.0.1</th></tr>
     *   <tr><td>required property missing; too few or too many array items</td>
     *       <td>OccurenceConstraintViolation</td><td>OccurrenceConstraintViolation</td></tr>
     *   <tr><td>wrong JSON type; malformed date-time</td><td colspan="2">TypeConstraintViolation</td></tr>
     *   <tr><td>string too long; outside the enumeration; integer out of range</td>
     *       <td colspan="2">PropertyConstraintViolation</td></tr>
     *   <tr><td>property the object does not define; payload not an object; JSON cut short</td>
     *       <td>FormationViolation</td><td>FormatViolation</td></tr>
     *   <tr><td>unknown action</td><td colspan="2">NotImplemented (1.6 §4.2.3 Table 7, 2.0.1 Part 4 Table 8)</td></tr>
     *   <tr><td>element missing; action or message type id not of its type</td>
     *       <td>GenericError</td><td>RpcFrameworkError</td></tr>
     *   <tr><td>message id over 36 characters</td><td>GenericError, with that id</td>
     *       <td>RpcFrameworkError, id "-1"</td></tr>
     *   <tr><td>message id unreadable; not a JSON array</td><td>no answer (no id to answer to)</td>
     *       <td>RpcFrameworkError, id "-1" (Part 4 §4.2.3)</td></tr>
     *   <tr><td>unknown message type id</td><td>no answer (1.6 §4.1.3: ignored)</td>
     *       <td>MessageTypeNotSupported (Part 4 §4.4)</td></tr>
     * </table>
     * The schema codes are the version's validation mapping ({@link Ocpp16Validation}, {@link Ocpp201Validation}).
     * 1.6 has no RpcFrameworkError; its catch-all GenericError stands in (see {@link Dialect}).
     */
    public static Arbitrary<BrokenCall> brokenCalls(OcppVersion version, Role sender) {
        return broken(version, Objects.requireNonNull(sender, "sender"));
    }

    private static Arbitrary<BrokenCall> broken(OcppVersion version, Role sender) {
        Objects.requireNonNull(version, "version");
        return BROKEN.computeIfAbsent(version + "/" + sender, k -> {
            SchemaSamples samples = schemaSamples(version);
            SchemaMutations mutations = SchemaMutations.of(samples);
            List<Message> requests = actions(version, sender).stream()
                    .map(a -> samples.request(a.name())).toList();
            List<Arbitrary<BrokenCall>> all = new ArrayList<>();
            for (Breakage b : mutations.breakages(requests)) {
                Arbitrary<Mutation> broken = mutations.arbitrary(b, requests);
                all.add(Combinators.combine(broken, IDS).as((mu, id) -> payloadBroken(version, b, mu, id)));
            }
            Arbitrary<Sample> valid = samples.instances(requests);
            for (Fault f : Fault.values()) {
                if (!f.inPayload()) {
                    all.add(frameBroken(version, f, valid));
                }
            }
            return Arbitraries.oneOf(all);
        });
    }

    private static BrokenCall payloadBroken(OcppVersion version, Breakage b, Mutation mu, String id) {
        ErrorCode code = switch (b) {
            case MISSING_REQUIRED, TOO_FEW_ITEMS, TOO_MANY_ITEMS -> ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION;
            case WRONG_TYPE, MALFORMED_DATE_TIME -> ErrorCode.TYPE_CONSTRAINT_VIOLATION;
            case OVERLONG_STRING, OUTSIDE_ENUM, BELOW_MINIMUM, ABOVE_MAXIMUM ->
                    ErrorCode.PROPERTY_CONSTRAINT_VIOLATION;
            case EXTRA_PROPERTY -> ErrorCode.FORMAT_VIOLATION;
        };
        String frame = write(call(NODES.numberNode(2), NODES.textNode(id), NODES.textNode(mu.action()),
                mu.payload()));
        return new BrokenCall(version, mu.action(), id, frame, Fault.valueOf(b.name()),
                mu.path().isEmpty() ? "<payload>" : mu.path(), new Reply(code, id));
    }

    /** One frame-level fault made in valid CALLs of {@code valid}'s messages. */
    private static Arbitrary<BrokenCall> frameBroken(OcppVersion version, Fault f, Arbitrary<Sample> valid) {
        boolean v16 = version == OcppVersion.OCPP16;
        // What 1.6 sends for faults of the RPC framework itself, for which it has no code of its own (Dialect).
        ErrorCode framework = v16 ? ErrorCode.GENERIC_ERROR : ErrorCode.RPC_FRAMEWORK_ERROR;
        Function<String, Reaction> noIdOrMinusOne = id -> v16
                ? new Ignore("OCPP-J 1.6 §4.2.3: a CALLERROR carries the CALL's id, and this message has none "
                + "that can be read")
                : new Reply(ErrorCode.RPC_FRAMEWORK_ERROR, Dialect.UNREADABLE_ID);
        return switch (f) {
            case TRUNCATED_JSON -> Combinators.combine(valid, IDS, Arbitraries.doubles().between(0, 1))
                    .as((s, id, where) -> {
                        String whole = write(call(s, id));
                        // Cut anywhere after the id, so that the id can still be read: `[2,"<id>",` stays.
                        int from = ("[2,\"" + id + "\",").length();
                        int cut = from + (int) Math.floor(where * (whole.length() - 1 - from));
                        if (Character.isHighSurrogate(whole.charAt(cut - 1))) {
                            cut--; // never half a code point
                        }
                        return new BrokenCall(version, s.message().action(), id, whole.substring(0, cut), f,
                                "cut after " + cut + " of " + whole.length() + " characters",
                                new Reply(ErrorCode.FORMAT_VIOLATION, id));
                    });
            case NOT_A_JSON_ARRAY -> Combinators.combine(valid, IDS, Arbitraries.integers().between(0, 2))
                    .as((s, id, variant) -> {
                        String whole = write(call(s, id));
                        String text = switch (variant) {
                            case 0 -> write(s.instance());                        // the payload alone
                            case 1 -> whole.substring(1, whole.length() - 1);    // the elements without brackets
                            default -> "CALL " + s.message().action() + " " + id; // no JSON at all
                        };
                        return new BrokenCall(version, s.message().action(), id, text, f,
                                new String[]{"payload object only", "no brackets", "plain text"}[variant],
                                noIdOrMinusOne.apply(id));
                    });
            case UNKNOWN_MESSAGE_TYPE -> Combinators.combine(valid, IDS,
                            Arbitraries.of(0, 1, 5, 6, 7, 8, 9, 10, 42, 99, -2, 2147483647))
                    .as((s, id, type) -> new BrokenCall(version, s.message().action(), id,
                            write(call(NODES.numberNode(type), NODES.textNode(id),
                                    NODES.textNode(s.message().action()), s.instance())),
                            f, "message type " + type, v16
                            ? new Ignore("OCPP-J 1.6 §4.1.3: a message of an unknown type is ignored")
                            : new Reply(ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED, id)));
            case MESSAGE_TYPE_NOT_A_NUMBER -> Combinators.combine(valid, IDS,
                            Arbitraries.of((JsonNode) NODES.textNode("2"), NODES.numberNode(2.0),
                                    NODES.booleanNode(true), NODES.nullNode()))
                    .as((s, id, type) -> new BrokenCall(version, s.message().action(), id,
                            write(call(type, NODES.textNode(id), NODES.textNode(s.message().action()),
                                    s.instance())),
                            f, "message type " + type, new Reply(framework, id)));
            case MISSING_ELEMENT -> Combinators.combine(valid, IDS, Arbitraries.integers().between(0, 2))
                    .as((s, id, variant) -> {
                        ArrayNode frame = NODES.arrayNode().add(2).add(id);
                        if (variant == 0) {
                            frame.add(s.message().action());
                        } else if (variant == 1) {
                            frame.add(s.instance());
                        }
                        return new BrokenCall(version, s.message().action(), id, write(frame), f,
                                new String[]{"no payload", "no action", "no action and no payload"}[variant],
                                new Reply(framework, id));
                    });
            case ACTION_NOT_A_STRING -> Combinators.combine(valid, IDS,
                            Arbitraries.of(0, 1, 2, 3))
                    .as((s, id, variant) -> {
                        String action = s.message().action();
                        JsonNode bad = switch (variant) {
                            case 0 -> NODES.numberNode(7);
                            case 1 -> NODES.nullNode();
                            case 2 -> NODES.arrayNode().add(action);
                            default -> NODES.objectNode().put("action", action);
                        };
                        return new BrokenCall(version, action, id,
                                write(call(NODES.numberNode(2), NODES.textNode(id), bad, s.instance())),
                                f, "action " + bad, new Reply(framework, id));
                    });
            case PAYLOAD_NOT_AN_OBJECT -> Combinators.combine(valid, IDS, Arbitraries.integers().between(0, v16 ? 3 : 4))
                    .as((s, id, variant) -> {
                        JsonNode bad = switch (variant) {
                            case 0 -> NODES.arrayNode().add(s.instance());
                            case 1 -> NODES.textNode(write(s.instance()));
                            case 2 -> NODES.numberNode(7);
                            case 3 -> NODES.booleanNode(false);
                            // 1.6 reads a null payload as an empty one (OCPP-J 1.6 Table 4); 2.x wants an object.
                            default -> NODES.nullNode();
                        };
                        return new BrokenCall(version, s.message().action(), id,
                                write(call(NODES.numberNode(2), NODES.textNode(id),
                                        NODES.textNode(s.message().action()), bad)),
                                f, "payload " + bad.getNodeType(), new Reply(ErrorCode.FORMAT_VIOLATION, id));
                    });
            case MESSAGE_ID_TOO_LONG -> Combinators.combine(valid,
                            Arbitraries.strings().alpha().numeric().ofMinLength(MAX_ID + 1).ofMaxLength(80))
                    .as((s, id) -> new BrokenCall(version, s.message().action(), id, write(call(s, id)), f,
                            "message id of " + id.length() + " characters",
                            // 2.x cannot echo an id its own CALLERROR could not carry; 1.6 has no "-1" (Dialect).
                            v16 ? new Reply(ErrorCode.GENERIC_ERROR, id)
                                    : new Reply(ErrorCode.RPC_FRAMEWORK_ERROR, Dialect.UNREADABLE_ID)));
            case MESSAGE_ID_NOT_A_STRING -> Combinators.combine(valid, IDS,
                            Arbitraries.of((JsonNode) NODES.numberNode(7), NODES.nullNode(), NODES.objectNode(),
                                    NODES.booleanNode(true)))
                    .as((s, id, bad) -> {
                        // A number id gets a new value from the wanted id, so that tries differ.
                        JsonNode written = bad.isNumber() ? NODES.numberNode(Math.abs(id.hashCode() % 100000)) : bad;
                        return new BrokenCall(version, s.message().action(), id,
                                write(call(NODES.numberNode(2), written, NODES.textNode(s.message().action()),
                                        s.instance())),
                                f, "message id " + written, noIdOrMinusOne.apply(id));
                    });
            case UNKNOWN_ACTION -> Combinators.combine(valid, IDS, Arbitraries.integers().between(0, 2))
                    .as((s, id, variant) -> {
                        String action = s.message().action();
                        String unknown = switch (variant) {
                            case 0 -> action.substring(0, 1).toLowerCase(Locale.ROOT) + action.substring(1);
                            case 1 -> action.toUpperCase(Locale.ROOT);
                            default -> action + "Ext";
                        };
                        if (VersionKit.of(version).action(unknown).isPresent()) {
                            unknown = action + "Ext"; // no action of either version ends so
                        }
                        return new BrokenCall(version, action, id,
                                write(call(NODES.numberNode(2), NODES.textNode(id), NODES.textNode(unknown),
                                        s.instance())),
                                f, "action " + unknown, new Reply(ErrorCode.NOT_IMPLEMENTED, id));
                    });
            default -> throw new AssertionError(f);
        };
    }

    private static ArrayNode call(Sample s, String id) {
        return call(NODES.numberNode(2), NODES.textNode(id), NODES.textNode(s.message().action()), s.instance());
    }

    private static ArrayNode call(JsonNode type, JsonNode id, JsonNode action, JsonNode payload) {
        return NODES.arrayNode().add(type).add(id).add(action).add(payload);
    }

    private static String write(JsonNode node) {
        try {
            return OcppJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ schemas

    private static SchemaSamples load(OcppVersion version) {
        VersionKit kit = VersionKit.of(version);
        Class<?> anchor = version == OcppVersion.OCPP16 ? Ocpp16Validation.class : Ocpp201Validation.class;
        List<Message> messages = new ArrayList<>();
        for (VersionKit.ActionInfo a : kit.actions()) {
            messages.add(Message.request(a.name(), a.requestType()));
            messages.add(Message.response(a.name(), a.responseType()));
        }
        return SchemaSamples.of(schemaOpener(anchor), messages);
    }

    /**
     * Opens the schema files of the version module that holds {@code anchor}, by their path under its
     * {@code schema/} folder. The version modules do not open that resource package, so on the module path
     * {@code getResourceAsStream} from this module finds nothing; the files are read from the module's jar or
     * class folder instead (a URL connection, so that no file system stays open).
     */
    private static Function<String, InputStream> schemaOpener(Class<?> anchor) {
        String folder = anchor.getPackageName().replace('.', '/') + "/schema/";
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            ClassLoader loader = anchor.getClassLoader();
            return path -> loader.getResourceAsStream(folder + path);
        }
        try {
            Path dir = "file".equals(location.getProtocol()) ? Path.of(location.toURI()) : null;
            if (dir != null && Files.isDirectory(dir)) {
                Path root = dir.resolve(folder);
                return path -> {
                    Path file = root.resolve(path);
                    try {
                        return Files.exists(file) ? Files.newInputStream(file) : null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
            }
            String jar = "jar:" + location.toExternalForm() + "!/" + folder;
            return path -> {
                try {
                    return new URL(jar + path).openStream();
                } catch (java.io.FileNotFoundException e) {
                    return null;
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException(path, e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find the schemas of " + anchor, e);
        }
    }
}
