package dev.ocpp.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.transport.netty.internal.IoFlavour;
import org.junit.jupiter.api.Test;

/**
 * The transport runs on the I/O it is meant to: NIO when {@code ocpp.netty.nio} asks for it (the suite's NIO run),
 * and, where the build says which to expect ({@code ocpp.netty.expectedIo}, EPOLL in CI on Linux x86_64), that one,
 * so that a native library that fails to load cannot quietly make every test an NIO test.
 */
class NettyIoFlavourTest {

    @Test
    void theTransportRunsOnTheIoThisRunExpects() {
        if (Boolean.getBoolean("ocpp.netty.nio")) {
            assertThat(IoFlavour.best()).isEqualTo(IoFlavour.NIO);
            return;
        }
        String expected = System.getProperty("ocpp.netty.expectedIo", "any");
        if (!expected.equals("any")) {
            assertThat(IoFlavour.best()).isEqualTo(IoFlavour.valueOf(expected));
        }
    }
}
