package dev.ocpp.examples.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.DecodeResult;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.frame.FrameCodec;
import java.io.IOException;
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
 * Why {@link FrameCodec} reads the envelope with the streaming parser: this compares it with the obvious
 * alternative, reading the whole message as a Jackson tree and picking the elements out of the array, and compares
 * encoding with writing an {@link ArrayNode}. The tree baseline does the same checks the codec needs (type, id,
 * action, payload is an object), so both sides do equal work.
 *
 * <p>Run: {@code java -cp examples/target/ocpp-examples.jar org.openjdk.jmh.Main CodecBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    /** Typical frames: a tiny CALL, a mid-size one, a large MeterValues CALL, and a CALLRESULT. */
    @Param({"heartbeat", "boot", "meterValues", "result"})
    public String message;

    private String text;
    private Frame frame;
    private FrameCodec codec;
    private ObjectMapper mapper;

    @Setup
    public void setUp() throws IOException {
        mapper = new ObjectMapper();
        codec = new FrameCodec(Dialect.of(OcppVersion.OCPP201), mapper);
        switch (message) {
            case "heartbeat":
                text = "[2,\"19223201-8b4a-4c1e-9e27-3c1b4d2a9f10\",\"Heartbeat\",{}]";
                break;
            case "boot":
                text = "[2,\"19223201-8b4a-4c1e-9e27-3c1b4d2a9f10\",\"BootNotification\",{\"reason\":\"PowerUp\","
                        + "\"chargingStation\":{\"model\":\"SingleSocketCharger\",\"vendorName\":\"VendorX\","
                        + "\"serialNumber\":\"SN-000123\",\"firmwareVersion\":\"1.4.2\"}}]";
                break;
            case "meterValues":
                StringBuilder sb = new StringBuilder("[2,\"19223201-8b4a-4c1e-9e27-3c1b4d2a9f10\",\"MeterValues\","
                        + "{\"evseId\":1,\"meterValue\":[");
                for (int i = 0; i < 20; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"timestamp\":\"2026-11-21T10:00:").append(10 + i)
                            .append("Z\",\"sampledValue\":[{\"value\":").append(1234.5 + i)
                            .append(",\"measurand\":\"Energy.Active.Import.Register\",\"unitOfMeasure\":"
                                    + "{\"unit\":\"Wh\"}},{\"value\":230.1,\"measurand\":\"Voltage\",\"phase\":\"L1\"}]}");
                }
                text = sb.append("]}]").toString();
                break;
            default:
                text = "[3,\"19223201-8b4a-4c1e-9e27-3c1b4d2a9f10\",{\"currentTime\":\"2026-11-21T10:00:00Z\","
                        + "\"interval\":300,\"status\":\"Accepted\"}]";
        }
        frame = ((DecodeResult.Valid) codec.decode(text)).frame();
    }

    @Benchmark
    public DecodeResult decodeStreamingEnvelope() {
        return codec.decode(text);
    }

    @Benchmark
    public Frame decodeWholeTree() throws IOException {
        JsonNode root = mapper.readTree(text);
        if (!root.isArray() || root.size() < 3 || !root.get(0).isInt() || !root.get(1).isTextual()) {
            throw new IllegalStateException();
        }
        String id = root.get(1).textValue();
        if (root.get(0).intValue() == 2) {
            JsonNode payload = root.get(3);
            if (!root.get(2).isTextual() || !(payload instanceof ObjectNode)) {
                throw new IllegalStateException();
            }
            return new Frame.Call(id, root.get(2).textValue(), (ObjectNode) payload);
        }
        return new Frame.CallResult(id, (ObjectNode) root.get(2));
    }

    @Benchmark
    public String encodeStreaming() {
        return codec.encode(frame);
    }

    @Benchmark
    public String encodeArrayNode() throws IOException {
        ArrayNode a = mapper.createArrayNode();
        a.add(frame.type().id()).add(frame.messageId());
        if (frame instanceof Frame.Call c) {
            a.add(c.action()).add(c.payload());
        } else if (frame instanceof Frame.CallResult r) {
            a.add(r.payload());
        }
        return mapper.writeValueAsString(a);
    }
}
