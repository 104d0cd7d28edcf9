package dev.ocpp.testkit.arbitraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.VirtualClock;
import dev.ocpp.testkit.arbitraries.BrokenCall.Fault;
import dev.ocpp.testkit.internal.VersionKit;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.Sample;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The arbitraries of {@link OcppArbitraries}, held to the library and to the simulators: typed instances of every
 * action of both versions are schema-valid and survive JSON, and every broken CALL gets exactly the reaction the
 * arbitrary promises, from a {@link MockCsms} (broken station CALLs) and from a {@link SimulatedStation} (broken CSMS
 * CALLs). The broken frames go over an in-memory connection as raw text, so that nothing on the sending side can
 * repair or refuse them.
 */
class OcppArbitrariesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<OcppVersion> VERSIONS = List.of(OcppVersion.OCPP16, OcppVersion.OCPP201);

    /** What the end-to-end properties opened, closed after each property in reverse order. */
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Map<OcppVersion, RawPeer> toMockCsms = new EnumMap<>(OcppVersion.class);
    private final Map<OcppVersion, RawPeer> toStation = new EnumMap<>(OcppVersion.class);
    private final AtomicInteger probes = new AtomicInteger();

    /** The threads alive before the property, so that only what it started counts as leaked. */
    private Set<Thread> threadsBefore;

    @BeforeProperty
    void rememberThreads() {
        threadsBefore = Thread.getAllStackTraces().keySet();
    }

    @AfterProperty
    void closeAllAndLeaveNoThreads() throws Exception {
        boolean ranPeers = !opened.isEmpty();
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
        if (ranPeers) {
            // Connection ends and the mock's timer stop shortly after close; wait for that, not for luck.
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> left = leftThreads();
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                left = leftThreads();
            }
            assertThat(left).as("threads the property left running").isEmpty();
        }
    }

    private List<String> leftThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !threadsBefore.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("inmemory-") || n.startsWith("mock-csms"))
                .toList();
    }

    // ------------------------------------------------------------------------------------------------ typed

    @Property(tries = 200)
    void everyTypedRequestIsSchemaValidAndSurvivesJsonToClassToJson(@ForAll("requests") Object request)
            throws Exception {
        OcppVersion version = versionOf(request.getClass());
        VersionKit kit = VersionKit.of(version);
        String action = kit.actionOf(request.getClass()).orElseThrow().name();

        JsonNode json = OcppJson.mapper().valueToTree(request);
        assertThat(kit.validator().validate(action, true, json)).as("%s %s", action, json).isEmpty();
        Object again = OcppJson.mapper().treeToValue(json, request.getClass());
        assertThat(SchemaSamples.canonical(OcppJson.mapper().valueToTree(again)))
                .isEqualTo(SchemaSamples.canonical(json));
    }

    @Property(tries = 200)
    void everySchemaSampleOfARequestBindsAndWritesBackTheSameJson(@ForAll("requestSamples") Sample sample)
            throws Exception {
        Object typed = OcppJson.mapper().treeToValue(sample.instance(), sample.message().javaType());
        assertThat(SchemaSamples.canonical(OcppJson.mapper().valueToTree(typed)))
                .isEqualTo(SchemaSamples.canonical(sample.instance()));
    }

    @Property(tries = 200)
    void everyTypedResponseIsSchemaValid(@ForAll("responses") Object response) {
        OcppVersion version = versionOf(response.getClass());
        VersionKit kit = VersionKit.of(version);
        String action = kit.actions().stream().filter(a -> a.responseType() == response.getClass()).findFirst()
                .orElseThrow().name();
        JsonNode json = OcppJson.mapper().valueToTree(response);
        assertThat(kit.validator().validate(action, false, json)).as("%s %s", action, json).isEmpty();
    }

    @Property(tries = 200)
    void requestsOfARoleAreOnlyOfActionsThatRoleSends(@ForAll("stationRequests") Object stationRequest,
                                                      @ForAll("csmsRequests") Object csmsRequest) {
        assertThat(actionInfo(stationRequest).sentBy(Role.STATION)).as("%s", stationRequest).isTrue();
        assertThat(actionInfo(csmsRequest).sentBy(Role.CSMS)).as("%s", csmsRequest).isTrue();
    }

    @Example
    void ofGivesInstancesOfTheGeneratedClassAndRefusesOtherClasses() {
        assertThat(OcppArbitraries.of(BootNotificationRequest.class).sample())
                .isInstanceOf(BootNotificationRequest.class);
        assertThat(OcppArbitraries.of(GetVariablesResponse.class).sample().getGetVariableResult()).isNotEmpty();
        assertThatThrownBy(() -> OcppArbitraries.of(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void everyFrameFaultAndTheCommonSchemaFaultsComeUpForEveryVersion() {
        for (OcppVersion version : VERSIONS) {
            // About 20 kinds, equally likely: 400 draws miss one with a chance of about 1e-9.
            Set<Fault> seen = OcppArbitraries.brokenCalls(version).sampleStream().limit(400)
                    .map(BrokenCall::fault).collect(Collectors.toCollection(() -> EnumSet.noneOf(Fault.class)));
            Set<Fault> expected = EnumSet.of(Fault.MISSING_REQUIRED, Fault.WRONG_TYPE, Fault.OUTSIDE_ENUM,
                    Fault.EXTRA_PROPERTY, Fault.OVERLONG_STRING);
            for (Fault f : Fault.values()) {
                if (!f.inPayload()) {
                    expected.add(f);
                }
            }
            assertThat(seen).as("%s", version).containsAll(expected);
        }
    }

    @Example
    void theExpectedReactionsSpellTheCodesAsEachVersionDoes() {
        BrokenCall missing16 = first(OcppVersion.OCPP16, Fault.MISSING_REQUIRED);
        assertThat(missing16.wireCode()).isEqualTo("OccurenceConstraintViolation");
        assertThat(missing16.answerId()).isEqualTo(missing16.messageId());
        assertThat(first(OcppVersion.OCPP201, Fault.EXTRA_PROPERTY).wireCode()).isEqualTo("FormatViolation");
        BrokenCall unknownType16 = first(OcppVersion.OCPP16, Fault.UNKNOWN_MESSAGE_TYPE);
        assertThat(unknownType16.answered()).isFalse();
        assertThat(unknownType16.errorCode()).isEmpty();
        assertThatThrownBy(unknownType16::wireCode).isInstanceOf(IllegalStateException.class);
        BrokenCall longId201 = first(OcppVersion.OCPP201, Fault.MESSAGE_ID_TOO_LONG);
        assertThat(longId201.answerId()).isEqualTo("-1");
        assertThat(longId201.wireCode()).isEqualTo("RpcFrameworkError");
    }

    private static BrokenCall first(OcppVersion version, Fault fault) {
        return OcppArbitraries.brokenCalls(version).sampleStream().filter(c -> c.fault() == fault).findFirst()
                .orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------ broken

    @Property(tries = 200)
    void mockCsmsAnswersEveryBrokenStationCallAsTheVersionRequires(@ForAll("brokenStationCalls") BrokenCall call)
            throws Exception {
        RawPeer station = toMockCsms.computeIfAbsent(call.version(), this::stationConnectedToMockCsms);
        expectReaction(station, call, "Heartbeat");
    }

    @Property(tries = 200)
    void simulatedStationAnswersEveryBrokenCsmsCallAsTheVersionRequires(@ForAll("brokenCsmsCalls") BrokenCall call)
            throws Exception {
        RawPeer csms = toStation.computeIfAbsent(call.version(), this::csmsWithSimulatedStation);
        expectReaction(csms, call, "GetLocalListVersion");
    }

    /**
     * Sends the broken frame and checks the next answer: a CALLERROR with the expected id and spelling, or, where
     * no answer is due, that a valid probe CALL sent right after it is the first thing answered (a malformed
     * message is answered, if at all, as soon as it is read, before the next message is).
     */
    private void expectReaction(RawPeer peer, BrokenCall call, String probeAction) throws Exception {
        peer.send(call.frame());
        if (call.answered()) {
            JsonNode answer = peer.next();
            assertThat(answer.path(0).asInt()).as("a CALLERROR for %s: %s", call, answer).isEqualTo(4);
            assertThat(answer.path(1).asText()).as("its id, for %s", call).isEqualTo(call.answerId());
            assertThat(answer.path(2).asText()).as("its code, for %s: %s", call, answer).isEqualTo(call.wireCode());
        } else {
            String probeId = "probe-" + probes.incrementAndGet();
            peer.send("[2,\"" + probeId + "\",\"" + probeAction + "\",{}]");
            JsonNode answer = peer.next();
            assertThat(answer.path(1).asText()).as("first answer after %s: %s", call, answer).isEqualTo(probeId);
            assertThat(answer.path(0).asInt()).as("the probe's answer: %s", answer).isEqualTo(3);
        }
    }

    private RawPeer stationConnectedToMockCsms(OcppVersion version) {
        try {
            MockCsms csms = MockCsms.start(version);
            opened.add(csms);
            RawPeer peer = new RawPeer(version, null);
            ClientTransportConfig config = ClientTransportConfig.builder(URI.create(csms.url() + "/RAW-1"))
                    .subprotocols(List.of(version.subprotocol())).pingInterval(Duration.ZERO).build();
            csms.stationTransport().connect(config, peer).toCompletableFuture().get(10, TimeUnit.SECONDS);
            opened.add(peer);
            return peer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RawPeer csmsWithSimulatedStation(OcppVersion version) {
        try {
            VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T12:00:00Z"));
            RawPeer peer = new RawPeer(version, clock);
            InMemoryNetwork network = new InMemoryNetwork();
            TransportServer server = network.serverTransport().start(ServerTransportConfig.builder()
                    .host("127.0.0.1").port(0).path("/ocpp").subprotocols(List.of(version.subprotocol())).build(),
                    new ServerConnectionHandler() {
                        @Override
                        public HandshakeDecision onHandshake(HandshakeRequest request) {
                            String path = request.rawPath();
                            return HandshakeDecision.accept(path.substring(path.lastIndexOf('/') + 1),
                                    version.subprotocol(), null);
                        }

                        @Override
                        public TransportListener onConnected(TransportConnection connection) {
                            return peer;
                        }
                    });
            opened.add(server::close);
            SimulatedStation station = SimulatedStation.builder(version).identity("SIM-1")
                    .endpoint(URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/ocpp"))
                    .transport(network.clientTransport()).clock(clock).reconnect(false).build();
            opened.add(station);
            station.start().get(10, TimeUnit.SECONDS);
            return peer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ providers

    @Provide
    Arbitrary<Object> requests() {
        return Arbitraries.oneOf(OcppArbitraries.requests(OcppVersion.OCPP16),
                OcppArbitraries.requests(OcppVersion.OCPP201));
    }

    @Provide
    Arbitrary<Object> responses() {
        return Arbitraries.oneOf(OcppArbitraries.responses(OcppVersion.OCPP16),
                OcppArbitraries.responses(OcppVersion.OCPP201));
    }

    @Provide
    Arbitrary<Object> stationRequests() {
        return Arbitraries.oneOf(OcppArbitraries.requests(OcppVersion.OCPP16, Role.STATION),
                OcppArbitraries.requests(OcppVersion.OCPP201, Role.STATION));
    }

    @Provide
    Arbitrary<Object> csmsRequests() {
        return Arbitraries.oneOf(OcppArbitraries.requests(OcppVersion.OCPP16, Role.CSMS),
                OcppArbitraries.requests(OcppVersion.OCPP201, Role.CSMS));
    }

    @Provide
    Arbitrary<Sample> requestSamples() {
        return Arbitraries.oneOf(VERSIONS.stream().map(v -> {
            SchemaSamples samples = OcppArbitraries.schemaSamples(v);
            List<Message> requests = samples.messages().stream().filter(Message::request).toList();
            return samples.instances(requests);
        }).toList());
    }

    @Provide
    Arbitrary<BrokenCall> brokenStationCalls() {
        return Arbitraries.oneOf(OcppArbitraries.brokenCalls(OcppVersion.OCPP16, Role.STATION),
                OcppArbitraries.brokenCalls(OcppVersion.OCPP201, Role.STATION));
    }

    @Provide
    Arbitrary<BrokenCall> brokenCsmsCalls() {
        return Arbitraries.oneOf(OcppArbitraries.brokenCalls(OcppVersion.OCPP16, Role.CSMS),
                OcppArbitraries.brokenCalls(OcppVersion.OCPP201, Role.CSMS));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static OcppVersion versionOf(Class<?> generated) {
        return generated.getPackageName().startsWith("dev.ocpp.v16") ? OcppVersion.OCPP16 : OcppVersion.OCPP201;
    }

    private static VersionKit.ActionInfo actionInfo(Object request) {
        return VersionKit.of(versionOf(request.getClass())).actionOf(request.getClass()).orElseThrow();
    }

    /**
     * One end of a raw in-memory connection: sends text as given and queues the answers (CALLRESULTs and
     * CALLERRORs) it receives. As a CSMS ({@code clock} given) it answers the station's own CALLs with the
     * version's default CSMS answers, so that the station boots and stays quiet.
     */
    private static final class RawPeer implements TransportListener, AutoCloseable {
        private final OcppVersion version;
        private final VirtualClock clock;
        private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
        private volatile TransportConnection connection;

        RawPeer(OcppVersion version, VirtualClock clock) {
            this.version = version;
            this.clock = clock;
        }

        @Override
        public void onOpen(TransportConnection c) {
            connection = c;
        }

        @Override
        public void onText(TransportConnection c, String text) {
            JsonNode frame;
            try {
                frame = OcppJson.mapper().readTree(text);
            } catch (Exception e) {
                answers.add(OcppJson.mapper().createArrayNode().add("unreadable: " + text));
                return;
            }
            if (frame.path(0).asInt() == 2 && clock != null) {
                // The station's own CALL (BootNotification, StatusNotification ...): answered as a CSMS would.
                ObjectNode answer = VersionKit.of(version).defaultAnswer(Role.CSMS, frame.path(2).asText(),
                        (ObjectNode) frame.path(3), clock.clock());
                c.sendText(OcppJson.mapper().createArrayNode().add(3).add(frame.path(1).asText()).add(answer)
                        .toString());
                return;
            }
            answers.add(frame);
        }

        void send(String text) throws Exception {
            TransportConnection c = connection;
            if (c == null || !c.isOpen()) {
                throw new IllegalStateException("not connected");
            }
            c.sendText(text).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        JsonNode next() throws InterruptedException {
            JsonNode frame = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("an answer within %s", WAIT).isNotNull();
            return frame;
        }

        @Override
        public void close() {
            TransportConnection c = connection;
            if (c != null) {
                c.close(1000, "done");
            }
        }
    }
}
