package dev.ocpp.v201.api;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.FromChargingStation;
import dev.ocpp.v201.FromCsms;
import dev.ocpp.v201.Ocpp201Action;
import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.samples.Ocpp201Samples;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every one of the 64 actions, with every property of request and response filled, through the engine over the
 * in-memory transport, typed on both ends, in each direction the action may travel (DataTransfer both ways): the
 * handler gets exactly the request sent, and the caller exactly the response given.
 */
class AllActionsExchangeTest {

    private static final String IDENTITY = "CS-ALL";
    private static final InMemoryNetwork NET = new InMemoryNetwork();
    /** What each handler last received, by {@link #key}. */
    private static final Map<String, Object> RECEIVED = new ConcurrentHashMap<>();
    private static Ocpp201Csms csms;
    private static Ocpp201CsmsSession toCsms;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void connectOneStationWithEveryHandler() throws Exception {
        Ocpp201Csms.Builder csmsBuilder = Ocpp201Csms.builder(NET.serverTransport()).port(0).path("/ocpp");
        Ocpp201ChargingStation.Builder stationBuilder = Ocpp201ChargingStation.builder(NET.clientTransport())
                .identity(IDENTITY);
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            if (a.sentByChargingStation()) {
                csmsBuilder.on(rawClass(a), answering(a, true));
            }
            if (a.sentByCsms()) {
                stationBuilder.on(rawClass(a), answering(a, false));
            }
        }
        csms = csmsBuilder.build().start();
        toCsms = stationBuilder.endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).build()
                .connect().get(5, SECONDS);
    }

    @AfterAll
    static void close() {
        if (csms != null) {
            csms.close();
        }
    }

    /** Each action once per direction it may be sent in. */
    static Stream<Arguments> exchanges() {
        return Ocpp201Actions.all().stream().flatMap(a -> Stream.of(true, false)
                .filter(fromStation -> fromStation ? a.sentByChargingStation() : a.sentByCsms())
                .map(fromStation -> Arguments.of(Named.of(a.name(), a),
                        Named.of(fromStation ? "station to CSMS" : "CSMS to station", fromStation))));
    }

    @Test
    void everyActionIsExchangedOncePerDirection() {
        assertThat(exchanges()).hasSize(65);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("exchanges")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void typicalExchangeArrivesTypedAndUnchangedOnBothEnds(Ocpp201Action<?, ?> action, boolean fromStation)
            throws Exception {
        RECEIVED.remove(key(action, fromStation));
        Object request = bound(Ocpp201Samples.request(action));

        CompletableFuture<?> answer = fromStation ? toCsms.call((FromChargingStation) request)
                : csms.call(IDENTITY, (FromCsms) request);
        Object response = answer.get(5, SECONDS);

        assertThat(RECEIVED.get(key(action, fromStation))).as("request the handler saw")
                .isExactlyInstanceOf(action.requestType())
                .isEqualTo(bound(Ocpp201Samples.request(action)));
        assertThat(response).as("response the caller got")
                .isExactlyInstanceOf(action.responseType())
                .isEqualTo(bound(Ocpp201Samples.response(action)));
    }

    private static String key(Ocpp201Action<?, ?> action, boolean fromStation) {
        return (fromStation ? "CS>CSMS " : "CSMS>CS ") + action.name();
    }

    /** The typical instance bound to its class; a fresh object each time, so no handler can alter the expectation. */
    private static Object bound(Message m) {
        try {
            return OcppJson.mapper().treeToValue(Ocpp201Samples.SAMPLES.typical(m), m.javaType());
        } catch (JsonProcessingException e) {
            throw new AssertionError("typical " + m + " does not bind", e);
        }
    }

    @SuppressWarnings("rawtypes")
    private static Class rawClass(Ocpp201Action<?, ?> a) {
        return a.requestType();
    }

    /** Records the request and answers with the typical response; the test asserts on what was recorded. */
    @SuppressWarnings("rawtypes")
    private static Function answering(Ocpp201Action<?, ?> action, boolean fromStation) {
        return (Function<Object, Object>) request -> {
            RECEIVED.put(key(action, fromStation), request);
            return bound(Ocpp201Samples.response(action));
        };
    }
}
