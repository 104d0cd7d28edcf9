package dev.ocpp.transport.tyrus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;
import org.junit.jupiter.api.Test;

/** Frame-header accounting of {@link MessageSizeGuard}, however the bytes are cut into reads. */
class MessageSizeGuardTest {

    private static final int MAX = 300;

    /** Stands in for Tyrus' connection: records what gets through and how it was closed. */
    private static final class FakeConnection implements Connection {
        final ByteArrayOutputStream passed = new ByteArrayOutputStream();
        final List<CloseReason> closes = new ArrayList<>();

        @Override
        public ReadHandler getReadHandler() {
            return data -> {
                while (data.hasRemaining()) {
                    passed.write(data.get());
                }
            };
        }

        @Override
        public Writer getWriter() {
            return null;
        }

        @Override
        public CloseListener getCloseListener() {
            return null;
        }

        @Override
        public void close(CloseReason reason) {
            closes.add(reason);
        }
    }

    private static byte[] frame(int opcode, boolean fin, int length, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            f.write(mask | length);
        } else if (length < 65536) {
            f.write(mask | 126);
            f.write(length >> 8);
            f.write(length);
        } else {
            f.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) length >> (8 * i)));
            }
        }
        if (masked) {
            f.write(new byte[] {1, 2, 3, 4}, 0, 4);
        }
        f.write(new byte[length], 0, length);
        return f.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p, 0, p.length);
        }
        return all.toByteArray();
    }

    private static FakeConnection feed(byte[] bytes, int chunk) {
        FakeConnection fake = new FakeConnection();
        ReadHandler guard = MessageSizeGuard.guard(fake, MAX, null).getReadHandler();
        for (int i = 0; i < bytes.length; i += chunk) {
            guard.handle(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        return fake;
    }

    @Test
    void framesWithinTheLimitPassUnchangedWhateverTheReadSizes() {
        byte[] stream = concat(frame(1, true, MAX, true), frame(9, true, 10, true), frame(1, false, 200, true),
                frame(0, true, 100, true), frame(2, true, 0, false));
        for (int chunk : new int[] {1, 2, 3, 7, 64, stream.length}) {
            FakeConnection fake = feed(stream, chunk);
            assertThat(fake.passed.toByteArray()).as("chunk %d", chunk).isEqualTo(stream);
            assertThat(fake.closes).isEmpty();
        }
    }

    @Test
    void oversizeFrameIsRefusedFromItsHeaderAndEarlierFramesStillPass() {
        byte[] ok = frame(1, true, 50, true);
        byte[] stream = concat(ok, frame(1, true, 70_000, true));
        for (int chunk : new int[] {1, 5, 1000}) {
            FakeConnection fake = feed(stream, chunk);
            assertThat(fake.closes).as("chunk %d", chunk).hasSize(1);
            assertThat(fake.closes.get(0).getCloseCode().getCode()).isEqualTo(1009);
            assertThat(fake.passed.toByteArray()).as("only the first frame passes").hasSizeLessThanOrEqualTo(
                    ok.length + 14);
            assertThat(java.util.Arrays.copyOf(fake.passed.toByteArray(), ok.length)).isEqualTo(ok);
        }
    }

    @Test
    void continuationFramesAddUpButControlFramesDoNot() {
        byte[] within = concat(frame(1, false, 150, true), frame(10, true, 100, true), frame(0, true, 150, true));
        assertThat(feed(within, 9).closes).isEmpty();

        byte[] over = concat(frame(1, false, 150, true), frame(0, false, 150, true), frame(0, true, 1, true));
        assertThat(feed(over, 9).closes).hasSize(1);
    }

    @Test
    void newMessageStartsCountingAfresh() {
        byte[] stream = concat(frame(1, true, MAX, true), frame(1, true, MAX, true), frame(2, true, MAX, true));
        assertThat(feed(stream, 33).closes).isEmpty();
    }

    @Test
    void lengthWithTheTopBitSetIsRefused() {
        byte[] header = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        assertThat(feed(header, 3).closes).hasSize(1);
    }

    private static FakeConnection feedServer(byte[] bytes, int chunk) {
        FakeConnection fake = new FakeConnection();
        ReadHandler guard = MessageSizeGuard.guardServer(fake, MAX).getReadHandler();
        for (int i = 0; i < bytes.length; i += chunk) {
            guard.handle(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        return fake;
    }

    @Test
    void onTheServerAnUnmaskedDataOrControlFrameIsRefusedWith1002AndEarlierFramesStillPass() {
        byte[] ok = frame(1, true, 20, true);
        for (int unmaskedOpcode : new int[] {1, 0, 9, 10, 8}) {
            byte[] stream = concat(ok, frame(unmaskedOpcode, true, 5, false), frame(1, true, 5, true));
            for (int chunk : new int[] {1, 3, stream.length}) {
                FakeConnection fake = feedServer(stream, chunk);
                assertThat(fake.closes).as("opcode %d, chunk %d", unmaskedOpcode, chunk).hasSize(1);
                assertThat(fake.closes.get(0).getCloseCode().getCode()).isEqualTo(1002);
                assertThat(java.util.Arrays.copyOf(fake.passed.toByteArray(), ok.length)).isEqualTo(ok);
                assertThat(fake.passed.size()).as("nothing of the unmasked frame's payload passes")
                        .isLessThanOrEqualTo(ok.length + 2);
            }
        }
    }

    @Test
    void onTheServerABinaryMessageIsRefusedWith1003() {
        byte[] stream = concat(frame(1, true, 20, true), frame(2, true, 5, true));
        for (int chunk : new int[] {1, 4, stream.length}) {
            FakeConnection fake = feedServer(stream, chunk);
            assertThat(fake.closes).as("chunk %d", chunk).hasSize(1);
            assertThat(fake.closes.get(0).getCloseCode().getCode()).isEqualTo(1003);
        }
    }

    @Test
    void onTheServerMaskedTextAndControlFramesPass() {
        byte[] stream = concat(frame(1, false, 100, true), frame(9, true, 4, true), frame(0, true, 100, true),
                frame(10, true, 0, true), frame(8, true, 2, true));
        for (int chunk : new int[] {1, 7, stream.length}) {
            FakeConnection fake = feedServer(stream, chunk);
            assertThat(fake.closes).as("chunk %d", chunk).isEmpty();
            assertThat(fake.passed.toByteArray()).isEqualTo(stream);
        }
    }
}
