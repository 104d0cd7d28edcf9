package dev.ocpp.examples.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.PayloadValidator;
import dev.ocpp.core.validation.Violation;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What schema validation costs on top of binding, the same three variants for every OCPP version; a subclass picks
 * the version's validator and payloads. {@code plainBind} is the baseline: Jackson databind of the payload text
 * straight into the generated class. {@code validatedBind} is what the typed layer does with an incoming payload:
 * read it as a tree, validate the tree against the message schema, bind the tree to the same class. The ratio
 * validatedBind / plainBind is the figure of merit (aim: at most 2.0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class ValidatedBindBenchmark {

    private final ObjectMapper mapper = OcppJson.mapper();
    private String action;
    private String payload;
    private Class<?> type;
    private PayloadValidator validator;

    /**
     * Sets the payload the variants work on, after checking that it is valid and that the variants agree on it: a
     * comparison of different work would mean nothing.
     */
    protected void prepare(PayloadValidator validator, String action, String payload, Class<?> type) {
        this.validator = validator;
        this.action = action;
        this.payload = payload;
        this.type = type;
        try {
            JsonNode tree = mapper.readTree(payload);
            List<Violation> v = validator.validate(action, true, tree);
            if (!v.isEmpty()) {
                throw new IllegalStateException("benchmark payload is invalid: " + v);
            }
            if (!mapper.readValue(payload, type).equals(mapper.treeToValue(tree, type))) {
                throw new IllegalStateException("plain and tree binding disagree for " + action);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public Object plainBind() throws IOException {
        return mapper.readValue(payload, type);
    }

    /** The tree detour alone, to separate its cost from the validator's. */
    @Benchmark
    public Object treeBind() throws IOException {
        return mapper.treeToValue(mapper.readTree(payload), type);
    }

    @Benchmark
    public Object validatedBind() throws IOException {
        JsonNode tree = mapper.readTree(payload);
        List<Violation> violations = validator.validate(action, true, tree);
        if (!violations.isEmpty()) {
            throw new IllegalStateException(violations.toString());
        }
        return mapper.treeToValue(tree, type);
    }
}
