package dev.ocpp.examples.cli;

import static dev.ocpp.examples.testing.TypedApiSupport.callErrorOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.support.Versions;
import dev.ocpp.examples.testing.FrameRecorder;
import dev.ocpp.examples.testing.Ocpp16Samples;
import dev.ocpp.examples.testing.Ocpp201Samples;
import dev.ocpp.examples.testing.TestTransports;
import dev.ocpp.v16.Ocpp16Validation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code csms} command's logic on an ephemeral loopback port over WebSockets, with stations of both versions. */
class CsmsCommandTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long WAIT = 10;

    private final StringWriter output = new StringWriter();
    private Transports transports;
    private ExampleCsms csms;

    @BeforeEach
    void startCsms() {
        transports = TestTransports.tyrus();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(output, true));
        CommandLine.ParseResult parsed = cli.parseArgs("csms", "--host", "127.0.0.1", "--port", "0",
                "--protocols", "ocpp1.6,ocpp2.0.1", "--heartbeat-interval", "42");
        CsmsCommand command = (CsmsCommand) parsed.subcommand().commandSpec().userObject();
        csms = command.transports(transports).start();
    }

    @AfterEach
    void stopCsms() {
        csms.close();
        transports.close();
    }

    @Test
    void announcesThatItIsListeningWithTheActualUrl() {
        assertThat(csms.port()).isPositive();
        assertThat(output.toString()).contains("listening")
                .contains("ws://127.0.0.1:" + csms.port() + "/ocpp/<identity>");
    }

    @Test
    void answersBootHeartbeatAndStatusInTheOcpp16Shapes() throws Exception {
        OcppSession s = connect("CP16", OcppVersion.OCPP16);

        ObjectNode boot = call(s, "BootNotification", JSON.objectNode()
                .put("chargePointVendor", "V").put("chargePointModel", "M"));
        assertThat(boot.fieldNames()).toIterable().containsExactly("status", "currentTime", "interval");
        assertThat(boot.get("status").asText()).isEqualTo("Accepted");
        assertThat(boot.get("interval").asInt()).isEqualTo(42);
        assertIsUtcTimestamp(boot.get("currentTime").asText());

        ObjectNode heartbeat = call(s, "Heartbeat", JSON.objectNode());
        assertIsUtcTimestamp(heartbeat.get("currentTime").asText());

        ObjectNode status = call(s, "StatusNotification", JSON.objectNode().put("connectorId", 1)
                .put("errorCode", "NoError").put("status", "Available"));
        assertThat(status).isEmpty();
    }

    @Test
    void answersEveryChargePointInitiatedOcpp16ActionWithAResponseValidAgainstItsSchema() throws Exception {
        FrameRecorder wire = new FrameRecorder();
        OcppSession s = connect("CP16ALL", OcppVersion.OCPP16, wire);

        for (String action : Ocpp16Samples.sentByChargePoint()) {
            call(s, action, Ocpp16Samples.request(action));
        }

        List<FrameRecorder.Seen> calls = wire.frames().stream()
                .filter(f -> f.direction() == Direction.OUT && f.type() == 2).toList();
        assertThat(calls).extracting(FrameRecorder.Seen::action)
                .containsExactlyElementsOf(Ocpp16Samples.sentByChargePoint());
        for (FrameRecorder.Seen call : calls) {
            FrameRecorder.Seen result = wire.resultOf(call).orElseThrow(() ->
                    new AssertionError("no CALLRESULT for " + call.text()));
            assertThat(Ocpp16Validation.validator().validate(call.action(), false, result.payload()))
                    .as(result.text()).isEmpty();
        }
    }

    @Test
    void acceptsEveryIdTagAndGivesEachStartedTransactionAFreshId() throws Exception {
        OcppSession s = connect("CP16TX", OcppVersion.OCPP16);

        assertThat(call(s, "Authorize", Ocpp16Samples.request("Authorize")).at("/idTagInfo/status").asText())
                .isEqualTo("Accepted");
        ObjectNode first = call(s, "StartTransaction", Ocpp16Samples.request("StartTransaction"));
        ObjectNode second = call(s, "StartTransaction", Ocpp16Samples.request("StartTransaction"));
        assertThat(first.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
        assertThat(second.get("transactionId").asInt()).isGreaterThan(first.get("transactionId").asInt());
        ObjectNode stop = Ocpp16Samples.request("StopTransaction").put("transactionId",
                first.get("transactionId").asInt());
        assertThat(call(s, "StopTransaction", stop).at("/idTagInfo/status").asText()).isEqualTo("Accepted");
        assertThat(call(s, "DataTransfer", Ocpp16Samples.request("DataTransfer")).get("status").asText())
                .isEqualTo("Accepted");
    }

    @Test
    void answersAnOcpp16RequestThatBreaksItsSchemaWithTheCallErrorForTheViolation() throws Exception {
        OcppSession s = connect("CP16BAD", OcppVersion.OCPP16);

        CallErrorException missing = callErrorOf(s.call("BootNotification",
                JSON.objectNode().put("chargePointVendor", "V")));
        assertThat(missing.wireCode()).isEqualTo("OccurenceConstraintViolation");
        assertThat(missing.description()).contains("chargePointModel");
        CallErrorException wrongType = callErrorOf(s.call("StartTransaction",
                Ocpp16Samples.request("StartTransaction").put("meterStart", "lots")));
        assertThat(wrongType.wireCode()).isEqualTo("TypeConstraintViolation");
    }

    @Test
    void answersBootHeartbeatAndStatusInTheOcpp201Shapes() throws Exception {
        OcppSession s = connect("CP201", OcppVersion.OCPP201);

        ObjectNode request = JSON.objectNode().put("reason", "PowerUp");
        request.putObject("chargingStation").put("model", "M").put("vendorName", "V");
        ObjectNode boot = call(s, "BootNotification", request);
        assertThat(boot.fieldNames()).toIterable().containsExactly("currentTime", "interval", "status");
        assertThat(boot.get("status").asText()).isEqualTo("Accepted");
        assertThat(boot.get("interval").asInt()).isEqualTo(42);
        assertIsUtcTimestamp(boot.get("currentTime").asText());

        assertIsUtcTimestamp(call(s, "Heartbeat", JSON.objectNode()).get("currentTime").asText());
        assertThat(call(s, "StatusNotification", JSON.objectNode().put("timestamp", Instant.now().toString())
                .put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1))).isEmpty();
    }

    @Test
    void answersAnUnknownActionWithNotImplementedAndAKnownUnhandledOneWithNotSupportedInOcpp16()
            throws Exception {
        OcppSession s = connect("CP16", OcppVersion.OCPP16);

        assertThat(callError(s, "NoSuchAction").wireCode()).isEqualTo("NotImplemented");
        // Reset is an OCPP 1.6 action, but one a central system sends rather than answers.
        CallErrorException notSupported = callError(s, "Reset");
        assertThat(notSupported.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThat(notSupported.wireCode()).isEqualTo("NotSupported");
    }

    @Test
    void answersAnUnknownActionWithNotImplementedAndAKnownUnhandledOneWithNotSupportedInOcpp201()
            throws Exception {
        OcppSession s = connect("CP201", OcppVersion.OCPP201);
        ObjectNode boot = JSON.objectNode().put("reason", "PowerUp");
        boot.putObject("chargingStation").put("model", "M").put("vendorName", "V");
        call(s, "BootNotification", boot);

        assertThat(callError(s, "NoSuchAction").wireCode()).isEqualTo("NotImplemented");
        // Reset is an OCPP 2.0.1 action, but one a CSMS sends rather than answers.
        assertThat(callError(s, "Reset").wireCode()).isEqualTo("NotSupported");
        // A 1.6-only action is unknown to 2.0.1.
        assertThat(callError(s, "StartTransaction").wireCode()).isEqualTo("NotImplemented");
    }

    @Test
    void logsEachFrameAndTheConnection() throws Exception {
        OcppSession s = connect("CPLOG", OcppVersion.OCPP16);
        call(s, "Heartbeat", JSON.objectNode());

        String log = output.toString();
        assertThat(log).contains("CPLOG").contains("connected with subprotocol ocpp1.6");
        assertThat(log).containsPattern("CPLOG .*<- CALL +Heartbeat");
        assertThat(log).containsPattern("CPLOG .*-> CALLRESULT +Heartbeat");
    }

    @Test
    void stationsOfBothVersionsBootReportStatusAndSendHeartbeats() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("test-timer-"));
        StringWriter stationOutput = new StringWriter();
        List<StationSimulator> stations = new java.util.ArrayList<>();
        try {
            for (String[] args : List.of(
                    new String[] {"--id", "CP001", "--count", "2", "--protocol", "ocpp1.6"},
                    new String[] {"--id", "EVSE", "--count", "2", "--protocol", "ocpp2.0.1"})) {
                CommandLine cli = OcppCli.commandLine();
                cli.setOut(new PrintWriter(stationOutput, true));
                String[] full = concat(new String[] {"station", "--url", csms.endpoint().toString(),
                        "--heartbeat-interval", "0.05"}, args);
                StationCommand command = (StationCommand) cli.parseArgs(full).subcommand().commandSpec()
                        .userObject();
                stations.addAll(command.transports(transports).stations(timers));
            }
            assertThat(stations).extracting(StationSimulator::identity)
                    .containsExactly("CP001", "CP002", "EVSE1", "EVSE2");
            CompletableFuture.allOf(stations.stream().map(StationSimulator::start)
                    .toArray(CompletableFuture[]::new)).get(WAIT, TimeUnit.SECONDS);
            CompletableFuture.allOf(stations.stream().map(st -> st.heartbeats(2))
                    .toArray(CompletableFuture[]::new)).get(WAIT, TimeUnit.SECONDS);

            assertThat(csms.server().session("CP002")).get().extracting(OcppSession::version)
                    .isEqualTo(OcppVersion.OCPP16);
            assertThat(csms.server().session("EVSE2")).get().extracting(OcppSession::version)
                    .isEqualTo(OcppVersion.OCPP201);
            assertThat(stationOutput.toString())
                    .contains("BootNotification -> Accepted, interval 42 s")
                    .contains("StatusNotification Available -> answered")
                    .contains("Heartbeat -> currentTime");

            // Each version's station answers the CSMS's configuration read.
            ObjectNode config = csms.server().call("CP001", "GetConfiguration", JSON.objectNode())
                    .get(WAIT, TimeUnit.SECONDS);
            assertThat(config.get("configurationKey")).isNotEmpty();
            ObjectNode variables = csms.server().call("EVSE1", "GetVariables",
                    Ocpp201Samples.request("GetVariables")).get(WAIT, TimeUnit.SECONDS);
            assertThat(variables.at("/getVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        } finally {
            stations.forEach(StationSimulator::close);
            timers.shutdownNow();
        }
        CompletableFuture.allOf(stations.stream().map(StationSimulator::closed)
                .toArray(CompletableFuture[]::new)).get(WAIT, TimeUnit.SECONDS);
    }

    private OcppSession connect(String identity, OcppVersion version) throws Exception {
        return connect(identity, version, (session, direction, text) -> { });
    }

    private OcppSession connect(String identity, OcppVersion version, FrameListener wire) throws Exception {
        return OcppClient.builder(transports.client())
                .endpoint(csms.endpoint())
                .identity(identity)
                .offer(version, Handlers.none(Versions.catalog(version)))
                .sessionConfig(SessionConfig.builder().frameListener(wire).build())
                .build()
                .connect()
                .get(WAIT, TimeUnit.SECONDS);
    }

    private static ObjectNode call(OcppSession s, String action, ObjectNode payload) throws Exception {
        return s.call(action, payload).get(WAIT, TimeUnit.SECONDS);
    }

    private static CallErrorException callError(OcppSession s, String action) throws Exception {
        return callErrorOf(s.call(action, JSON.objectNode()));
    }

    private static void assertIsUtcTimestamp(String text) {
        assertThat(text).endsWith("Z");
        assertThat(Instant.parse(text)).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                1, java.time.temporal.ChronoUnit.MINUTES));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
