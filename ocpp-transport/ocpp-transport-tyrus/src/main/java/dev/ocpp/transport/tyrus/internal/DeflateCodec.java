package dev.ocpp.transport.tyrus.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * The permessage-deflate state of one connection: compresses outgoing data messages and decompresses incoming ones
 * (RFC 7692 §6 and §7.2), with a {@link Deflater} for one direction and an {@link Inflater} for the other, both raw
 * DEFLATE (no zlib header, RFC 7692 §7.2.1).
 *
 * <p>Tyrus hands frames over one at a time: incoming frames on the connection's reading thread, outgoing data frames
 * under the lock of its protocol handler, control frames of either direction from other threads too. Control frames
 * are never compressed (RFC 7692 §6), so they pass untouched; each direction keeps its own state and lock. The
 * compressors are made on first use, so that a handshake that is refused after the extension was negotiated costs no
 * native memory.
 *
 * <p>The decompressed size of an incoming message is counted while inflating and checked against the message limit,
 * so a small compressed frame cannot expand into an arbitrarily large buffer (a "deflate bomb"): inflating stops as
 * soon as the limit is passed, and the frame is replaced by a close frame with 1009 (RFC 6455 §7.4.1), which Tyrus
 * processes as the peer's close: it reports 1009 to the endpoint (the transport turns that into {@code onFailure}
 * and {@code onClosed} 1009) and answers with a 1009 close frame. Tyrus offers an extension no other way to fail a
 * connection: an exception thrown here is only logged.
 */
final class DeflateCodec {

    /** The end of a sync flush, stripped by the sender and restored by the receiver (RFC 7692 §7.2.1, §7.2.2). */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private static final byte OPCODE_CONTINUATION = 0x0;
    private static final byte OPCODE_CLOSE = 0x8;
    private static final int CHUNK = 8192;

    private final int maxMessageSize;
    /** No context takeover for what this side sends: a fresh compressor per message (RFC 7692 §7.1.1). */
    private final boolean resetOutgoing;
    /** No context takeover for what the peer sends: its messages refer to no earlier ones (RFC 7692 §7.1.1). */
    private final boolean resetIncoming;

    private final Object sending = new Object();
    private final Object receiving = new Object();
    /** Guarded by {@link #sending}. */
    private Deflater deflater;
    /** Guarded by {@link #receiving}. */
    private Inflater inflater;
    /** Guarded by {@link #receiving}: the incoming message under way has RSV1 set on its first frame. */
    private boolean incomingCompressed;
    /** Guarded by {@link #receiving}: bytes the incoming message under way has inflated to so far. */
    private long inflatedSoFar;
    /** Guarded by {@link #receiving}: the close frame that replaced an incoming message; everything after it too. */
    private Frame failed;
    /** Guarded by both locks (set under each): {@link #end()} was called. */
    private boolean ended;

    /**
     * @param maxMessageSize the largest incoming message, in decompressed bytes
     * @param resetOutgoing  whether this side compresses each message on its own (its no_context_takeover)
     * @param resetIncoming  whether the peer compresses each message on its own (the peer's no_context_takeover)
     */
    DeflateCodec(int maxMessageSize, boolean resetOutgoing, boolean resetIncoming) {
        this.maxMessageSize = maxMessageSize;
        this.resetOutgoing = resetOutgoing;
        this.resetIncoming = resetIncoming;
    }

    /** An outgoing frame as it goes on the wire: data frames compressed, the first one marked with RSV1. */
    Frame outgoing(Frame frame) {
        if (frame.isControlFrame()) {
            return frame; // RFC 7692 §6: only data messages are compressed
        }
        synchronized (sending) {
            if (ended) {
                return frame;
            }
            if (deflater == null) {
                deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            }
            deflater.setInput(frame.getPayloadData());
            // SYNC_FLUSH ends the output on a byte boundary with an empty stored block, so that the receiver can
            // decompress each frame as it arrives (RFC 7692 §7.2.1); the block's last four octets are implied.
            byte[] compressed = drain(deflater);
            if (frame.isFin()) {
                compressed = stripTail(compressed);
                if (resetOutgoing) {
                    deflater.reset();
                }
            }
            return Frame.builder(frame)
                    // RFC 7692 §6: RSV1 marks a compressed message on its first frame only.
                    .rsv1(frame.getOpcode() != OPCODE_CONTINUATION)
                    .payloadData(compressed)
                    .build();
        }
    }

    /**
     * An incoming frame as Tyrus should process it: frames of a compressed message decompressed with RSV1 cleared,
     * anything else unchanged (Tyrus itself refuses RSV1 where RFC 7692 §6.1 does not allow it: on a control frame or a
     * continuation frame). Replaced by a close frame when the message exceeds the limit (1009) or does not inflate
     * (1007).
     */
    Frame incoming(Frame frame) {
        if (frame.isControlFrame()) {
            return frame;
        }
        synchronized (receiving) {
            if (failed != null) {
                // Tyrus has seen the close; a second one makes it drop the connection rather than read on.
                return failed;
            }
            if (ended) {
                return frame;
            }
            if (frame.getOpcode() != OPCODE_CONTINUATION) {
                incomingCompressed = frame.isRsv1(); // RFC 7692 §6: the sender may leave a message uncompressed
                inflatedSoFar = 0;
            } else if (frame.isRsv1()) {
                return frame; // RFC 7692 §6.1: RSV1 on a continuation frame; Tyrus fails the connection (1002)
            }
            if (!incomingCompressed) {
                return frame;
            }
            try {
                byte[] inflated = inflate(frame.getPayloadData(), frame.isFin());
                if (inflated == null) {
                    failed = close(1009, "Message larger than " + maxMessageSize + " bytes");
                    return failed;
                }
                return Frame.builder(frame).rsv1(false).payloadData(inflated).build();
            } catch (DataFormatException e) {
                failed = close(1007, "Invalid compressed data");
                return failed;
            }
        }
    }

    /** How far the last incoming compressed message was inflated; for tests of the limit. */
    long inflatedSoFar() {
        synchronized (receiving) {
            return inflatedSoFar;
        }
    }

    /** Releases the native memory of the compressors; frames after this pass untouched. */
    void end() {
        synchronized (sending) {
            ended = true;
            if (deflater != null) {
                deflater.end();
            }
        }
        synchronized (receiving) {
            ended = true;
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    /**
     * Inflates one frame's payload, and at the end of the message the implied sync-flush tail (RFC 7692 §7.2.2).
     * Returns {@code null} as soon as the message has inflated beyond the limit, having produced at most one chunk
     * more than the limit.
     */
    private byte[] inflate(byte[] payload, boolean fin) throws DataFormatException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(CHUNK, Math.max(64, payload.length * 4)));
        byte[] chunk = new byte[CHUNK];
        if (!inflateInput(payload, out, chunk)) {
            return null;
        }
        if (fin) {
            if (!inflater.finished() && !inflateInput(TAIL, out, chunk)) {
                return null;
            }
            // A sender may end a message with a final block (BFINAL): the stream is over and the next message starts
            // a new one. Without context takeover, every message starts fresh anyway.
            if (resetIncoming || inflater.finished()) {
                inflater.reset();
            }
        }
        return out.toByteArray();
    }

    /** Feeds {@code input} to the inflater and collects the output; {@code false} once over the limit. */
    private boolean inflateInput(byte[] input, ByteArrayOutputStream out, byte[] chunk)
            throws DataFormatException {
        inflater.setInput(input);
        while (!inflater.finished()) {
            int n = inflater.inflate(chunk);
            if (n > 0) {
                inflatedSoFar += n;
                if (inflatedSoFar > maxMessageSize) {
                    return false; // stop here: the rest of the bomb is never inflated
                }
                out.write(chunk, 0, n);
            } else {
                break; // with room to write, nothing out means the input is used up (or wants a dictionary)
            }
        }
        return true;
    }

    /** Everything the deflater has for its current input, sync-flushed. */
    private static byte[] drain(Deflater deflater) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        while (true) {
            int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
            // A full chunk may mean more output is pending; a partly filled one means the flush is complete.
            if (n < chunk.length) {
                return out.toByteArray();
            }
        }
    }

    /** A sync flush always ends with the tail; RFC 7692 §7.2.1 removes it from the message. */
    private static byte[] stripTail(byte[] compressed) {
        int n = compressed.length;
        if (n >= TAIL.length && Arrays.equals(compressed, n - TAIL.length, n, TAIL, 0, TAIL.length)) {
            return Arrays.copyOf(compressed, n - TAIL.length);
        }
        return compressed;
    }

    private static Frame close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return Frame.builder().fin(true).opcode(OPCODE_CLOSE).payloadData(payload).build();
    }
}
