package dev.ocpp.core.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.DecodeResult;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.frame.FrameCodec;
import dev.ocpp.core.frame.MessageType;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link FrameCodec} under all three dialects: decoding never throws, valid frames round-trip,
 * and whatever mutated or arbitrary text comes in, the outcome follows the version's rules.
 */
class FrameCodecProperties {

    private static final Map<OcppVersion, FrameCodec> CODECS = new EnumMap<>(OcppVersion.class);
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final List<OcppVersion> V2X = List.of(OcppVersion.OCPP201, OcppVersion.OCPP21);

    /**
     * The oracle's parser. Same nesting limit as the library's mapper (64), so the oracle does not read further
     * into deeply nested garbage than the codec is designed to.
     */
    private static final JsonFactory PEEK = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    static {
        for (OcppVersion v : OcppVersion.values()) {
            CODECS.put(v, new FrameCodec(Dialect.of(v)));
        }
    }

    // ------------------------------------------------------------------ providers

    @Provide
    Arbitrary<String> arbitraryTexts() {
        return FrameArbitraries.arbitraryTexts();
    }

    @Provide
    Arbitrary<String> mutatedFrameTexts() {
        return FrameArbitraries.mutatedFrameTexts();
    }

    @Provide
    Arbitrary<String> anyInput() {
        return Arbitraries.oneOf(FrameArbitraries.arbitraryTexts(), FrameArbitraries.mutatedFrameTexts());
    }

    @Provide
    Arbitrary<FrameArbitraries.VersionedFrame> versionedFrames() {
        return FrameArbitraries.versionedFrames();
    }

    @Provide
    Arbitrary<String> descriptions() {
        return Arbitraries.oneOf(
                FrameArbitraries.unicodeStrings(0, 400),
                Arbitraries.strings().all().ofMaxLength(600),
                Arbitraries.integers().between(0, 300).map(n -> "a".repeat(n) + "\uD83D\uDE00".repeat(3)));
    }

    // ------------------------------------------------------------------ (a) never throws

    @Property
    void decodeNeverThrowsOnArbitraryText(@ForAll("arbitraryTexts") String text) {
        for (OcppVersion v : OcppVersion.values()) {
            DecodeResult r = decode(v, text);
            assertThat(r).as("decode result on %s", v).isNotNull();
            assertObeysTheRules(v, text, r);
        }
    }

    // ------------------------------------------------------------------ (b) round trip

    @Property
    void encodeThenDecodeIsIdentity(@ForAll("versionedFrames") FrameArbitraries.VersionedFrame vf)
            throws IOException {
        FrameCodec codec = CODECS.get(vf.version());
        String text = codec.encode(vf.frame());
        assertThat(codec.decode(text)).as("decode(encode(frame)) on %s of %s", vf.version(), text)
                .isEqualTo(new DecodeResult.Valid(vf.frame()));
        // The text is the OCPP-J array, element by element, whatever the escaping.
        JsonNode parsed = PLAIN.readTree(text);
        JsonNode expected = PLAIN.readTree(FrameArbitraries.join(FrameArbitraries.elements(vf.frame())));
        assertThat(parsed).as("encoded text %s", text).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ (c) mutated frames

    @Property
    void mutatedFramesNeverThrowAndObeyTheRules(@ForAll("mutatedFrameTexts") String text) {
        for (OcppVersion v : OcppVersion.values()) {
            DecodeResult r = decode(v, text);
            assertObeysTheRules(v, text, r);
            Statistics.label("outcome on " + v).collect(outcome(r));
        }
    }

    private static String outcome(DecodeResult r) {
        if (r instanceof DecodeResult.Reply reply) {
            return "Reply " + reply.reply().errorCode();
        }
        if (r instanceof DecodeResult.Drop drop) {
            return "Drop " + drop.type();
        }
        return "Valid " + ((DecodeResult.Valid) r).frame().type();
    }

    // ------------------------------------------------------------------ (d) description bound

    @Property
    void repliesOn2xHaveDescriptionsOfAtMost255Chars(@ForAll("anyInput") String text) {
        for (OcppVersion v : V2X) {
            if (decode(v, text) instanceof DecodeResult.Reply reply) {
                assertThat(reply.reply().errorDescription().length()).as("description on %s", v)
                        .isLessThanOrEqualTo(255);
            }
        }
    }

    @Property
    void callErrorDescriptionsAreCutTo255On2xWithoutSplittingPairs(@ForAll("descriptions") String description) {
        for (OcppVersion v : OcppVersion.values()) {
            Frame.CallError e = Dialect.of(v).callError("abc", ErrorCode.GENERIC_ERROR, description,
                    null);
            String fitted = e.errorDescription();
            if (v == OcppVersion.OCPP16) {
                assertThat(fitted).as("1.6 description is unbounded").isEqualTo(description);
                continue;
            }
            assertThat(fitted.length()).as("length on %s", v).isLessThanOrEqualTo(255);
            assertThat(description).as("fitted description is a prefix on %s", v).startsWith(fitted);
            if (description.length() <= 255) {
                assertThat(fitted).isEqualTo(description);
            } else {
                // The cut never leaves the high half of a pair whose low half was cut off.
                boolean splitsPair = Character.isHighSurrogate(fitted.charAt(fitted.length() - 1))
                        && Character.isLowSurrogate(description.charAt(fitted.length()));
                assertThat(splitsPair).as("cut splits a surrogate pair on %s", v).isFalse();
                // ... and cuts no more than that: 255 chars, or 254 when char 254 is a high surrogate.
                assertThat(fitted.length() == 255
                        || fitted.length() == 254 && Character.isHighSurrogate(description.charAt(254)))
                        .as("cut to %d chars on %s", fitted.length(), v).isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ the rules, as an oracle

    private static DecodeResult decode(OcppVersion v, String text) {
        try {
            return CODECS.get(v).decode(text);
        } catch (Throwable t) {
            throw new AssertionError("decode threw on " + v + " for input " + quote(text), t);
        }
    }

    /** How the type element was read. */
    enum TypeKind { NOT_AN_INTEGER, INT, HUGE_INT }

    /** What a plain streaming read sees of the first two array elements. */
    record Peek(TypeKind kind, int type, String id) {
        boolean typeIs(int n) {
            return kind == TypeKind.INT && type == n;
        }

        boolean idUsable() {
            return id != null && id.length() <= Dialect.MAX_MESSAGE_ID_LENGTH;
        }
    }

    /** Reads {@code [type, id, ...]} as far as it can; stops silently at the first problem. */
    static Peek peek(String text) {
        TypeKind kind = TypeKind.NOT_AN_INTEGER;
        int type = 0;
        String id = null;
        try (JsonParser p = PEEK.createParser(text)) {
            if (p.nextToken() == JsonToken.START_ARRAY) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    kind = TypeKind.HUGE_INT;
                    if (p.getNumberType() == JsonParser.NumberType.INT) {
                        type = p.getIntValue();
                        kind = TypeKind.INT;
                    }
                } else if (t != null && t != JsonToken.END_ARRAY) {
                    p.skipChildren();
                }
                if (t != null && t != JsonToken.END_ARRAY && p.nextToken() == JsonToken.VALUE_STRING) {
                    id = p.getText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep what was read so far
        }
        return new Peek(kind, type, id);
    }

    /**
     * The version's rules, as the project decided them, checked against one decode outcome. Every Reply is a
     * CALLERROR spelled for the version, with {@code {}} details and (2.x) a description of at most 255 chars;
     * its id is the input's id or, on 2.x only, "-1". Responses (3, 4, and on 2.1 also 5, 6) are never
     * answered. Unknown types are answered only on 2.0.1, with MessageTypeNotSupported.
     */
    static void assertObeysTheRules(OcppVersion v, String text, DecodeResult r) {
        Peek k = peek(text);
        boolean v16 = v == OcppVersion.OCPP16;
        String where = "on " + v + " for input " + quote(text) + " (read as " + k + ") got " + r;
        boolean unknownType = k.kind() == TypeKind.HUGE_INT
                || k.kind() == TypeKind.INT && (k.type() < 2 || k.type() > 6
                        || k.type() >= 5 && v != OcppVersion.OCPP21);
        boolean isResponseOrSend = !unknownType && k.kind() == TypeKind.INT && k.type() >= 3 && k.type() <= 6;
        boolean isCall = k.typeIs(2);
        String framework = v16 ? "GenericError" : "RpcFrameworkError";
        String format = v16 ? "FormationViolation" : "FormatViolation";

        if (r instanceof DecodeResult.Reply reply) {
            Frame.CallError e = reply.reply();
            assertThat(FrameArbitraries.spelledCodes(v)).as("code is one the version spells, " + where)
                    .contains(e.errorCode());
            assertThat(e.errorDetails()).as("errorDetails are {}, " + where)
                    .isEqualTo(JsonNodeFactory.instance.objectNode());
            if (!v16) {
                assertThat(e.errorDescription().length()).as("description <= 255, " + where)
                        .isLessThanOrEqualTo(255);
            }
            if (v16) {
                assertThat(e.messageId()).as("1.6 never answers with the fallback id -1, " + where)
                        .isEqualTo(k.id());
            }
            if (e.messageId().equals(Dialect.UNREADABLE_ID) && !Dialect.UNREADABLE_ID.equals(k.id())) {
                assertThat(k.idUsable()).as("-1 only when the id is unreadable, " + where).isFalse();
            } else {
                assertThat(e.messageId()).as("reply id is the input's id, " + where).isEqualTo(k.id());
            }
            if (e.messageId().length() > Dialect.MAX_MESSAGE_ID_LENGTH) {
                assertThat(v16 && isCall && framework.equals(e.errorCode()))
                        .as("an id over 36 chars is echoed only for a 1.6 CALL, as " + framework + ", " + where)
                        .isTrue();
            }

            if (unknownType) {
                assertThat(v).as("only 2.0.1 answers an unknown type, " + where).isEqualTo(OcppVersion.OCPP201);
                assertThat(e.errorCode()).as(where).isEqualTo("MessageTypeNotSupported");
                assertThat(e.messageId()).as(where).isEqualTo(k.idUsable() ? k.id() : Dialect.UNREADABLE_ID);
            } else if (isResponseOrSend) {
                fail("a CALLRESULT/CALLERROR/CALLRESULTERROR/SEND is never answered, " + where);
            } else if (isCall) {
                assertThat(e.errorCode()).as("a broken CALL gets %s or %s, %s", framework, format, where)
                        .isIn(framework, format);
                assertThat(e.messageId()).as(where)
                        .isEqualTo(k.idUsable() || (v16 && k.id() != null) ? k.id() : Dialect.UNREADABLE_ID);
            } else {
                assertThat(e.errorCode()).as("unreadable type: " + where).isEqualTo(framework);
                assertThat(e.messageId()).as(where).isEqualTo(k.idUsable() ? k.id() : Dialect.UNREADABLE_ID);
            }
        } else if (r instanceof DecodeResult.Drop drop) {
            if (unknownType) {
                assertThat(v).as("2.0.1 answers an unknown type, " + where).isNotEqualTo(OcppVersion.OCPP201);
            } else if (isResponseOrSend) {
                assertThat(drop.messageId()).as("Drop carries the readable id, " + where).isEqualTo(k.id());
                assertThat(drop.type()).as("Drop carries the type, " + where).isEqualTo(MessageType.of(k.type()));
            } else if (isCall) {
                assertThat(v16 && k.id() == null).as("a CALL is dropped only on 1.6 without a readable id, " + where)
                        .isTrue();
            } else {
                assertThat(v16 && !k.idUsable())
                        .as("unreadable input is dropped only on 1.6 without a usable id, " + where).isTrue();
            }
        } else if (r instanceof DecodeResult.Valid valid) {
            Frame f = valid.frame();
            assertThat(k.kind() == TypeKind.INT && !unknownType).as("valid only with a known type, " + where)
                    .isTrue();
            assertThat(f.type().id()).as(where).isEqualTo(k.type());
            assertThat(Dialect.of(v).supports(f.type())).as(where).isTrue();
            assertThat(f.messageId()).as(where).isEqualTo(k.id());
            if (isCall) {
                assertThat(f.messageId().length()).as(where).isLessThanOrEqualTo(Dialect.MAX_MESSAGE_ID_LENGTH);
            }
        } else {
            fail("unexpected result type, " + where);
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
