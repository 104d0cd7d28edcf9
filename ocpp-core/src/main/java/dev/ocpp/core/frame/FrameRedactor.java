package dev.ocpp.core.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.core.spi.support.LogSafe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masks personal data and secrets in OCPP-J frame text before it is logged: the frame stays valid JSON of the same
 * shape, with each secret string replaced by {@value #MASK} and each array or object that holds only secrets
 * replaced by the string {@value #MASK} as a whole.
 *
 * <p>What is masked by {@link #defaults()} (OCPP-J frames of OCPP 1.6 and 2.0.1, OCPP-J 1.6 section 4 and OCPP 2.0.1
 * Part 4 section 4 for the envelope; the field names are those of the versions' JSON schemas):
 * <ul>
 *   <li>tokens that identify a driver: 1.6 {@code idTag}, {@code parentIdTag}; 2.0.1 the {@code idToken} text of
 *       every IdTokenType (so also in {@code groupIdToken}) and {@code additionalIdToken}; the whole
 *       {@code localAuthorizationList} of SendLocalList (1.6 section 6.46, 2.0.1 D01);</li>
 *   <li>HTTP Basic secrets: 1.6 {@code value} of the configuration key {@code AuthorizationKey} (in
 *       ChangeConfiguration and GetConfiguration results); 2.0.1 {@code attributeValue} and
 *       {@code variableAttribute[].value} of {@code SecurityCtrlr.BasicAuthPassword} (SetVariables, GetVariables,
 *       NotifyReport);</li>
 *   <li>network secrets of 2.0.1 SetNetworkProfile: {@code apn.apnPassword}, {@code apn.simPin},
 *       {@code vpn.password}, {@code vpn.key};</li>
 *   <li>certificates and signing requests: {@code certificate}, {@code certificateChain}, {@code csr},
 *       {@code signingCertificate}, {@code exiRequest}, {@code exiResponse} (1.6 security extension, 2.0.1 blocks
 *       A and M);</li>
 *   <li>customer data: {@code customerIdentifier}, {@code customerCertificate} (2.0.1 CustomerInformation, N09),
 *       {@code data} of NotifyCustomerInformation (N10), and {@code personalMessage} /
 *       {@code updatedPersonalMessage}, the text shown to one driver about their own account (2.0.1 C01).</li>
 * </ul>
 *
 * <p>One rule set serves every version: where versions share a field name they mean the same thing by it, and a
 * name that one version uses for something harmless (1.6 {@code key} is a configuration key's name, 2.0.1
 * {@code vpn.key} a secret) is matched together with its parent field. A log sees frames of every version at once
 * and needs no version to read them; rules that only fit one message are tied to that CALL's action.
 *
 * <p>{@link #redact} never throws. Text that is not JSON is not parsed but scanned for secret field names followed
 * by a string, which are masked as far as they go. A frame that names no secret field is returned as it is after
 * a substring check, without parsing. {@link #none()} masks nothing, for debugging. Instances are immutable and
 * thread-safe.
 */
public final class FrameRedactor {

    /** What stands in for a masked value. */
    public static final String MASK = "***";

    /** The field is masked, whatever its value. */
    private static final Set<String> MASKED = Set.of("idTag", "parentIdTag", "additionalIdToken",
            "localAuthorizationList", "certificate", "certificateChain", "csr", "signingCertificate", "exiRequest",
            "exiResponse", "customerIdentifier", "customerCertificate", "personalMessage", "updatedPersonalMessage");
    /**
     * The field's text is masked; an object or array under it is searched instead. 2.0.1 {@code idToken} is an
     * IdTokenType object whose own {@code idToken} member is the secret, beside its harmless {@code type}.
     */
    private static final Set<String> MASKED_TEXT = Set.of("idToken");
    /** Field name to the parent fields under which it is a secret. */
    private static final Map<String, Set<String>> MASKED_UNDER = Map.of(
            "apnPassword", Set.of("apn"),
            "simPin", Set.of("apn"),
            "password", Set.of("vpn"),
            "key", Set.of("vpn"));
    /** CALL action to the payload fields that are secret in that action only. */
    private static final Map<String, Set<String>> MASKED_IN_ACTION = Map.of(
            "NotifyCustomerInformation", Set.of("data"));
    /** 1.6 configuration keys whose value is secret (OCPP 1.6 security whitepaper, AuthorizationKey). */
    private static final Set<String> SECRET_KEYS = Set.of("authorizationkey");
    /** 2.0.1 component and variable whose value is secret, lower case. */
    private static final Set<String> SECRET_VARIABLES = Set.of("securityctrlr.basicauthpassword");

    private static final FrameRedactor NONE = new FrameRedactor(false);
    private static final FrameRedactor DEFAULTS = new FrameRedactor(true);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Numbers are written back as they came: 1.50 stays 1.50, a huge integer stays exact.
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Quoted names whose presence makes a frame worth parsing. */
    private static final List<String> TRIGGERS;

    static {
        Set<String> names = new LinkedHashSet<>();
        names.addAll(MASKED);
        names.addAll(MASKED_TEXT);
        names.addAll(MASKED_UNDER.keySet());
        MASKED_IN_ACTION.values().forEach(names::addAll);
        List<String> triggers = new ArrayList<>();
        names.forEach(n -> triggers.add('"' + n + '"'));
        // Setting values are found by the setting's name, which is a string value, not a field name.
        triggers.add("AuthorizationKey");
        triggers.add("BasicAuthPassword");
        TRIGGERS = List.copyOf(triggers);
    }

    private final boolean enabled;

    private FrameRedactor(boolean enabled) {
        this.enabled = enabled;
    }

    /** Masks everything listed in the class description. */
    public static FrameRedactor defaults() {
        return DEFAULTS;
    }

    /** Masks nothing: for debugging, when the log may show personal data and secrets. */
    public static FrameRedactor none() {
        return NONE;
    }

    /** {@link #defaults()} when {@code showSecrets} is false, else {@link #none()}. */
    public static FrameRedactor of(boolean showSecrets) {
        return showSecrets ? NONE : DEFAULTS;
    }

    /** Whether this redactor masks anything. */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * {@code text} with its secrets masked; {@code text} itself when it holds none or this redactor is
     * {@link #none()}. Never throws.
     *
     * @param text a frame as on the wire; {@code null} gives {@code null}
     */
    public String redact(String text) {
        if (!enabled || text == null || !mayHoldSecrets(text)) {
            return text;
        }
        try {
            JsonNode root = parse(text);
            if (root == null) {
                return scan(text);
            }
            String action = root.isArray() && root.size() == 4 && root.get(0).isIntegralNumber()
                    && root.get(0).asInt() == MessageType.CALL.id() && root.get(2).isTextual()
                    ? root.get(2).textValue() : null;
            if (!walk(root, null, action == null ? Set.of() : MASKED_IN_ACTION.getOrDefault(action, Set.of()))) {
                return text;
            }
            return MAPPER.writeValueAsString(root);
        } catch (Exception | StackOverflowError e) {
            // Whatever went wrong, the log line must neither fail nor show the secret.
            return scan(text);
        }
    }

    /**
     * {@code text} for a log line: masked by {@link #redact}, then escaped and cut to {@code maxLength} characters
     * by {@link LogSafe#escape(String, int)}.
     */
    public String forLog(String text, int maxLength) {
        return LogSafe.escape(redact(text), maxLength);
    }

    private static boolean mayHoldSecrets(String text) {
        // An escaped field name ("id\u0054ag") would slip past the substring check; such text is parsed.
        if (text.indexOf('\\') >= 0) {
            return true;
        }
        for (String trigger : TRIGGERS) {
            if (text.contains(trigger)) {
                return true;
            }
        }
        return false;
    }

    /** The whole text as one JSON value, or {@code null} when it is not exactly that. */
    private static JsonNode parse(String text) throws java.io.IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonNode root = MAPPER.readTree(p);
            if (root == null || p.nextToken() != null) {
                return null;
            }
            return root;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Masks the secrets under {@code node} in place; whether anything was masked. */
    private static boolean walk(JsonNode node, String parentField, Set<String> actionFields) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            changed = maskSetting(object);
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode value = object.get(field);
                if (value == null || value.isNull()) {
                    continue;
                }
                if (MASKED.contains(field) || actionFields.contains(field)
                        || parentField != null && MASKED_UNDER.getOrDefault(field, Set.of()).contains(parentField)) {
                    if (!isMask(value)) {
                        object.put(field, MASK);
                        changed = true;
                    }
                } else if (MASKED_TEXT.contains(field) && value.isValueNode()) {
                    if (!isMask(value)) {
                        object.put(field, MASK);
                        changed = true;
                    }
                } else if (value.isContainerNode()) {
                    changed |= walk(value, field, Set.of());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                // An array's elements sit under the array's field: vpn is an object, but a list of entries is not.
                changed |= walk(element, parentField, actionFields);
            }
        }
        return changed;
    }

    /** Masks the value of a 1.6 configuration key or 2.0.1 variable that is a secret. */
    private static boolean maskSetting(ObjectNode object) {
        boolean changed = false;
        JsonNode key = object.get("key");
        if (key != null && key.isTextual()
                && SECRET_KEYS.contains(key.textValue().toLowerCase(java.util.Locale.ROOT))) {
            changed |= maskMember(object, "value");
        }
        JsonNode component = object.get("component");
        JsonNode variable = object.get("variable");
        if (component != null && variable != null && component.path("name").isTextual()
                && variable.path("name").isTextual()
                && SECRET_VARIABLES.contains((component.path("name").textValue() + "."
                        + variable.path("name").textValue()).toLowerCase(java.util.Locale.ROOT))) {
            changed |= maskMember(object, "attributeValue");
            JsonNode attributes = object.get("variableAttribute");
            if (attributes != null && attributes.isArray()) {
                for (JsonNode attribute : attributes) {
                    if (attribute instanceof ObjectNode a) {
                        changed |= maskMember(a, "value");
                    }
                }
            }
        }
        return changed;
    }

    private static boolean maskMember(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull() || isMask(value)) {
            return false;
        }
        object.put(field, MASK);
        return true;
    }

    private static boolean isMask(JsonNode value) {
        return value instanceof TextNode t && MASK.equals(t.textValue());
    }

    /**
     * Masks, in text that is not JSON, every string that follows a secret field name and a colon, up to its closing
     * quote or the end of the text. Setting values (found only by reading the structure) are not seen here.
     */
    static String scan(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int quote = text.indexOf('"', i);
            if (quote < 0) {
                break;
            }
            int close = closingQuote(text, quote + 1);
            if (close < 0) {
                break;
            }
            String name = text.substring(quote + 1, close);
            int j = skipBlank(text, close + 1);
            if (j < n && text.charAt(j) == ':' && isSecretName(name)) {
                int v = skipBlank(text, j + 1);
                if (v < n && text.charAt(v) == '"') {
                    int end = closingQuote(text, v + 1);
                    int stop = end < 0 ? n : end;
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(text, copied, v + 1).append(MASK);
                    copied = stop;
                    i = end < 0 ? n : end + 1;
                    continue;
                }
            }
            i = close + 1;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static boolean isSecretName(String name) {
        return MASKED.contains(name) || MASKED_TEXT.contains(name) || MASKED_UNDER.containsKey(name);
    }

    /** The index of the quote closing a string whose text starts at {@code from}, or -1. */
    private static int closingQuote(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipBlank(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return enabled ? "FrameRedactor.defaults()" : "FrameRedactor.none()";
    }
}
