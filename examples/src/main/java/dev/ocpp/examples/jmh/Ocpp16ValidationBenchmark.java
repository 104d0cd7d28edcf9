package dev.ocpp.examples.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.PayloadValidator;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.StartTransactionRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What schema validation costs on top of binding, for OCPP 1.6 payloads. {@code plainBind} is the baseline: Jackson
 * databind of the payload text straight into the generated class. {@code validatedBind} is what the typed layer
 * does with an incoming payload: read it as a tree, validate the tree against the message schema, bind the tree to
 * the same class. The ratio validatedBind / plainBind is the figure of merit (aim: at most 2.0).
 *
 * <p>Run: {@code java -cp examples/target/ocpp-examples.jar org.openjdk.jmh.Main Ocpp16ValidationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ocpp16ValidationBenchmark {

    @Param({"MeterValues", "StartTransaction", "BootNotification"})
    public String action;

    private String payload;
    private Class<?> type;
    private ObjectMapper mapper;
    private PayloadValidator validator;

    @Setup
    public void setUp() {
        mapper = OcppJson.mapper();
        validator = Ocpp16Validation.validator();
        switch (action) {
            case "MeterValues" -> {
                StringBuilder sb = new StringBuilder("{\"connectorId\":1,\"transactionId\":4711,\"meterValue\":[");
                sb.append("{\"timestamp\":\"2026-11-21T10:00:00Z\",\"sampledValue\":[");
                String[] measurands = {"Energy.Active.Import.Register", "Power.Active.Import", "Current.Import",
                    "Voltage", "Temperature"};
                for (int i = 0; i < 10; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"value\":\"").append(1000 + i * 17).append("\",\"context\":\"Sample.Periodic\",")
                            .append("\"format\":\"Raw\",\"measurand\":\"").append(measurands[i % 5]).append("\",")
                            .append("\"phase\":\"L").append(i % 3 + 1).append("\",\"location\":\"Outlet\",")
                            .append("\"unit\":\"").append(i % 5 == 0 ? "Wh" : "W").append("\"}");
                }
                payload = sb.append("]}]}").toString();
                type = MeterValuesRequest.class;
            }
            case "StartTransaction" -> {
                payload = "{\"connectorId\":1,\"idTag\":\"04A2B3C4D5E6F7\",\"meterStart\":123456,"
                        + "\"reservationId\":17,\"timestamp\":\"2026-11-21T10:00:00.250+01:00\"}";
                type = StartTransactionRequest.class;
            }
            case "BootNotification" -> {
                payload = "{\"chargePointVendor\":\"ACME Charging\",\"chargePointModel\":\"Wallbox 22\","
                        + "\"chargePointSerialNumber\":\"SN-000123456\",\"chargeBoxSerialNumber\":\"CB-99\","
                        + "\"firmwareVersion\":\"1.4.2-rc3\",\"iccid\":\"8931440400012345678\","
                        + "\"imsi\":\"262011234567890\",\"meterType\":\"EM340\",\"meterSerialNumber\":\"M-777\"}";
                type = BootNotificationRequest.class;
            }
            default -> throw new IllegalArgumentException(action);
        }
        try {
            List<Violation> v = validator.validate(action, true, mapper.readTree(payload));
            if (!v.isEmpty()) {
                throw new IllegalStateException("benchmark payload is invalid: " + v);
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
