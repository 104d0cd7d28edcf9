package dev.ocpp.core.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The redactor never throws, keeps valid JSON valid and of the same shape, and leaves no secret value behind. */
class FrameRedactorProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NAMES = List.of("idTag", "parentIdTag", "idToken", "groupIdToken",
            "additionalInfo", "additionalIdToken", "key", "value", "vpn", "apn", "password", "apnPassword",
            "component", "variable", "name", "attributeValue", "variableAttribute", "certificate", "csr", "data",
            "customerIdentifier", "status", "type", "x");
    private static final List<String> TEXTS = List.of("AuthorizationKey", "SecurityCtrlr", "BasicAuthPassword",
            "Authorize", "NotifyCustomerInformation", "***", "plain", "");

    @Property(tries = 1000)
    void neverThrowsOnArbitraryText(@ForAll("text") String text) {
        assertThatCode(() -> FrameRedactor.defaults().redact(text)).doesNotThrowAnyException();
    }

    @Property(tries = 1000)
    void keepsValidJsonValidAndItsShape(@ForAll("frames") JsonNode frame) throws Exception {
        String text = JSON.writeValueAsString(frame);

        String out = FrameRedactor.defaults().redact(text);

        JsonNode back = JSON.readTree(out);
        assertThat(back.getNodeType()).isEqualTo(frame.getNodeType());
        assertThat(back.size()).isEqualTo(frame.size());
        assertThat(out).doesNotContain("SECRET-");
    }

    @Property(tries = 500)
    void cuttingARedactedFrameAnywhereLeavesNoIdTagBehind(@ForAll("cut") int cut) {
        String frame = "[2,\"1\",\"Authorize\",{\"idTag\":\"SECRET-TAG-0123456789\"}]";
        String broken = frame.substring(0, Math.min(cut, frame.length()));

        // Any prefix long enough to show a whole character of the tag after its opening quote is masked.
        assertThat(FrameRedactor.defaults().redact(broken)).doesNotContain("SECRET");
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 60);
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("[]{}\",:\\ 0123abu").ofMaxLength(60);
        Arbitrary<String> names = Arbitraries.of(NAMES).map(n -> "{\"" + n + "\":");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), jsonish,
                Arbitraries.strings().ofMaxLength(80).flatMap(s -> names.map(n -> n + s)));
    }

    @Provide
    Arbitrary<JsonNode> frames() {
        return node(4).map(payload -> {
            ArrayNode frame = NODES.arrayNode();
            frame.add(2).add("id").add("Authorize").add(payload);
            return (JsonNode) frame;
        }).injectDuplicates(0.01);
    }

    /** Objects whose secret-looking fields carry values starting with SECRET- only where a rule must mask them. */
    private Arbitrary<JsonNode> node(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.of(TEXTS).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.of(NAMES), Arbitraries.lazy(() -> node(depth - 1)))
                .ofMaxSize(4).map(m -> {
                    ObjectNode o = NODES.objectNode();
                    m.forEach(o::set);
                    if (m.containsKey("idTag")) {
                        o.put("idTag", "SECRET-tag");
                    }
                    return (JsonNode) o;
                });
        Arbitrary<JsonNode> array = Arbitraries.lazy(() -> node(depth - 1)).list().ofMaxSize(3).map(l -> {
            ArrayNode a = NODES.arrayNode();
            l.forEach(a::add);
            return (JsonNode) a;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(3, object), net.jqwik.api.Tuple.of(1, array));
    }
}
