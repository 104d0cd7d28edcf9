package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** UTF-8 sizing and close reason truncation over arbitrary text, surrogate pairs and lone surrogates included. */
class TextLimitsProperties {

    @Property(tries = 500)
    void boundedLengthExceedsTheLimitExactlyWhenTheEncodingDoes(@ForAll("wellFormed") String s,
                                                                @ForAll @IntRange(max = 700) int limit) {
        int actual = s.getBytes(StandardCharsets.UTF_8).length;

        assertThat(Utf8.exceeds(s, limit)).isEqualTo(actual > limit);
    }

    @Property(tries = 500)
    void boundedLengthDecidesRightAtTheBoundary(@ForAll("wellFormed") String s) {
        int actual = s.getBytes(StandardCharsets.UTF_8).length;

        assertThat(Utf8.exceeds(s, actual)).isFalse();
        if (actual > 0) {
            assertThat(Utf8.exceeds(s, actual - 1)).isTrue();
        }
    }

    @Property(tries = 1000)
    void truncatedReasonFitsAFrameAndIsACodePointPrefixOfTheOriginal(@ForAll("anyText") String reason) {
        String cut = CloseFrames.truncateReason(reason);

        assertThat(utf8Bytes(cut)).isLessThanOrEqualTo(CloseFrames.MAX_REASON_BYTES);
        String kept = cut.equals(reason) ? cut : withoutEllipsis(cut);
        assertThat(reason).startsWith(kept);
        // A prefix by code points: the cut never falls between the two halves of a surrogate pair.
        assertThat(reason.codePoints().limit(kept.codePointCount(0, kept.length())).toArray())
                .containsExactly(kept.codePoints().toArray());
        if (!kept.isEmpty() && kept.length() < reason.length()) {
            assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))
                    && Character.isLowSurrogate(reason.charAt(kept.length()))).isFalse();
        }
    }

    @Property(tries = 1000)
    void truncatedWellFormedReasonIsValidUtf8(@ForAll("wellFormed") String reason) throws Exception {
        String cut = CloseFrames.truncateReason(reason);

        ByteBuffer encoded = strictUtf8(cut);
        assertThat(encoded.remaining()).isLessThanOrEqualTo(CloseFrames.MAX_REASON_BYTES);
        assertThat(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(encoded).toString()).isEqualTo(cut);
    }

    @Property(tries = 500)
    void reasonThatFitsIsSentAsItIs(@ForAll("wellFormed") String reason) {
        if (utf8Bytes(reason) <= CloseFrames.MAX_REASON_BYTES) {
            assertThat(CloseFrames.truncateReason(reason)).isSameAs(reason);
        } else {
            assertThat(CloseFrames.truncateReason(reason)).endsWith(CloseFrames.ELLIPSIS);
        }
    }

    /** Text from valid UTF-8: any code points, weighted so that every encoded size is common. */
    @Provide
    Arbitrary<String> wellFormed() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7ff)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xffff)
                        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
        return codePoint.list().ofMaxSize(160).map(TextLimitsProperties::fromCodePoints);
    }

    /** Any UTF-16 text, lone surrogates included. */
    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> chars = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> surrogates = Arbitraries.strings()
                .withCharRange(Character.MIN_SURROGATE, Character.MAX_SURROGATE).withChars('a', '\u20ac')
                .ofMaxLength(200);
        return Arbitraries.oneOf(List.of(chars, surrogates, wellFormed()));
    }

    private static String fromCodePoints(List<Integer> cps) {
        StringBuilder b = new StringBuilder();
        cps.forEach(b::appendCodePoint);
        return b.toString();
    }

    private static String withoutEllipsis(String cut) {
        assertThat(cut).endsWith(CloseFrames.ELLIPSIS);
        return cut.substring(0, cut.length() - CloseFrames.ELLIPSIS.length());
    }

    /** The size any encoder needs at most: a lone surrogate takes 3 bytes where it is not refused. */
    private static int utf8Bytes(String s) {
        return s.codePoints().map(Utf8::bytesOf).sum();
    }

    private static ByteBuffer strictUtf8(String s) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
    }
}
