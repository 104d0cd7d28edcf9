package dev.ocpp.examples.cli;

import static dev.ocpp.examples.testing.TypedApiSupport.callErrorOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.testing.FrameRecorder;
import dev.ocpp.examples.testing.Ocpp201Samples;
import dev.ocpp.examples.testing.TestTransports;
import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201Validation;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code csms} command's OCPP 2.0.1 side on an ephemeral loopback port over WebSockets: typed answers to every
 * station-initiated action, and boot gating (on by default, off with {@code --no-boot-gating}).
 */
class Csms201CommandTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long WAIT = 10;

    private final Transports transports = TestTransports.tyrus();
    private final StringWriter output = new StringWriter();
    private final List<ExampleCsms> started = new ArrayList<>();

    @AfterEach
    void stopCsms() {
        started.forEach(ExampleCsms::close);
        transports.close();
    }

    @Test
    void answersEveryStationInitiatedOcpp201ActionWithAResponseValidAgainstItsSchema() throws Exception {
        ExampleCsms csms = start();
        FrameRecorder wire = new FrameRecorder();
        OcppSession s = connect(csms, "CS201ALL", wire);
        boot(s);

        for (String action : Ocpp201Samples.sentByChargingStation()) {
            call(s, action, Ocpp201Samples.request(action));
        }

        List<FrameRecorder.Seen> calls = wire.frames().stream()
                .filter(f -> f.direction() == Direction.OUT && f.type() == 2).skip(1).toList();
        assertThat(calls).extracting(FrameRecorder.Seen::action)
                .containsExactlyElementsOf(Ocpp201Samples.sentByChargingStation())
                .hasSize(25);
        for (FrameRecorder.Seen call : calls) {
            FrameRecorder.Seen result = wire.resultOf(call).orElseThrow(() ->
                    new AssertionError("no CALLRESULT for " + call.text()));
            assertThat(Ocpp201Validation.validator().validate(call.action(), false, result.payload()))
                    .as(result.text()).isEmpty();
        }
    }

    @Test
    void answersAsItsHelpSays() throws Exception {
        ExampleCsms csms = start("--heartbeat-interval", "42");
        OcppSession s = connect(csms, "CS201", (session, direction, text) -> { });

        ObjectNode boot = boot(s);
        assertThat(boot.fieldNames()).toIterable().containsExactly("currentTime", "interval", "status");
        assertThat(boot.get("interval").asInt()).isEqualTo(42);
        assertIsUtcTimestamp(boot.get("currentTime").asText());
        assertIsUtcTimestamp(call(s, "Heartbeat", JSON.objectNode()).get("currentTime").asText());

        assertThat(call(s, "Authorize", Ocpp201Samples.request("Authorize")).at("/idTokenInfo/status").asText())
                .isEqualTo("Accepted");
        ObjectNode started = Ocpp201Samples.request("TransactionEvent");
        assertThat(call(s, "TransactionEvent", started).at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
        ObjectNode updated = Ocpp201Samples.request("TransactionEvent").put("eventType", "Updated")
                .put("triggerReason", "MeterValuePeriodic").put("seqNo", 1);
        updated.remove("idToken");
        assertThat(call(s, "TransactionEvent", updated).has("idTokenInfo"))
                .as("no idToken in the event, no idTokenInfo in the answer").isFalse();
        assertThat(call(s, "DataTransfer", Ocpp201Samples.request("DataTransfer")).get("status").asText())
                .isEqualTo("Accepted");
        assertThat(call(s, "SignCertificate", Ocpp201Samples.request("SignCertificate")).get("status").asText())
                .isEqualTo("Rejected");
        assertThat(call(s, "Get15118EVCertificate", Ocpp201Samples.request("Get15118EVCertificate"))
                .get("status").asText()).isEqualTo("Failed");
        assertThat(call(s, "MeterValues", Ocpp201Samples.request("MeterValues"))).isEmpty();
    }

    @Test
    void answersAStationsCallsBeforeItsBootNotificationWasAcceptedWithSecurityError() throws Exception {
        ExampleCsms csms = start();
        FrameRecorder wire = new FrameRecorder();
        OcppSession s = connect(csms, "CS201GATE", wire);

        assertThat(output.toString()).contains("2.0.1 boot gating on");
        CallErrorException early = callErrorOf(s.call("Heartbeat", JSON.objectNode()));
        assertThat(early.wireCode()).isEqualTo("SecurityError");
        assertThat(callErrorOf(s.call("StatusNotification", Ocpp201Samples.request("StatusNotification")))
                .wireCode()).isEqualTo("SecurityError");
        // The CSMS itself sends a station it has not accepted only what B02.FR.01 allows: Reset never leaves.
        assertThat(csms.station201("CS201GATE").call(new ResetRequest().withType(ResetEnum.IMMEDIATE)))
                .failsWithin(WAIT, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RegistrationStateException.class);

        boot(s);

        assertThat(csms.bootGating().orElseThrow().status("CS201GATE")).contains(RegistrationStatusEnum.ACCEPTED);
        assertIsUtcTimestamp(call(s, "Heartbeat", JSON.objectNode()).get("currentTime").asText());
        assertThat(wire.frames()).noneMatch(f -> f.isCall("Reset"));
    }

    @Test
    void withNoBootGatingAnswersAStationBeforeItsBootNotification() throws Exception {
        ExampleCsms csms = start("--no-boot-gating");
        OcppSession s = connect(csms, "CS201OPEN", (session, direction, text) -> { });

        assertThat(output.toString()).contains("2.0.1 boot gating off");
        assertThat(csms.bootGating()).isEmpty();
        assertIsUtcTimestamp(call(s, "Heartbeat", JSON.objectNode()).get("currentTime").asText());
        assertThat(call(s, "StatusNotification", Ocpp201Samples.request("StatusNotification"))).isEmpty();
    }

    @Test
    void answersAnOcpp201RequestThatBreaksItsSchemaWithTheCallErrorForTheViolationIn201Spelling()
            throws Exception {
        ExampleCsms csms = start();
        OcppSession s = connect(csms, "CS201BAD", (session, direction, text) -> { });

        CallErrorException missing = callErrorOf(s.call("BootNotification",
                JSON.objectNode().put("reason", "PowerUp")));
        assertThat(missing.wireCode()).isEqualTo("OccurrenceConstraintViolation");
        assertThat(missing.description()).contains("chargingStation");
        boot(s);
        CallErrorException wrongType = callErrorOf(s.call("TransactionEvent",
                Ocpp201Samples.request("TransactionEvent").put("seqNo", "zero")));
        assertThat(wrongType.wireCode()).isEqualTo("TypeConstraintViolation");
        CallErrorException unknownProperty = callErrorOf(s.call("Heartbeat", JSON.objectNode().put("x", 1)));
        assertThat(unknownProperty.wireCode()).isEqualTo("FormatViolation");
    }

    /** Starts the command as {@code csms --port 0 ARGS} on loopback, both versions served. */
    private ExampleCsms start(String... args) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(output, true));
        List<String> all = new ArrayList<>(List.of("csms", "--host", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        CsmsCommand command = (CsmsCommand) cli.parseArgs(all.toArray(String[]::new)).subcommand().commandSpec()
                .userObject();
        ExampleCsms csms = command.transports(transports).start();
        started.add(csms);
        return csms;
    }

    private OcppSession connect(ExampleCsms csms, String identity, FrameListener wire) throws Exception {
        return OcppClient.builder(transports.client())
                .endpoint(csms.endpoint())
                .identity(identity)
                .offer(OcppVersion.OCPP201, Handlers.none(Ocpp201Actions.CATALOG))
                .sessionConfig(SessionConfig.builder().frameListener(wire).build())
                .build()
                .connect()
                .get(WAIT, TimeUnit.SECONDS);
    }

    private static ObjectNode boot(OcppSession s) throws Exception {
        ObjectNode answer = call(s, "BootNotification", Ocpp201Samples.request("BootNotification"));
        assertThat(answer.get("status").asText()).isEqualTo("Accepted");
        return answer;
    }

    private static ObjectNode call(OcppSession s, String action, ObjectNode payload) throws Exception {
        return s.call(action, payload).get(WAIT, TimeUnit.SECONDS);
    }

    private static void assertIsUtcTimestamp(String text) {
        assertThat(text).endsWith("Z");
        assertThat(Instant.parse(text)).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                1, java.time.temporal.ChronoUnit.MINUTES));
    }
}
