package dev.ocpp.transport.tyrus.internal;

import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Refuses an incoming message as soon as its frame headers announce more than the limit, before any of it is
 * buffered, and closes the connection with 1009 (RFC 6455 §7.4.1).
 *
 * <p>Tyrus alone cannot do this: it buffers a whole frame before looking at it, checks a single-frame text against no
 * limit at all, and a frame beyond its incoming buffer closes the connection with 1011 instead of 1009. This reader
 * sits in front of Tyrus' own: it follows frame boundaries (header bytes only; payloads are skipped, not copied) and
 * adds up the payload lengths of a message's data frames. Everything up to the first offending frame is passed to
 * Tyrus, so earlier messages are still delivered.
 *
 * <p>On the server ({@link #guardServer}) it also enforces what RFC 6455 asks of a client's frames, from the same
 * headers, since Tyrus does not: a frame without the MASK bit, data or control, closes the connection with 1002
 * (§5.1: the server must close on an unmasked frame; §5.2), and a binary message closes it with 1003 (§7.4.1:
 * data of a type the endpoint cannot accept; OCPP-J messages are text). Tyrus would accept the unmasked frame, and
 * answer the binary one with 1011 since the OCPP endpoint has no binary handler.
 */
public final class MessageSizeGuard implements ReadHandler {

    private final ReadHandler delegate;
    private final Connection connection;
    private final long maxMessageSize;
    private final Runnable refusal;
    /** Whether the peer is a client, whose frames RFC 6455 §5.1 requires masked and OCPP-J requires text. */
    private final boolean clientPeer;
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private long payloadLeft;
    private long messageLength;
    private boolean refused;

    private MessageSizeGuard(Connection connection, long maxMessageSize, Runnable refusal, boolean clientPeer) {
        this.delegate = connection.getReadHandler();
        this.connection = connection;
        this.maxMessageSize = maxMessageSize;
        this.refusal = refusal;
        this.clientPeer = clientPeer;
    }

    /**
     * The server side of {@code connection}, its reader guarded: oversize messages close it with 1009, unmasked
     * frames with 1002 and binary messages with 1003 (see the class description).
     */
    public static Connection guardServer(Connection connection, long maxMessageSize) {
        return wrap(connection, new MessageSizeGuard(connection, maxMessageSize, null, true));
    }

    /**
     * {@code connection} with its reader guarded.
     *
     * @param refusal what to do on an oversize message; {@code null} closes {@code connection} with 1009, which is
     *                right on the server (Tyrus sends the close frame, then drops TCP)
     */
    public static Connection guard(Connection connection, long maxMessageSize, Runnable refusal) {
        return wrap(connection, new MessageSizeGuard(connection, maxMessageSize, refusal, false));
    }

    private static Connection wrap(Connection connection, MessageSizeGuard guard) {
        return new Connection() {
            @Override
            public ReadHandler getReadHandler() {
                return guard;
            }

            @Override
            public Writer getWriter() {
                return connection.getWriter();
            }

            @Override
            public CloseListener getCloseListener() {
                return connection.getCloseListener();
            }

            @Override
            public void close(CloseReason reason) {
                connection.close(reason);
            }
        };
    }

    /** Called by the container for one connection at a time, in order. */
    @Override
    public void handle(ByteBuffer data) {
        if (refused) {
            return; // the rest of the oversize message, or anything after it: dropped
        }
        int start = data.position();
        int end = data.limit();
        int pos = start;
        int frameStart = start;
        while (pos < end) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, end - pos);
                pos += (int) skip;
                payloadLeft -= skip;
                continue;
            }
            if (headerLength == 0) {
                frameStart = pos;
            }
            header[headerLength++] = data.get(pos++);
            if (headerLength == 2) {
                int lengthCode = header[1] & 0x7f;
                boolean masked = (header[1] & 0x80) != 0;
                headerNeeded = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + (masked ? 4 : 0);
                if (clientPeer && !masked) {
                    refuse(data, start, frameStart, new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR,
                            "Unmasked frame from a client"));
                    return;
                }
                if (clientPeer && (header[0] & 0x0f) == 0x2) {
                    refuse(data, start, frameStart, new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT,
                            "Binary messages are not supported"));
                    return;
                }
            }
            if (headerLength < headerNeeded) {
                continue;
            }
            long length = payloadLength();
            int opcode = header[0] & 0x0f;
            headerLength = 0;
            headerNeeded = 2;
            payloadLeft = length;
            if (opcode < 8) { // a data frame: text, binary or continuation; control frames do not count
                messageLength = opcode == 0 ? messageLength + length : length;
                if (messageLength > maxMessageSize || length < 0) {
                    refuse(data, start, frameStart, null);
                    return;
                }
            }
        }
        delegate.handle(data);
    }

    private long payloadLength() {
        int lengthCode = header[1] & 0x7f;
        if (lengthCode < 126) {
            return lengthCode;
        }
        int bytes = lengthCode == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (header[2 + i] & 0xff);
        }
        return length; // negative if the peer set the top bit, which RFC 6455 §5.2 forbids
    }

    /** Passes on what came before the offending frame, then closes with {@code reason}, or as too big if null. */
    private void refuse(ByteBuffer data, int start, int frameStart, CloseReason reason) {
        refused = true;
        if (frameStart > start) {
            ByteBuffer before = data.duplicate();
            before.position(start).limit(frameStart);
            delegate.handle(before.slice());
        }
        if (reason != null) {
            connection.close(reason);
        } else if (refusal != null) {
            refusal.run();
        } else {
            connection.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                    "Message larger than " + maxMessageSize + " bytes"));
        }
    }
}
