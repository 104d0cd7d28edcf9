package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code validate} command run in-process on log files, as a user would run it on a charger's log. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsOneVerdictPerFrameLineWithThe16ErrorCodeAndExitsOneWhenAnyFrameIsInvalid() throws IOException {
        Path log = write("""
                [2,"1","BootNotification",{"chargePointVendor":"ACME","chargePointModel":"W1"}]
                [3,"1",{"status":"Accepted","currentTime":"2025-03-01T12:00:00Z","interval":300}]

                [2,"2","BootNotification",{"chargePointVendor":"ACME"}]
                [3,"2",{"status":"Maybe","currentTime":"2025-03-01T12:00:00Z","interval":300}]
                [2,"3","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available","x":1}]
                [2,"4","NoSuchAction",{}]
                [4,"4","NotImplemented","Unknown action",{}]
                [3,"99",{}]
                [3,"1",{}]
                [4,"5","FormatViolation","2.0.1 spelling",{}]
                not a frame
                [2,"6","Authorize",{"idTag":"ABC"
                [3,"7"]
                [3,"8",[]]
                [7,"9",{}]
                [2,"10","MeterValues",{"connectorId":1,"meterValue":[]}]
                """);

        int exit = run("validate", "--protocol", "ocpp1.6", log.toString());

        assertThat(out.toString().lines()).containsExactly(
                "1 OK",
                "2 OK",
                "4 OccurenceConstraintViolation chargePointModel: required field is missing",
                "5 PropertyConstraintViolation status: does not have a value in the enumeration "
                        + "[\"Accepted\", \"Pending\", \"Rejected\"]",
                "6 TypeConstraintViolation connectorId: string found, integer expected; x: field is not defined",
                "7 NotImplemented unknown action \"NoSuchAction\"",
                "8 OK",
                "9 GenericError no CALL with id \"99\" earlier in the file",
                "10 GenericError the CALL with id \"1\" on line 1 was already answered on line 2",
                "11 GenericError errorCode \"FormatViolation\" is not an OCPP 1.6 error code",
                "12 GenericError message is not a JSON array",
                "13 FormationViolation CALL is not well-formed JSON",
                "14 GenericError CALLRESULT must have 3 elements, found 2",
                "15 FormationViolation CALLRESULT payload is not a JSON object",
                "16 GenericError unknown message type 7",
                "17 OccurenceConstraintViolation meterValue: must have at least 1 items but found 0");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitsZeroForALogOfValidFramesOfBothDirectionsWhoseMessageIdsRepeat() throws IOException {
        // Each side numbers its own CALLs, so ids repeat; a reply is checked against the latest CALL of its id.
        // The file comes from Windows: a byte order mark and CRLF line ends.
        Path log = dir.resolve("charger.log");
        Files.writeString(log, "\uFEFF"
                + "[2,\"1\",\"Heartbeat\",{}]\r\n"
                + "[3,\"1\",{\"currentTime\":\"2025-03-01T12:00:00Z\"}]\r\n"
                + "[2,\"1\",\"GetConfiguration\",{\"key\":[\"HeartbeatInterval\"]}]\r\n"
                + "[3,\"1\",{\"configurationKey\":[{\"key\":\"HeartbeatInterval\",\"readonly\":false,"
                + "\"value\":\"300\"}]}]\r\n"
                + "   \r\n"
                + "[2,\"2\",\"Reset\",{\"type\":\"Hard\"}]\r\n"
                + "[4,\"2\",\"NotSupported\",\"\",{}]\r\n"
                // OCPP-J 1.6 allows null for an empty payload.
                + "[2,\"3\",\"Heartbeat\",null]\r\n"
                + "[2,\"4\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\","
                + "\"status\":\"Available\"}]\r\n"
                + "[3,\"4\",null]\r\n", StandardCharsets.UTF_8);

        int exit = run("validate", log.toString());

        assertThat(out.toString().lines())
                .containsExactly("1 OK", "2 OK", "3 OK", "4 OK", "6 OK", "7 OK", "8 OK", "9 OK", "10 OK");
        assertThat(exit).isZero();
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(run("validate", dir.resolve("nope.log").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.log").contains("no such file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aDirectoryIsAUsageError() {
        assertThat(run("validate", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("directory");
    }

    @Test
    void noFileIsAUsageError() {
        assertThat(run("validate", "--protocol", "ocpp1.6")).isEqualTo(2);
        assertThat(err.toString()).contains("FILE");
    }

    @Test
    void checksAnOcpp201LogWithThe201ErrorCodesAndExitsOneWhenAnyFrameIsInvalid() throws IOException {
        Path log = write("""
                [2,"1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"W1","vendorName":"ACME"}}]
                [3,"1",{"currentTime":"2025-03-01T12:00:00Z","interval":300,"status":"Accepted"}]

                [2,"2","BootNotification",{"reason":"PowerUp"}]
                [3,"2",{"currentTime":"2025-03-01T12:00:00Z","interval":300,"status":"Maybe"}]
                [2,"3","Heartbeat",{"x":1}]
                [2,"4","StartTransaction",{}]
                [4,"4","NotImplemented","Unknown action",{}]
                [4,"5","FormationViolation","1.6 spelling",{}]
                [2,"6","Heartbeat",null]
                [7,"7",{}]
                not a frame
                [3,"8"]
                [2,"9","TransactionEvent",{"eventType":"Started","timestamp":"2025-03-01T12:00:00Z",\
                "triggerReason":"Authorized","seqNo":"zero","transactionInfo":{"transactionId":"T1"}}]
                """);

        int exit = run("validate", "--protocol", "ocpp2.0.1", log.toString());

        assertThat(out.toString().lines()).containsExactly(
                "1 OK",
                "2 OK",
                "4 OccurrenceConstraintViolation chargingStation: required field is missing",
                "5 PropertyConstraintViolation status: does not have a value in the enumeration "
                        + "[\"Accepted\", \"Pending\", \"Rejected\"]",
                "6 FormatViolation x: field is not defined",
                "7 NotImplemented unknown action \"StartTransaction\"",
                "8 OK",
                "9 GenericError errorCode \"FormationViolation\" is not an OCPP 2.0.1 error code",
                "10 FormatViolation CALL payload is not a JSON object",
                "11 MessageTypeNotSupported Message type 7 is not supported",
                "12 RpcFrameworkError Message is not a JSON array",
                "13 RpcFrameworkError CALLRESULT must have 3 elements, found 2",
                "14 TypeConstraintViolation seqNo: string found, integer expected");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitsZeroForAnOcpp201LogOfValidFramesOfBothDirections() throws IOException {
        Path log = write("""
                [2,"1","Heartbeat",{}]
                [3,"1",{"currentTime":"2025-03-01T12:00:00Z"}]
                [2,"1","GetVariables",{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},\
                "variable":{"name":"HeartbeatInterval"}}]}]
                [3,"1",{"getVariableResult":[{"attributeStatus":"Accepted","attributeValue":"300",\
                "component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}]
                [2,"2","Reset",{"type":"Immediate"}]
                [4,"2","SecurityError","not registered",{}]
                [2,"3","DataTransfer",{"vendorId":"com.example"}]
                [4,"3","RpcFrameworkError","",{}]
                [2,"4","Authorize",{"idToken":{"idToken":"T","type":"Local"}}]
                [4,"4","OccurenceConstraintViolation","2.0.1 implementations spell it either way",{}]
                """);

        int exit = run("validate", "--protocol", "ocpp2.0.1", log.toString());

        assertThat(out.toString().lines())
                .containsExactly("1 OK", "2 OK", "3 OK", "4 OK", "5 OK", "6 OK", "7 OK", "8 OK", "9 OK", "10 OK");
        assertThat(exit).isZero();
    }

    @Test
    void aMissingOcpp201FileIsAUsageError() {
        assertThat(run("validate", "--protocol", "ocpp2.0.1", dir.resolve("nope.log").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownProtocolIsAUsageError() throws IOException {
        Path log = write("[2,\"1\",\"Heartbeat\",{}]\n");

        assertThat(run("validate", "--protocol", "ocpp9", log.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ocpp9");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("frames.log"), text, StandardCharsets.UTF_8);
    }

    private int run(String... args) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
