package dev.ocpp.examples.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The issue-14 baseline: a plain Netty WebSocket server that writes every text frame straight back without looking
 * at it. Served at {@code /ocpp/<identity>} with the OCPP subprotocols agreed, so that the load clients send and
 * receive exactly the same bytes as against the OCPP servers. It is what the typed RPC path on Netty is measured
 * against: the difference is the cost of OCPP (parsing, validation, typed dispatch, serialising), not of Netty.
 *
 * <p>One event-loop thread by default: the harness gives the server one core, and more threads there would only
 * add hand-offs. Native epoll when available, NIO otherwise. Closing stops the event loops.
 */
public final class NettyEchoServer implements AutoCloseable {

    /** Large enough for any OCPP message the harness sends; the echo never sees more than a Heartbeat. */
    private static final int MAX_FRAME = 64 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final String host;

    private NettyEchoServer(EventLoopGroup group, Channel listener, String host) {
        this.group = group;
        this.listener = listener;
        this.host = host;
    }

    /**
     * Starts the echo on {@code host:port} (port 0: any free port).
     *
     * @param threads event-loop threads, accepting and serving connections alike
     */
    public static NettyEchoServer start(String host, int port, int threads) throws IOException {
        EventLoopGroup group = NettyLoops.group(threads, "netty-echo");
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NettyLoops.serverChannel())
                    // The conns mode connects thousands of stations in batches; a deep backlog absorbs each batch.
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(),
                                    new HttpObjectAggregator(8192),
                                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                            .websocketPath("/ocpp")
                                            // Any /ocpp/<identity> path, as the OCPP servers accept.
                                            .checkStartsWith(true)
                                            .subprotocols("ocpp1.6,ocpp2.0.1")
                                            .maxFramePayloadLength(MAX_FRAME)
                                            .build()),
                                    Echo.INSTANCE);
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            return new NettyEchoServer(group, ch, host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("Interrupted while binding the Netty echo", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("Could not bind the Netty echo to " + host + ":" + port, e);
        }
    }

    /** The endpoint without the identity. */
    public URI endpoint() {
        return URI.create("ws://" + host + ":" + ((InetSocketAddress) listener.localAddress()).getPort() + "/ocpp");
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Writes the received frame itself back: no copy, no decoding of the text. Stateless, so shared. */
    @ChannelHandler.Sharable
    private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        static final Echo INSTANCE = new Echo();

        Echo() {
            // The frame is handed on to the write, which releases it; the base class must not release it too.
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(frame).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A broken connection ends that connection only; the load side counts it as an error.
            ctx.close();
        }
    }
}
