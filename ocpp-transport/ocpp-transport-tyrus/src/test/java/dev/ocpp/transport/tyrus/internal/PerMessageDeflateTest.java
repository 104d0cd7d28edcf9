package dev.ocpp.transport.tyrus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.Extension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.TyrusExtension;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;
import org.junit.jupiter.api.Test;

/**
 * Negotiation (RFC 7692 §5, §7.1) and framing (§6, §7.2) of {@link PerMessageDeflate} and {@link DeflateCodec},
 * without sockets: offers as Tyrus parses them from the header, frames as Tyrus hands them over.
 */
class PerMessageDeflateTest {

    private static final int MAX = 64 * 1024;

    // ------------------------------------------------------------------ server negotiation

    @Test
    void plainOfferIsAcceptedWithoutParameters() {
        assertThat(answer("permessage-deflate")).isEqualTo("permessage-deflate");
    }

    @Test
    void clientMaxWindowBitsIsNeverAnsweredSinceAnyWindowInflates() {
        assertThat(answer("permessage-deflate; client_max_window_bits")).isEqualTo("permessage-deflate");
        assertThat(answer("permessage-deflate; client_max_window_bits=10")).isEqualTo("permessage-deflate");
    }

    @Test
    void noContextTakeoverParametersAreEchoed() {
        assertThat(answer("permessage-deflate; server_no_context_takeover; client_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void serverWindowBelow15IsDeclinedAndTheNextOfferTaken() {
        assertThat(answer("permessage-deflate; server_max_window_bits=10")).isNull();
        assertThat(answer("permessage-deflate; server_max_window_bits=10, permessage-deflate; "
                + "client_no_context_takeover")).isEqualTo("permessage-deflate; client_no_context_takeover");
        assertThat(answer("permessage-deflate; server_max_window_bits=15"))
                .isEqualTo("permessage-deflate; server_max_window_bits=15");
    }

    @Test
    void malformedOffersAreDeclined() {
        assertThat(answer("permessage-deflate; server_max_window_bits")).isNull(); // needs a value
        assertThat(answer("permessage-deflate; client_max_window_bits=7")).isNull();
        assertThat(answer("permessage-deflate; server_no_context_takeover=1")).isNull();
        assertThat(answer("permessage-deflate; server_no_context_takeover; server_no_context_takeover")).isNull();
        assertThat(answer("permessage-deflate; mystery")).isNull();
    }

    @Test
    void nothingIsNegotiatedWhenTheServerDoesNotInstallIt() {
        assertThat(PerMessageDeflate.negotiate(List.of(), offers("permessage-deflate"))).isEmpty();
        assertThat(PerMessageDeflate.negotiate(List.of(PerMessageDeflate.server(MAX)), offers("x-webkit-deflate")))
                .isEmpty();
    }

    // ------------------------------------------------------------------ client

    @Test
    void clientOffersPlainPermessageDeflate() {
        Extension client = PerMessageDeflate.client(MAX);
        assertThat(client.getName()).isEqualTo("permessage-deflate");
        assertThat(client.getParameters()).isEmpty();
    }

    @Test
    void clientAcceptsValidAnswersAndRefusesInvalidOnes() {
        ExtendedExtension client = (ExtendedExtension) PerMessageDeflate.client(MAX);
        client.onHandshakeResponse(new Context(), params("server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=9"));
        // client_max_window_bits was not offered, so the server must not send it (RFC 7692 §7.1.2.2).
        for (String invalid : List.of("client_max_window_bits=10", "mystery", "server_max_window_bits=16",
                "server_no_context_takeover; server_no_context_takeover")) {
            assertThatThrownBy(() -> client.onHandshakeResponse(new Context(), params(invalid)))
                    .as(invalid).isInstanceOf(HandshakeException.class).hasMessageContaining("RFC 7692");
        }
    }

    // ------------------------------------------------------------------ framing

    @Test
    void messagesRoundTripWithContextTakeoverAndGetSmaller() {
        DeflateCodec sender = new DeflateCodec(MAX, false, false);
        DeflateCodec receiver = new DeflateCodec(MAX, false, false);
        String text = "[2,\"1\",\"MeterValues\",{\"evseId\":1,\"meterValue\":[]}]";
        Frame first = sender.outgoing(text(text));
        Frame second = sender.outgoing(text(text));

        assertThat(first.isRsv1()).isTrue();
        // The second refers back to the first: context takeover makes it much smaller.
        assertThat(second.getPayloadLength()).isLessThan(first.getPayloadLength() / 2);
        assertThat(utf8(receiver.incoming(first))).isEqualTo(text);
        Frame inflated = receiver.incoming(second);
        assertThat(inflated.isRsv1()).isFalse();
        assertThat(utf8(inflated)).isEqualTo(text);
    }

    @Test
    void messagesRoundTripWithoutContextTakeover() {
        DeflateCodec sender = new DeflateCodec(MAX, true, false);
        DeflateCodec receiver = new DeflateCodec(MAX, false, true);
        for (String text : List.of("", "ü✓充", "[3,\"1\",{}]".repeat(100))) {
            Frame frame = sender.outgoing(text(text));
            // Each message stands alone: a fresh receiver can read it.
            assertThat(utf8(new DeflateCodec(MAX, false, false).incoming(frame))).isEqualTo(text);
            assertThat(utf8(receiver.incoming(frame))).isEqualTo(text);
        }
    }

    @Test
    void emptyMessageIsASingleZeroOctet() {
        // RFC 7692 §7.2.3.6: an empty message compresses to one 0x00 octet once the tail is removed.
        Frame frame = new DeflateCodec(MAX, false, false).outgoing(text(""));
        assertThat(frame.getPayloadData()).containsExactly(0x00);
    }

    @Test
    void fragmentedMessageHasRsv1OnItsFirstFrameOnlyAndRoundTrips() {
        DeflateCodec sender = new DeflateCodec(MAX, false, false);
        DeflateCodec receiver = new DeflateCodec(MAX, false, false);
        Frame a = sender.outgoing(Frame.builder().fin(false).opcode((byte) 1).payloadData(bytes("[2,\"1\",")).build());
        Frame b = sender.outgoing(Frame.builder().fin(true).opcode((byte) 0).payloadData(bytes("\"Heartbeat\",{}]"))
                .build());

        assertThat(a.isRsv1()).isTrue();
        assertThat(b.isRsv1()).isFalse();
        assertThat(utf8(receiver.incoming(a)) + utf8(receiver.incoming(b))).isEqualTo("[2,\"1\",\"Heartbeat\",{}]");
    }

    @Test
    void controlFramesAndUncompressedMessagesPassUntouched() {
        DeflateCodec codec = new DeflateCodec(MAX, false, false);
        Frame ping = Frame.builder().fin(true).opcode((byte) 9).payloadData(bytes("p")).build();
        Frame plain = text("[3,\"1\",{}]");

        assertThat(codec.outgoing(ping)).isSameAs(ping);
        assertThat(codec.incoming(ping)).isSameAs(ping);
        assertThat(codec.incoming(plain)).isSameAs(plain); // RSV1 clear: the sender chose not to compress
    }

    @Test
    void deflateBombStopsInflatingJustPastTheLimitAndBecomesA1009Close() {
        DeflateCodec codec = new DeflateCodec(MAX, false, false);
        byte[] bomb = deflate(new byte[64 * MAX]); // 4 MiB of zeros in a few KiB
        assertThat(bomb.length).isLessThan(MAX / 8);

        Frame result = codec.incoming(Frame.builder().fin(true).rsv1(true).opcode((byte) 1).payloadData(bomb).build());

        assertThat(result.getOpcode()).isEqualTo((byte) 8);
        assertThat(closeCode(result)).isEqualTo(1009);
        assertThat(codec.inflatedSoFar()).isGreaterThan(MAX).isLessThanOrEqualTo(MAX + 8192L);
        // Anything the peer sends after the bomb repeats the close, which makes Tyrus drop the connection.
        assertThat(codec.incoming(text("more")).getOpcode()).isEqualTo((byte) 8);
    }

    @Test
    void limitCountsTheWholeFragmentedMessage() {
        DeflateCodec sender = new DeflateCodec(Integer.MAX_VALUE, false, false);
        DeflateCodec receiver = new DeflateCodec(MAX, false, false);
        byte[] half = new byte[MAX / 2 + 1];
        Frame a = sender.outgoing(Frame.builder().fin(false).opcode((byte) 1).payloadData(half).build());
        Frame b = sender.outgoing(Frame.builder().fin(true).opcode((byte) 0).payloadData(half).build());

        assertThat(receiver.incoming(a).getOpcode()).isEqualTo((byte) 1);
        assertThat(closeCode(receiver.incoming(b))).isEqualTo(1009);
    }

    @Test
    void corruptCompressedDataBecomesA1007Close() {
        DeflateCodec codec = new DeflateCodec(MAX, false, false);
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

        Frame result = codec.incoming(Frame.builder().fin(true).rsv1(true).opcode((byte) 1).payloadData(garbage)
                .build());

        assertThat(closeCode(result)).isEqualTo(1007);
    }

    // ------------------------------------------------------------------ helpers

    /** The server's answer header element to {@code header}, or {@code null} if it declines every offer. */
    private static String answer(String header) {
        List<Extension> negotiated = PerMessageDeflate.negotiate(List.of(PerMessageDeflate.server(MAX)),
                offers(header));
        if (negotiated.isEmpty()) {
            return null;
        }
        ExtendedExtension e = (ExtendedExtension) negotiated.get(0);
        StringBuilder b = new StringBuilder(e.getName());
        for (Extension.Parameter p : e.onExtensionNegotiation(new Context(), null)) {
            b.append("; ").append(p.getName());
            if (p.getValue() != null) {
                b.append('=').append(p.getValue());
            }
        }
        return b.toString();
    }

    private static List<Extension> offers(String header) {
        return TyrusExtension.fromString(List.of(header));
    }

    private static List<Extension.Parameter> params(String header) {
        return offers("permessage-deflate; " + header).get(0).getParameters();
    }

    private static Frame text(String text) {
        return Frame.builder().fin(true).opcode((byte) 1).payloadData(bytes(text)).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(Frame frame) {
        return new String(frame.getPayloadData(), StandardCharsets.UTF_8);
    }

    private static int closeCode(Frame close) {
        assertThat(close.getOpcode()).isEqualTo((byte) 8);
        byte[] p = close.getPayloadData();
        return ((p[0] & 0xff) << 8) | (p[1] & 0xff);
    }

    /** Raw DEFLATE, sync-flushed, tail removed (RFC 7692 §7.2.1). */
    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            d.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            do {
                n = d.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] all = out.toByteArray();
            return java.util.Arrays.copyOf(all, all.length - 4);
        } finally {
            d.end();
        }
    }

    private static final class Context implements ExtendedExtension.ExtensionContext {
        private final Map<String, Object> properties = new HashMap<>();

        @Override
        public Map<String, Object> getProperties() {
            return properties;
        }
    }
}
