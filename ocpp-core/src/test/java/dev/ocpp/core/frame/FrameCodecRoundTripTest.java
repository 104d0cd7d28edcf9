package dev.ocpp.core.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Encoding frames to text and decoding them back, per type and per dialect. */
class FrameCodecRoundTripTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID36 = "c0a80101-0000-4000-8000-000000000036";

    private static FrameCodec codec(OcppVersion v) {
        return new FrameCodec(Dialect.of(v));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Named payloads covering nesting, arrays, Unicode (astral too), escapes and numbers. */
    static List<Arguments> payloads() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("empty", NODES.objectNode()));
        list.add(Arguments.of("BootNotification-like", json("""
                {"reason":"PowerUp","chargingStation":{"model":"SingleSocketCharger","vendorName":"VendorX",
                 "modem":{"iccid":"0123456789","imsi":"123"}}}""")));
        list.add(Arguments.of("nested arrays and objects", json("""
                {"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":1.5,
                 "measurand":"Energy.Active.Import.Register"},{"value":-0.001},{"value":[[],[[{}]]]}]}],
                 "empty":{},"emptyList":[]}""")));
        ObjectNode unicode = NODES.objectNode();
        unicode.put("latin", "Größe été ñ");
        unicode.put("cjk", "充電スタンド");
        unicode.put("astral", "\uD83D\uDE97\uD83D\uDD0C \uD834\uDD1E \uD83C\uDDE9\uD83C\uDDEA");
        unicode.put("\uD83D\uDD11 astral key", "v");
        unicode.put("rtl", "\u05E9\u05DC\u05D5\u05DD");
        unicode.put("specials", "\u2028\u2029\uFEFF\uFFFD\uFFFF");
        list.add(Arguments.of("Unicode including astral-plane chars", unicode));
        ObjectNode escapes = NODES.objectNode();
        escapes.put("quotes", "say \"hi\"");
        escapes.put("backslashes", "C:\\dir\\file \\\\ \\u0041");
        escapes.put("slash", "a/b</script>");
        escapes.put("controls", "\n\r\t\b\f\u0000\u0001\u001F\u007F");
        escapes.put("\"quoted key\"", "\\");
        escapes.put("", "empty key");
        list.add(Arguments.of("escaped quotes, backslashes and control chars", escapes));
        ObjectNode numbers = NODES.objectNode();
        numbers.put("zero", 0);
        numbers.put("negative", -1);
        numbers.put("intMax", Integer.MAX_VALUE);
        numbers.put("intMin", Integer.MIN_VALUE);
        numbers.put("long", 2_147_483_648L);
        numbers.put("longMin", Long.MIN_VALUE);
        numbers.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        numbers.put("decimal", 230.5);
        numbers.put("smallDecimal", 0.000123);
        numbers.put("negativeDecimal", -17.25);
        numbers.put("tiny", 4.9e-324);
        numbers.put("huge", 1.7976931348623157e308);
        numbers.put("integralDouble", 3.0);
        numbers.put("bool", true);
        numbers.putNull("nothing");
        list.add(Arguments.of("numbers including decimals, longs and big integers", numbers));
        return list;
    }

    /** Every frame type the version supports, with each payload / error variant. */
    static Stream<Arguments> framesPerVersion() {
        List<Arguments> out = new ArrayList<>();
        for (OcppVersion v : OcppVersion.values()) {
            for (Arguments p : payloads()) {
                String name = (String) p.get()[0];
                ObjectNode payload = (ObjectNode) p.get()[1];
                out.add(Arguments.of(v, "CALL with " + name + " payload",
                        new Frame.Call("19223201", "BootNotification", payload.deepCopy())));
                out.add(Arguments.of(v, "CALLRESULT with " + name + " payload",
                        new Frame.CallResult("19223201", payload.deepCopy())));
                out.add(Arguments.of(v, "CALLERROR with " + name + " details",
                        new Frame.CallError("19223201", "PropertyConstraintViolation",
                                "Field \"idTag\" is too long \\ " + "\uD83D\uDE00", payload.deepCopy())));
                if (v == OcppVersion.OCPP21) {
                    out.add(Arguments.of(v, "CALLRESULTERROR with " + name + " details",
                            new Frame.CallResultError("19223201", "InternalError", "cannot process", payload.deepCopy())));
                    out.add(Arguments.of(v, "SEND with " + name + " payload",
                            new Frame.Send("19223201", "NotifyPeriodicEventStream", payload.deepCopy())));
                }
            }
            out.add(Arguments.of(v, "CALL with a 36-char id", new Frame.Call(ID36, "Heartbeat", NODES.objectNode())));
            out.add(Arguments.of(v, "CALL with a Unicode id",
                    new Frame.Call("id-\uD83D\uDE00-\"\\-é", "Heartbeat", NODES.objectNode())));
            out.add(Arguments.of(v, "CALL with an action needing escapes",
                    new Frame.Call("1", "Data\"Transfer\\\uD83D\uDE00", NODES.objectNode())));
            out.add(Arguments.of(v, "CALLERROR with an unknown code",
                    new Frame.CallError("1", "SomeFutureCode", "", NODES.objectNode())));
            out.add(Arguments.of(v, "CALLERROR with the 1.6 spelling FormationViolation",
                    new Frame.CallError("1", "FormationViolation", "bad", NODES.objectNode())));
            out.add(Arguments.of(v, "CALLERROR with the 1.6 spelling OccurenceConstraintViolation",
                    new Frame.CallError("1", "OccurenceConstraintViolation", "bad", NODES.objectNode())));
            out.add(Arguments.of(v, "CALLERROR with the 2.x spelling RpcFrameworkError",
                    new Frame.CallError("1", "RpcFrameworkError", "bad", NODES.objectNode())));
            out.add(Arguments.of(v, "CALLERROR with an empty code and a 255-char description",
                    new Frame.CallError("1", "", "d".repeat(255), NODES.objectNode())));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "on {0}, a {1} decodes back to an equal frame")
    @MethodSource("framesPerVersion")
    void encodeThenDecodeIsIdentity(OcppVersion version, String what, Frame frame) {
        FrameCodec codec = codec(version);
        String text = codec.encode(frame);
        assertThat(codec.decode(text)).isEqualTo(new DecodeResult.Valid(frame));
        // Encoding is deterministic: the decoded frame re-encodes to the same text.
        DecodeResult.Valid valid = (DecodeResult.Valid) codec.decode(text);
        assertThat(codec.encode(valid.frame())).isEqualTo(text);
    }

    // ------------------------------------------------------------------ exact wire text

    @ParameterizedTest(name = "on {0} frames encode to the exact compact OCPP-J text")
    @EnumSource(OcppVersion.class)
    void encodesTheExactText(OcppVersion v) {
        FrameCodec codec = codec(v);
        assertThat(codec.encode(new Frame.Call("abc", "Heartbeat", NODES.objectNode())))
                .isEqualTo("[2,\"abc\",\"Heartbeat\",{}]");
        assertThat(codec.encode(new Frame.Call("19223201", "BootNotification",
                json("{\"chargePointVendor\":\"VendorX\",\"chargePointModel\":\"SingleSocketCharger\"}"))))
                .isEqualTo("[2,\"19223201\",\"BootNotification\","
                        + "{\"chargePointVendor\":\"VendorX\",\"chargePointModel\":\"SingleSocketCharger\"}]");
        assertThat(codec.encode(new Frame.CallResult("abc",
                json("{\"currentTime\":\"2013-02-01T20:53:32.486Z\",\"interval\":300,\"ratio\":0.5}"))))
                .isEqualTo("[3,\"abc\",{\"currentTime\":\"2013-02-01T20:53:32.486Z\",\"interval\":300,\"ratio\":0.5}]");
        assertThat(codec.encode(new Frame.CallError("162376037", "NotSupported",
                "SendLocalList.req not implemented", NODES.objectNode())))
                .isEqualTo("[4,\"162376037\",\"NotSupported\",\"SendLocalList.req not implemented\",{}]");
        assertThat(codec.encode(new Frame.CallError("abc", "GenericError", "say \"hi\" \\ bye",
                json("{\"list\":[1,2,{\"n\":null}]}"))))
                .isEqualTo("[4,\"abc\",\"GenericError\",\"say \\\"hi\\\" \\\\ bye\",{\"list\":[1,2,{\"n\":null}]}]");
        assertThat(codec.encode(new Frame.CallResultError("abc", "InternalError", "cannot process", NODES.objectNode())))
                .isEqualTo("[5,\"abc\",\"InternalError\",\"cannot process\",{}]");
        assertThat(codec.encode(new Frame.Send("abc", "NotifyPeriodicEventStream",
                json("{\"id\":1,\"pending\":0,\"basetime\":\"2024-01-01T00:00:00Z\",\"data\":[]}"))))
                .isEqualTo("[6,\"abc\",\"NotifyPeriodicEventStream\","
                        + "{\"id\":1,\"pending\":0,\"basetime\":\"2024-01-01T00:00:00Z\",\"data\":[]}]");
    }

    @ParameterizedTest(name = "on {0} decoding tolerates JSON whitespace between tokens")
    @EnumSource(OcppVersion.class)
    void decodingToleratesWhitespace(OcppVersion v) {
        assertThat(codec(v).decode(" [ 2 ,\n\"abc\" ,\t\"Heartbeat\" , { } ] \r\n"))
                .isEqualTo(new DecodeResult.Valid(new Frame.Call("abc", "Heartbeat", NODES.objectNode())));
        assertThat(codec(v).decode("[3, \"abc\", {\"currentTime\": \"2013-02-01T20:53:32.486Z\"}]"))
                .isEqualTo(new DecodeResult.Valid(new Frame.CallResult("abc",
                        json("{\"currentTime\":\"2013-02-01T20:53:32.486Z\"}"))));
    }

    @ParameterizedTest(name = "on {0} decoding resolves JSON escapes, including escaped surrogate pairs")
    @EnumSource(OcppVersion.class)
    void decodingResolvesEscapes(OcppVersion v) {
        DecodeResult r = codec(v).decode(
                "[2,\"a\\u0062c\",\"Data\\u0054ransfer\",{\"s\":\"\\uD83D\\uDE00 \\\" \\\\ \\/ \\n\"}]");
        ObjectNode payload = NODES.objectNode().put("s", "\uD83D\uDE00 \" \\ / \n");
        assertThat(r).isEqualTo(new DecodeResult.Valid(new Frame.Call("abc", "DataTransfer", payload)));
    }

    @Test
    void unknownErrorCodesAreKeptVerbatimOnEveryVersion() {
        for (OcppVersion v : OcppVersion.values()) {
            assertThat(codec(v).decode("[4,\"abc\",\"NoSuchCode\",\"why\",{\"k\":1}]"))
                    .as("on %s", v)
                    .isEqualTo(new DecodeResult.Valid(new Frame.CallError("abc", "NoSuchCode", "why",
                            NODES.objectNode().put("k", 1))));
            assertThat(codec(v).decode("[4,\"abc\",\"formatviolation\",\"\",{}]"))
                    .as("on %s", v)
                    .isEqualTo(new DecodeResult.Valid(new Frame.CallError("abc", "formatviolation", "",
                            NODES.objectNode())));
        }
    }

    @Test
    void errorCodesOfTheOtherVersionAreKeptVerbatim() {
        assertThat(codec(OcppVersion.OCPP16).decode("[4,\"abc\",\"FormatViolation\",\"\",{}]"))
                .isEqualTo(new DecodeResult.Valid(new Frame.CallError("abc", "FormatViolation", "",
                        NODES.objectNode())));
        assertThat(codec(OcppVersion.OCPP201).decode("[4,\"abc\",\"OccurenceConstraintViolation\",\"\",{}]"))
                .isEqualTo(new DecodeResult.Valid(new Frame.CallError("abc", "OccurenceConstraintViolation", "",
                        NODES.objectNode())));
    }
}
