package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.NotConnectedException;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.internal.VersionKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link MockCsms} does the same for both versions, against a station made of the library's own
 * {@link OcppClient} and {@link StationRuntime} speaking raw JSON: default answers, errors, the journal, validation
 * of the station's CALLs, and closing. The typed parts are in {@link MockCsms16Test} and {@link MockCsms201Test}.
 */
class MockCsmsTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ID = "CS-1";

    final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        // Stations first, so that none tries to reconnect to a mock that is gone.
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    enum Transport { IN_MEMORY, WEB_SOCKET }

    static Stream<Arguments> versionsAndTransports() {
        return Stream.of(OcppVersion.OCPP16, OcppVersion.OCPP201).flatMap(v -> Stream.of(Transport.values())
                .map(t -> Arguments.of(v, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndTransports")
    void aStationThatBootsIsAcceptedByDefault(OcppVersion version, Transport transport) throws Exception {
        MockCsms csms = mock(version, transport);
        StationRuntime runtime = StationRuntime.builder().bootNotification(() -> boot(version)).build();
        RawStation station = station(csms, runtime, ValidationOptions.defaults(), true);

        station.session = station.client.start();
        runtime.accepted().get(10, TimeUnit.SECONDS);
        csms.awaitStation(ID, WAIT);

        assertThat(runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        assertThat(runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(MockCsms.DEFAULT_HEARTBEAT_INTERVAL));
        assertThat(csms.connectedStations()).containsExactly(ID);
        Exchange boot = csms.journal().await(e -> e.action().equals("BootNotification") && e.answered(), WAIT)
                .orElseThrow();
        assertThat(boot.caller()).isEqualTo(Role.STATION);
        assertThat(boot.identity()).isEqualTo(ID);
        assertThat(boot.response().get("status").asText()).isEqualTo("Accepted");
        assertThat(csms.url().toString()).startsWith("ws://127.0.0.1:").endsWith("/ocpp");
    }

    @ParameterizedTest
    @EnumSource(names = {"OCPP16", "OCPP201"})
    void respondWithErrorReachesTheStationAsThatCallErrorUntilTheDefaultIsBack(OcppVersion version)
            throws Exception {
        MockCsms csms = mock(version, Transport.IN_MEMORY);
        OcppSession session = connect(station(csms, null, ValidationOptions.defaults(), true));
        Class<?> heartbeat = requestType(version, "Heartbeat");

        csms.respondWithError(heartbeat, ErrorCode.SECURITY_ERROR, "not registered");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> session.call("Heartbeat", json("{}")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(CallErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SECURITY_ERROR);
                        assertThat(e.description()).isEqualTo("not registered");
                    });
        }
        csms.respondWithDefault(heartbeat);
        assertThat(session.call("Heartbeat", json("{}")).get(10, TimeUnit.SECONDS).has("currentTime")).isTrue();
        assertThat(csms.journal().exchanges("Heartbeat")).extracting(e -> e.failed())
                .containsExactly(true, true, false);
    }

    static Stream<Arguments> invalidCalls() {
        return Stream.of(
                // A required field missing: 1.6 keeps the specification's spelling (OCPP-J 1.6 §4.2.3 Table 7).
                Arguments.of(OcppVersion.OCPP16, "{\"chargePointVendor\":\"ACME\"}", "OccurenceConstraintViolation"),
                Arguments.of(OcppVersion.OCPP201, "{\"reason\":\"PowerUp\"}", "OccurrenceConstraintViolation"),
                Arguments.of(OcppVersion.OCPP16, "{\"chargePointVendor\":\"ACME\",\"chargePointModel\":7}",
                        "TypeConstraintViolation"),
                Arguments.of(OcppVersion.OCPP201,
                        "{\"reason\":\"PowerUp\",\"chargingStation\":{\"vendorName\":\"ACME\",\"model\":true}}",
                        "TypeConstraintViolation"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidCalls")
    void anInvalidCallOfTheStationIsAnsweredWithTheVersionsErrorCodeAndJournaled(OcppVersion version,
            String payload, String wireCode) throws Exception {
        MockCsms csms = mock(version, Transport.IN_MEMORY);
        // The station's own check of what it sends is off, so that the invalid CALL goes out.
        OcppSession session = connect(station(csms, null,
                ValidationOptions.builder().outgoingCalls(false).build(), true));

        assertThatThrownBy(() -> session.call("BootNotification", json(payload)).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(CallErrorException.class,
                        e -> assertThat(e.wireCode()).isEqualTo(wireCode));

        Exchange refused = csms.journal().await(e -> e.action().equals("BootNotification") && e.answered(), WAIT)
                .orElseThrow();
        assertThat(refused.request()).isEqualTo(json(payload));
        assertThat(refused.failed()).isTrue();
        assertThat(refused.error().code()).isEqualTo(wireCode);
    }

    @ParameterizedTest
    @EnumSource(names = {"OCPP16", "OCPP201"})
    void theJournalRecordsTheCallsOfBothSidesWithTheirAnswers(OcppVersion version) throws Exception {
        MockCsms csms = mock(version, Transport.IN_MEMORY);
        OcppSession session = connect(station(csms, null, ValidationOptions.defaults(), true));

        session.call("BootNotification", boot(version)).get(10, TimeUnit.SECONDS);
        ObjectNode reset = csms.callRaw(ID, "Reset", reset(version)).get(10, TimeUnit.SECONDS);

        assertThat(reset).isEqualTo(json("{\"status\":\"Accepted\"}"));
        List<Exchange> all = csms.journal().exchanges();
        assertThat(all).extracting(Exchange::caller, Exchange::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Role.STATION, "BootNotification"),
                        org.assertj.core.groups.Tuple.tuple(Role.CSMS, "Reset"));
        assertThat(all.get(0).response().get("status").asText()).isEqualTo("Accepted");
        assertThat(all.get(1).response()).isEqualTo(reset);
        assertThat(all).allSatisfy(e -> assertThat(e.identity()).isEqualTo(ID));
    }

    @ParameterizedTest
    @EnumSource(names = {"OCPP16", "OCPP201"})
    void takeCallThatTimesOutFailsListingTheExchangesSoFar(OcppVersion version) throws Exception {
        MockCsms csms = mock(version, Transport.IN_MEMORY);
        OcppSession session = connect(station(csms, null, ValidationOptions.defaults(), true));
        session.call("BootNotification", boot(version)).get(10, TimeUnit.SECONDS);

        // A short wait on purpose: nothing will come.
        assertThatThrownBy(() -> csms.takeCall(requestType(version, "StatusNotification"), Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no StatusNotification CALL from the STATION")
                .hasMessageContaining("STATION->CSMS BootNotification")
                .hasMessageContaining("\"status\":\"Accepted\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndTransports")
    void closeEndsEverySessionAndStopsWhatTheMockOwns(OcppVersion version, Transport transport) throws Exception {
        MockCsms csms = mock(version, transport);
        RawStation station = station(csms, null, ValidationOptions.defaults(), false);
        CompletableFuture<ConnectionEvent.Disconnected> gone = station.disconnected;
        connect(station);
        csms.awaitStation(ID, WAIT);
        // A CALL of the mock's own times out on its timer, which thereby starts.
        csms.callRaw(ID, "Reset", reset(version)).get(10, TimeUnit.SECONDS);
        List<Thread> owned = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mock-csms-timer") || t.getName().startsWith("ocpp-netty")
                        || t.getName().startsWith("inmemory-server"))
                .toList();
        assertThat(owned).extracting(Thread::getName).contains("mock-csms-timer");
        if (transport == Transport.WEB_SOCKET) {
            assertThat(owned).extracting(Thread::getName).anyMatch(n -> n.startsWith("ocpp-netty-client"))
                    .anyMatch(n -> n.startsWith("ocpp-netty-io"));
        }

        csms.close();

        assertThat(gone.get(10, TimeUnit.SECONDS).session().isOpen()).isFalse();
        assertThat(csms.server().sessions()).isEmpty();
        assertThat(csms.connectedStations()).isEmpty();
        for (Thread t : owned) {
            t.join(WAIT.toMillis());
            assertThat(t.isAlive()).as("thread %s", t.getName()).isFalse();
        }
        csms.close(); // idempotent
        assertThatThrownBy(() -> csms.callRaw(ID, "Reset", json("{}")).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(NotConnectedException.class);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void awaitStationReturnsOnceTheStationConnects(Transport transport) throws Exception {
        MockCsms csms = mock(OcppVersion.OCPP201, transport);
        CompletableFuture<Throwable> waited = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                // Longer than the test waits for it: it must return when the station comes, not when it times out.
                csms.awaitStation(ID, Duration.ofMinutes(1));
                waited.complete(null);
            } catch (Throwable e) {
                waited.complete(e);
            }
        }, "await-station");
        waiter.setDaemon(true);
        waiter.start();

        connect(station(csms, null, ValidationOptions.defaults(), true));

        assertThat(waited.get(10, TimeUnit.SECONDS)).isNull();
        waiter.join(WAIT.toMillis());
        assertThat(csms.connectedStations()).containsExactly(ID);
    }

    @Test
    void awaitStationFailsWithAnAssertionErrorNamingWhoIsConnected() {
        MockCsms csms = mock(OcppVersion.OCPP16, Transport.IN_MEMORY);

        // A short wait on purpose: nobody will come.
        assertThatThrownBy(() -> csms.awaitStation("CP-404", Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CP-404").hasMessageContaining("connected: []");
    }

    @Test
    void typedCallsMustBeOfTheMocksVersionAndOfAnActionTheCsmsSends() {
        MockCsms csms = mock(OcppVersion.OCPP16, Transport.IN_MEMORY);

        assertThatThrownBy(() -> csms.call(ID, new dev.ocpp.v201.messages.ResetRequest()
                .withType(dev.ocpp.v201.types.ResetEnum.IMMEDIATE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ocpp2.0.1");
        assertThatThrownBy(() -> csms.call(ID, new dev.ocpp.v16.messages.HeartbeatRequest()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Heartbeat");
    }

    @Test
    void startShortcutListensInMemoryOnTheDefaultPath() {
        MockCsms csms = MockCsms.start(OcppVersion.OCPP201);
        opened.add(csms);

        assertThat(csms.version()).isEqualTo(OcppVersion.OCPP201);
        assertThat(csms.role()).isEqualTo(Role.CSMS);
        assertThat(csms.url().getPath()).isEqualTo(MockCsms.DEFAULT_PATH);
        assertThat(csms.stationTransport()).isNotInstanceOf(dev.ocpp.transport.netty.NettyClientTransport.class);
        assertThat(csms.connectedStations()).isEqualTo(Set.of());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    MockCsms mock(OcppVersion version, Transport transport) {
        MockCsms.Builder b = MockCsms.builder(version);
        if (transport == Transport.WEB_SOCKET) {
            b.webSocket();
        }
        MockCsms csms = b.build();
        opened.add(csms);
        return csms;
    }

    /** A station of the library's untyped parts, answering Reset with Accepted. */
    RawStation station(MockCsms csms, StationRuntime runtime, ValidationOptions validation, boolean reconnect) {
        VersionKit kit = VersionKit.of(csms.version());
        Handlers handlers = Handlers.builder(kit.catalog())
                .intercept(kit.validation(validation))
                .on("Reset", call -> json("{\"status\":\"Accepted\"}"))
                .build();
        CompletableFuture<ConnectionEvent.Disconnected> disconnected = new CompletableFuture<>();
        OcppClient.Builder b = OcppClient.builder(csms.stationTransport())
                .endpoint(csms.url()).identity(ID)
                .reconnect(reconnect)
                .onConnectionEvent(e -> {
                    if (e instanceof ConnectionEvent.Disconnected d) {
                        disconnected.complete(d);
                    }
                });
        if (runtime != null) {
            runtime.install(b);
            handlers = runtime.intercept(handlers);
        }
        OcppClient client = b.offer(csms.version(), handlers).build();
        if (runtime != null) {
            runtime.serve(client);
        }
        RawStation station = new RawStation(client, disconnected);
        opened.add(station);
        return station;
    }

    OcppSession connect(RawStation station) throws Exception {
        station.session = station.client.connect().get(10, TimeUnit.SECONDS);
        return station.session;
    }

    /** An untyped station; closing it ends its session. */
    static final class RawStation implements AutoCloseable {
        final OcppClient client;
        final CompletableFuture<ConnectionEvent.Disconnected> disconnected;
        OcppSession session;

        RawStation(OcppClient client, CompletableFuture<ConnectionEvent.Disconnected> disconnected) {
            this.client = client;
            this.disconnected = disconnected;
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }

    static ObjectNode boot(OcppVersion version) {
        return json(version == OcppVersion.OCPP16
                ? "{\"chargePointVendor\":\"ACME\",\"chargePointModel\":\"W1\"}"
                : "{\"reason\":\"PowerUp\",\"chargingStation\":{\"vendorName\":\"ACME\",\"model\":\"W1\"}}");
    }

    static ObjectNode reset(OcppVersion version) {
        return json(version == OcppVersion.OCPP16 ? "{\"type\":\"Soft\"}" : "{\"type\":\"Immediate\"}");
    }

    static Class<?> requestType(OcppVersion version, String action) {
        return VersionKit.of(version).action(action).orElseThrow().requestType();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) OcppJson.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
