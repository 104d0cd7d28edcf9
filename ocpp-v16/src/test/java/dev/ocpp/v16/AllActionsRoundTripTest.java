package dev.ocpp.v16;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.v16.samples.Ocpp16Samples;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every one of the 39 actions, request and response, with every property filled: the JSON binds to the generated
 * classes and comes back unchanged, and a typed exchange through the engine delivers exactly what was sent, in each
 * direction the action may travel (DataTransfer both ways).
 */
class AllActionsRoundTripTest {

    private static final String IDENTITY = "CP-ROUND-TRIP";
    private static final SchemaSamples SAMPLES = Ocpp16Samples.SAMPLES;

    private static final InMemoryNetwork NET = new InMemoryNetwork();
    /** What each handler last received, by {@link #key}. */
    private static final Map<String, Object> RECEIVED = new ConcurrentHashMap<>();
    private static Ocpp16CentralSystem cs;
    private static Ocpp16CentralSystemSession toCs;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void connectOneChargePointWithEveryHandler() throws Exception {
        Ocpp16CentralSystem.Builder csb = Ocpp16CentralSystem.builder(NET.serverTransport()).port(0).path("/ocpp");
        Ocpp16ChargePoint.Builder cpb = Ocpp16ChargePoint.builder(NET.clientTransport()).identity(IDENTITY);
        for (Ocpp16Action<?, ?> a : Ocpp16Actions.all()) {
            if (a.sentByChargePoint()) {
                csb.on(rawClass(a), answering(a, true));
            }
            if (a.sentByCentralSystem()) {
                cpb.on(rawClass(a), answering(a, false));
            }
        }
        cs = csb.build().start();
        toCs = cpb.endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).build()
                .connect().get(5, SECONDS);
    }

    @AfterAll
    static void close() {
        if (cs != null) {
            cs.close();
        }
    }

    static Stream<Named<Ocpp16Action<?, ?>>> actions() {
        return Ocpp16Actions.all().stream().map(a -> Named.of(a.name(), a));
    }

    /** Each action once per direction it may be sent in. */
    static Stream<Arguments> exchanges() {
        return Ocpp16Actions.all().stream().flatMap(a -> Stream.of(true, false)
                .filter(fromCp -> fromCp ? a.sentByChargePoint() : a.sentByCentralSystem())
                .map(fromCp -> Arguments.of(Named.of(a.name(), a),
                        Named.of(fromCp ? "charge point to central system" : "central system to charge point",
                                fromCp))));
    }

    @Test
    void registryCoversEverySchemaFileAndDataTransferGoesBothWays() throws IOException {
        assertThat(SAMPLES.messages()).hasSize(78);
        assertThat(exchanges()).hasSize(40);
        Path dir = Path.of("src/main/resources/dev/ocpp/v16/schema/messages");
        assumeTrue(Files.isDirectory(dir), "schema sources not found from " + Path.of("").toAbsolutePath());
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString().replace(".json", "")).collect(Collectors.toSet());
        }
        assertThat(SAMPLES.messages()).extracting(Message::name).containsExactlyInAnyOrderElementsOf(files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void typicalRequestAndResponseBindAndWriteBackUnchangedAndValidateClean(Ocpp16Action<?, ?> action)
            throws JsonProcessingException {
        for (Message m : new Message[] {Ocpp16Samples.request(action), Ocpp16Samples.response(action)}) {
            ObjectNode typical = SAMPLES.typical(m);
            assertThat(typical.size()).as("%s fills every property", m)
                    .isEqualTo(SAMPLES.shape(m).properties().size());
            assertThat(Ocpp16Validation.validator().validate(action.name(), m.request(), typical))
                    .as("%s violations", m).isEmpty();

            Object bound = OcppJson.mapper().treeToValue(typical, m.javaType());
            assertThat(bound).isExactlyInstanceOf(m.javaType());
            JsonNode written = OcppJson.mapper().valueToTree(bound);
            assertThat(SchemaSamples.canonical(written)).as("%s written back", m)
                    .isEqualTo(SchemaSamples.canonical(typical));
            assertThat(Ocpp16Validation.validator().validate(action.name(), m.request(), written))
                    .as("%s violations after the round trip", m).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("exchanges")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void typicalExchangeArrivesTypedAndUnchangedOnBothEnds(Ocpp16Action<?, ?> action, boolean fromChargePoint)
            throws Exception {
        RECEIVED.remove(key(action, fromChargePoint));
        Object request = bound(Ocpp16Samples.request(action));

        CompletableFuture<?> answer = fromChargePoint ? toCs.call((FromChargePoint) request)
                : cs.call(IDENTITY, (FromCentralSystem) request);
        Object response = answer.get(5, SECONDS);

        assertThat(RECEIVED.get(key(action, fromChargePoint))).as("request the handler saw")
                .isExactlyInstanceOf(action.requestType())
                .isEqualTo(bound(Ocpp16Samples.request(action)));
        assertThat(response).as("response the caller got")
                .isExactlyInstanceOf(action.responseType())
                .isEqualTo(bound(Ocpp16Samples.response(action)));
    }

    // ------------------------------------------------------------------ helpers

    private static String key(Ocpp16Action<?, ?> action, boolean fromChargePoint) {
        return (fromChargePoint ? "CP>CS " : "CS>CP ") + action.name();
    }

    /** The typical instance bound to its class; a fresh object each time, so no handler can alter the expectation. */
    private static Object bound(Message m) {
        try {
            return OcppJson.mapper().treeToValue(SAMPLES.typical(m), m.javaType());
        } catch (JsonProcessingException e) {
            throw new AssertionError("typical " + m + " does not bind", e);
        }
    }

    @SuppressWarnings("rawtypes")
    private static Class rawClass(Ocpp16Action<?, ?> a) {
        return a.requestType();
    }

    /** Records the request and answers with the typical response; the test asserts on what was recorded. */
    @SuppressWarnings("rawtypes")
    private static Function answering(Ocpp16Action<?, ?> action, boolean fromChargePoint) {
        return (Function<Object, Object>) request -> {
            RECEIVED.put(key(action, fromChargePoint), request);
            return bound(Ocpp16Samples.response(action));
        };
    }
}
