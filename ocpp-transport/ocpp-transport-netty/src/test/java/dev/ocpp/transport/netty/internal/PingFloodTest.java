package dev.ocpp.transport.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends pings but does not read cannot make pongs pile up in memory: a ping is answered only while the
 * socket takes writes (RFC 6455 §5.5.3 allows answering just the latest ping).
 */
class PingFloodTest {

    private static final ConnectionInfo INFO = new ConnectionInfo("CP1", "ocpp1.6", URI.create("/ocpp/CP1"), null,
            null, List.of(), Optional.empty());

    @Test
    void pingsAreAnsweredWhileTheSocketTakesWrites() {
        EmbeddedChannel channel = connection();

        channel.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));

        Object answer = channel.readOutbound();
        assertThat(answer).isInstanceOf(PongWebSocketFrame.class);
        ((PongWebSocketFrame) answer).release();
        channel.finishAndReleaseAll();
    }

    @Test
    void pingsAreNotAnsweredWhileThePeerDoesNotReadSoNothingPilesUp() {
        EmbeddedChannel channel = connection();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        // A write the peer has not taken yet, over the high-water mark: the socket is full.
        ByteBuf pending = Unpooled.wrappedBuffer(new byte[64]);
        channel.write(pending);
        assertThat(channel.isWritable()).isFalse();

        for (int i = 0; i < 1000; i++) {
            channel.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
        }

        channel.flush();
        List<Object> written = new java.util.ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            written.add(o);
        }
        assertThat(written).as("what went out").containsExactly(pending);
        pending.release();
        channel.finishAndReleaseAll();
    }

    private static EmbeddedChannel connection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        NettyConnection connection = new NettyConnection(channel, INFO, 1 << 20, 100);
        channel.pipeline().addLast(connection);
        connection.start(new TransportListener() { }, Duration.ZERO, Duration.ofSeconds(10));
        return channel;
    }
}
