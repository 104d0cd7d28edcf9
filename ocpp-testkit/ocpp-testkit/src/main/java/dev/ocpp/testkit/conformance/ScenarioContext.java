package dev.ocpp.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Journal;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.internal.VersionKit;
import dev.ocpp.transport.netty.NettyClientTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What a {@link ScenarioBody} works with during one run of one scenario: the version and role, the system under test
 * (its adapter), the simulators that face it, and a timeout budget for every wait. Everything the context makes is
 * closed when the scenario ends, whatever the outcome; the journals of the simulators it made end up in the
 * {@link ScenarioResult}.
 *
 * <p>For a {@linkplain Role#CSMS CSMS} under test the context makes {@link SimulatedStation}s that connect to the
 * CSMS's {@link CsmsUnderTest#endpoint() endpoint}; for a {@linkplain Role#STATION station} under test it makes one
 * {@link MockCsms} and starts the station against it. Failures are {@link AssertionError}s; {@link #skip} marks the
 * scenario skipped.
 */
public final class ScenarioContext {

    private final Scenario scenario;
    private final OcppVersion version;
    private final Duration timeout;
    private final CsmsUnderTest csms;
    private final StationUnderTest station;
    private final String stationIdentity;
    private final boolean inMemory;
    private final VersionKit kit;

    private final List<SimulatedStation> stations = new ArrayList<>();
    private final List<RawConnection> raws = new ArrayList<>();
    private final List<Journal> rawJournals = new ArrayList<>();
    private NettyClientTransport ownedTransport;
    private MockCsms mock;
    /** The TLS mock of {@link #secureMockCsms()}, or null. */
    private MockCsms secureMock;
    /** The password the mock requires of the station under test (security profile 1), or null. */
    private final byte[] stationPassword;
    private boolean stationStarted;

    ScenarioContext(Scenario scenario, OcppVersion version, Duration timeout, CsmsUnderTest csms,
            StationUnderTest station, String stationIdentity, boolean inMemory, byte[] stationPassword) {
        this.scenario = scenario;
        this.stationPassword = stationPassword;
        this.version = version;
        this.timeout = timeout;
        this.csms = csms;
        this.station = station;
        this.stationIdentity = stationIdentity;
        this.inMemory = inMemory;
        this.kit = VersionKit.of(version);
    }

    // ------------------------------------------------------------------------------------------------ common

    /** The scenario running. */
    public Scenario scenario() {
        return scenario;
    }

    /** The OCPP version of this run. */
    public OcppVersion version() {
        return version;
    }

    /** Whether this run speaks OCPP 1.6. */
    public boolean is16() {
        return version == OcppVersion.OCPP16;
    }

    /** The role under test. */
    public Role role() {
        return scenario.role();
    }

    /** How long any one wait of the scenario may take (an answer, a CALL of the system under test). */
    public Duration timeout() {
        return timeout;
    }

    /** Fails the scenario with {@code message}. */
    public AssertionError fail(String message) {
        throw new AssertionError(message);
    }

    /** Fails the scenario with {@code message} unless {@code condition} holds. */
    public void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** Ends the scenario as skipped, e.g. when the system under test lacks an optional feature. */
    public void skip(String reason) {
        throw new Skipped(reason);
    }

    /** {@code json} (single quotes allowed for readability) as an object. */
    public static ObjectNode json(String json) {
        try {
            return (ObjectNode) OcppJson.mapper().readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    /** The schema violations of {@code payload} as {@code action}'s response ({@code request} false) or request. */
    List<String> violations(String action, boolean request, JsonNode payload) {
        return kit.validator().validate(action, request, payload).stream().map(Violation::describe)
                .collect(Collectors.toList());
    }

    /** Fails unless {@code payload} is a schema-valid response of {@code action}. */
    void checkValidResponse(String action, JsonNode payload, String who) {
        List<String> v = violations(action, false, payload);
        check(v.isEmpty(), who + " answered " + action + " with a payload that is not schema-valid " + v + ": "
                + payload);
    }

    // ------------------------------------------------------------------------------------------------ CSMS role

    /** The CSMS under test. */
    public CsmsUnderTest csms() {
        if (csms == null) {
            throw new IllegalStateException("the scenario " + scenario.id() + " does not test a CSMS");
        }
        return csms;
    }

    /** A simulated station (not started) that connects to the CSMS under test as its station identity. */
    public SimulatedStation newStation() {
        return newStation(false);
    }

    private SimulatedStation newStation(boolean reconnect) {
        CsmsUnderTest c = csms();
        SimulatedStation.Builder b = SimulatedStation.builder(version).identity(c.stationIdentity())
                .endpoint(c.endpoint()).callTimeout(timeout).reconnect(reconnect);
        b.transport(transport());
        if (c.stationPassword() != null) {
            b.password(c.stationPassword());
        }
        SimulatedStation s = b.build();
        stations.add(s);
        return s;
    }

    /** A simulated station that is connected and booted: the CSMS answered its BootNotification Accepted. */
    public SimulatedStation bootedStation() throws InterruptedException {
        SimulatedStation s = newStation();
        await(s.start(), "the CSMS to accept the BootNotification of " + s.identity());
        return s;
    }

    private TransportClientFactory transport() {
        TransportClientFactory given = csms().transport();
        if (given != null) {
            return given;
        }
        if (ownedTransport == null) {
            ownedTransport = new NettyClientTransport(1);
        }
        return ownedTransport;
    }

    /** A raw connection to the CSMS under test, recorded in a journal of its own. */
    RawConnection rawConnection() throws Exception {
        return rawConnection(csms().stationIdentity());
    }

    /** A raw connection to the CSMS under test as station {@code identity}, recorded in a journal of its own. */
    RawConnection rawConnection(String identity) throws Exception {
        Journal journal = new Journal(Role.STATION, Clock.systemUTC(), Journal.DEFAULT_CAPACITY);
        rawJournals.add(journal);
        RawConnection r = RawConnection.open(transport(), csms().endpoint(), identity, version,
                csms().stationPassword(), journal, timeout);
        raws.add(r);
        return r;
    }

    /**
     * Sends {@code action} from {@code from} unchecked and returns the CSMS's CALLRESULT payload after checking it
     * against the response schema; fails on a CALLERROR, no answer in time or an invalid answer.
     */
    public ObjectNode call(SimulatedStation from, String action, ObjectNode payload) throws InterruptedException {
        try {
            ObjectNode answer = from.callRaw(action, payload).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            checkValidResponse(action, answer, "the CSMS");
            return answer;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallErrorException ce) {
                throw new AssertionError("the CSMS answered " + action + " " + payload + " with CALLERROR "
                        + ce.wireCode() + " \"" + ce.description() + "\" instead of a CALLRESULT");
            }
            throw new AssertionError("the " + action + " CALL failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the CSMS did not answer " + action + " within " + timeout);
        }
    }

    /**
     * Sends {@code action} from {@code from} unchecked and returns the CALLERROR the CSMS answered; fails on a
     * CALLRESULT or no answer in time.
     */
    public CallErrorException callExpectingError(SimulatedStation from, String action, ObjectNode payload)
            throws InterruptedException {
        return expectError(from.callRaw(action, payload), "the CSMS", action, payload);
    }

    // ------------------------------------------------------------------------------------------------ station role

    /** The station under test. */
    public StationUnderTest station() {
        if (station == null) {
            throw new IllegalStateException("the scenario " + scenario.id() + " does not test a station");
        }
        return station;
    }

    /** The identity the station under test connects as. */
    public String stationIdentity() {
        return stationIdentity;
    }

    /**
     * The mock CSMS the station under test connects to, made at the first call (so a scenario can plan answers
     * before {@link #startStation()}). Its outgoing CALLs are not schema-checked, so that a scenario may send invalid
     * ones; its incoming ones are.
     */
    public MockCsms mockCsms() {
        station();
        if (mock == null) {
            MockCsms.Builder b = MockCsms.builder(version).callTimeout(timeout)
                    .validation(ValidationOptions.defaults().toBuilder().outgoingCalls(false).build());
            if (!inMemory) {
                b.webSocket();
            }
            if (stationPassword != null) {
                b.password(stationPassword);
            }
            mock = b.build();
        }
        return mock;
    }

    /**
     * A second mock CSMS for a station raising its security profile to 2 (1.6 security white paper A05, 2.0.1 A05):
     * {@code wss://} with a server certificate for 127.0.0.1 and localhost from the run's test PKI
     * ({@link #secureRootPem()} is its root), requiring the run's password, made at the first call. Call it before
     * {@link #startStation()}, which then hands its URL to the station ({@link StationEndpoint#secureUrl()}). Skips the
     * scenario in a run {@link ScenarioRunner.Builder#inMemory() in memory}: TLS needs a real socket.
     */
    public MockCsms secureMockCsms() {
        station();
        if (inMemory) {
            skip("the run is in memory, and a TLS endpoint needs a real socket");
        }
        if (secureMock == null) {
            MockCsms.Builder b = MockCsms.builder(version).callTimeout(timeout)
                    .validation(ValidationOptions.defaults().toBuilder().outgoingCalls(false).build())
                    .tls(ScenarioPki.serverContext());
            if (stationPassword != null) {
                b.password(stationPassword);
            }
            secureMock = b.build();
        }
        return secureMock;
    }

    /** The PEM of the root certificate that issued {@link #secureMockCsms()}'s: the CSMS root a station installs. */
    public String secureRootPem() {
        return ScenarioPki.rootPem();
    }

    /** Starts the station under test against {@link #mockCsms()} and waits until it is connected. */
    public void startStation() throws Exception {
        MockCsms m = mockCsms();
        stationStarted = true;
        station().start(new StationEndpoint(m.url(), stationIdentity, version, m.stationTransport(),
                stationPassword, secureMock == null ? null : secureMock.url()));
        m.awaitStation(stationIdentity, timeout);
    }

    /** Whether the run gave the station under test a password (security profile 1) that the mock requires. */
    public boolean stationHasPassword() {
        return stationPassword != null;
    }

    /** Starts the station under test and waits until the mock has answered its BootNotification (Accepted). */
    public void startAcceptedStation() throws Exception {
        startStation();
        mockCsms().journal().await(e -> e.caller() == Role.STATION && e.action().equals("BootNotification")
                && e.answered(), timeout)
                .orElseThrow(() -> new AssertionError("the station sent no BootNotification within " + timeout));
    }

    /** Plans the mock's next answer to {@code action} as {@code response} (a schema-valid payload). */
    void enqueue(String action, ObjectNode response) {
        VersionKit.ActionInfo info = kit.action(action).orElseThrow();
        try {
            mockCsms().enqueue(info.requestType(), OcppJson.mapper().treeToValue(response, info.responseType()));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a " + action + " response: " + response, e);
        }
    }

    /** Sends {@code action} from the mock to the station and returns its CALLRESULT, checked against the schema. */
    public ObjectNode callStation(String action, ObjectNode payload) throws InterruptedException {
        return callStation(mockCsms(), action, payload);
    }

    /**
     * Sends {@code action} from {@code csms} (this scenario's {@link #mockCsms()} or {@link #secureMockCsms()}) to the
     * station and returns its CALLRESULT, checked against the schema.
     */
    public ObjectNode callStation(MockCsms csms, String action, ObjectNode payload) throws InterruptedException {
        try {
            ObjectNode answer = csms.callRaw(stationIdentity, action, payload)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            checkValidResponse(action, answer, "the station");
            return answer;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallErrorException ce) {
                throw new AssertionError("the station answered " + action + " " + payload + " with CALLERROR "
                        + ce.wireCode() + " \"" + ce.description() + "\" instead of a CALLRESULT");
            }
            throw new AssertionError("the " + action + " CALL to the station failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the station did not answer " + action + " within " + timeout);
        }
    }

    /** Sends {@code action} from the mock to the station and returns the CALLERROR it answered. */
    public CallErrorException callStationExpectingError(String action, ObjectNode payload)
            throws InterruptedException {
        return expectError(mockCsms().callRaw(stationIdentity, action, payload), "the station", action, payload);
    }

    /**
     * The next CALL of {@code action} from the station to the mock, waiting up to {@code wait} for it, and then up to
     * the timeout budget for the mock's answer to be recorded with it.
     */
    public Exchange takeFromStation(String action, Duration wait) throws InterruptedException {
        return takeFromStation(mockCsms(), action, wait);
    }

    /** As {@link #takeFromStation(String, Duration)}, of the CALLs to {@code csms}. */
    public Exchange takeFromStation(MockCsms csms, String action, Duration wait) throws InterruptedException {
        // The scenario's own mock goes unnamed: a second one (TLS) is named, to tell the two apart.
        String to = csms == mock ? "" : " to " + csms.url();
        Exchange call = csms.journal().take(e -> e.caller() == Role.STATION && e.action().equals(action),
                wait).orElseThrow(() -> new AssertionError("the station sent no " + action + to + " within " + wait));
        return csms.journal().await(e -> e.sequence() == call.sequence() && e.answered(), timeout)
                .orElseThrow(() -> new AssertionError("the mock did not answer " + call.describe()));
    }

    // ------------------------------------------------------------------------------------------------ shared

    /** Waits for {@code future} within the timeout budget; fails saying {@code what} was awaited. */
    <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("waiting for " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + timeout + " in vain for " + what);
        }
    }

    private CallErrorException expectError(CompletableFuture<ObjectNode> call, String who, String action,
            ObjectNode payload) throws InterruptedException {
        try {
            ObjectNode answer = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(who + " answered " + action + " " + payload + " with CALLRESULT " + answer
                    + " instead of a CALLERROR");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallErrorException ce) {
                return ce;
            }
            throw new AssertionError("the " + action + " CALL failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(who + " did not answer " + action + " within " + timeout);
        }
    }

    /** Every exchange of the simulators this context made, ordered by when the CALL travelled. */
    List<Exchange> exchanges() {
        List<Exchange> all = new ArrayList<>();
        stations.forEach(s -> all.addAll(s.journal().exchanges()));
        rawJournals.forEach(j -> all.addAll(j.exchanges()));
        if (mock != null) {
            all.addAll(mock.journal().exchanges());
        }
        if (secureMock != null) {
            all.addAll(secureMock.journal().exchanges());
        }
        all.sort(Comparator.comparing(Exchange::calledAt));
        return all;
    }

    /**
     * Reboots a station that stays powered between scenarios ({@link ScenarioRunner.Builder#resetBetweenScenarios}):
     * when it is connected to this scenario's mock and its last BootNotification was answered Accepted, sends it a
     * Reset and waits up to the timeout for the answer. A BootNotification on this connection from then on is answered
     * with a CALLERROR, so that the station's boot goes to the next scenario. Best effort: whatever happens is left to
     * the next scenario's wait for a boot.
     */
    void resetAcceptedStation() {
        if (mock == null || !stationStarted || !mock.connectedStations().contains(stationIdentity)) {
            return;
        }
        // The last answered one: a boot still in flight (the station rebooting already) is refused below.
        List<Exchange> boots = mock.journal().exchanges(e -> e.caller() == Role.STATION
                && e.action().equals("BootNotification") && e.answered());
        Exchange boot = boots.isEmpty() ? null : boots.get(boots.size() - 1);
        if (boot == null || boot.response() == null
                || !"Accepted".equals(boot.response().path("status").asText())) {
            return;
        }
        // A station that reboots without dropping its connection boots again on it at once. That boot belongs to
        // the next scenario: answered here it would leave the station registered, and it would merely reconnect.
        // Refused, it stays due, and the station sends it at its next connection.
        mock.respondWithError(kit.action("BootNotification").orElseThrow().requestType(), ErrorCode.GENERIC_ERROR,
                "the scenario is over: boot again at the next connection");
        ObjectNode reset = OcppJson.mapper().createObjectNode()
                .put("type", version == OcppVersion.OCPP16 ? "Hard" : "Immediate");
        try {
            mock.callRaw(stationIdentity, "Reset", reset).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Refused or unanswered: the next scenario finds no boot and says so.
        }
    }

    /** Closes what the context made; the station under test is stopped first, while its mock still listens. */
    void close() {
        List<Throwable> problems = new ArrayList<>();
        if (stationStarted) {
            run(problems, station::stop);
        }
        for (RawConnection r : raws) {
            run(problems, r::close);
        }
        for (SimulatedStation s : stations) {
            run(problems, s::close);
        }
        if (mock != null) {
            run(problems, mock::close);
        }
        if (secureMock != null) {
            run(problems, secureMock::close);
        }
        if (ownedTransport != null) {
            run(problems, ownedTransport::close);
        }
        if (!problems.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the scenario's simulators failed");
            problems.forEach(e::addSuppressed);
            throw e;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Throwable> problems, Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            problems.add(e);
        }
    }

    /** {@link #skip} ends a scenario with this. */
    static final class Skipped extends RuntimeException {
        Skipped(String reason) {
            super(reason);
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() ? Optional.empty() : Optional.of(v.asText());
    }

    @Override
    public String toString() {
        return "ScenarioContext[" + scenario.id() + ", " + version + "]";
    }

    // ---------------------------------------------------------------- CSMS scenarios (offline, retry)

    /**
     * A simulated station that is connected and booted, like {@link #bootedStation()}, and that connects again after
     * {@link SimulatedStation#goOffline}, so that a scenario can play a network loss and what the station sends after
     * it (OCPP 1.6 §3.7, 2.0.1 E04).
     */
    public SimulatedStation bootedReconnectingStation() throws InterruptedException {
        SimulatedStation s = newStation(true);
        await(s.start(), "the CSMS to accept the BootNotification of " + s.identity());
        return s;
    }
}
