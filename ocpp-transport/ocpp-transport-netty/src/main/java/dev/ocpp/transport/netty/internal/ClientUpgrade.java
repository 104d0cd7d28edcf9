package dev.ocpp.transport.netty.internal;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The client's side of one TCP connection until its WebSocket upgrade: sends the upgrade request once the socket
 * (and TLS) is up, then reads the answer. A {@code 101} that checks out (RFC 6455 §4.2.2: accept key, and a
 * subprotocol only from those offered) replaces this handler with a {@link NettyConnection}, delivers {@code onOpen},
 * and completes the connect stage; any other status fails the stage with a {@link HandshakeRejectedException}; a
 * connection that ends or fails first fails it with an {@link IOException} carrying the cause (the TLS alert, say).
 */
final class ClientUpgrade extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final ClientTransportConfig config;
    private final WebSocketClientHandshaker handshaker;
    private final TransportListener listener;
    private final CompletableFuture<TransportConnection> result;
    private Throwable failure;

    ClientUpgrade(ClientTransportConfig config, WebSocketClientHandshaker handshaker, TransportListener listener,
                  CompletableFuture<TransportConnection> result) {
        this.config = config;
        this.handshaker = handshaker;
        this.listener = listener;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // With TLS the request waits in the TLS handler until its handshake is done.
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, new IOException("Could not send the upgrade request to " + config.uri(), f.cause()));
            }
        });
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (result.isDone()) {
            return;
        }
        if (!response.decoderResult().isSuccess()) {
            // Netty's decoder passes on what it made of bytes that are not HTTP (status 999) or of an answer the
            // server cut short by closing (the headers read so far). Neither is the server's answer to the upgrade:
            // reported as a refusal, core would log an HTTP status the server never sent.
            fail(ctx, new IOException("No valid HTTP answer from " + config.uri() + " before the WebSocket upgrade: "
                    + response.decoderResult().cause().getMessage(), response.decoderResult().cause()));
            return;
        }
        int status = response.status().code();
        if (status != 101) {
            fail(ctx, new HandshakeRejectedException(status, "The server at " + config.uri() + " answered "
                    + response.status() + " to the WebSocket upgrade"));
            return;
        }
        String answered = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (answered == null && !config.subprotocols().isEmpty()) {
            // A server that serves none of the offered subprotocols answers without the header, and the SPI opens
            // the connection all the same (the engine then closes it, OCPP-J 1.6 §3.1.2). Netty's handshaker would
            // refuse the answer; it is given an offered subprotocol to check instead, and none is reported.
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, config.subprotocols().get(0));
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (RuntimeException e) {
            fail(ctx, new IOException("Invalid upgrade response from " + config.uri() + ": " + e.getMessage(), e));
            return;
        }
        String subprotocol = answered == null ? null : handshaker.actualSubprotocol();
        ConnectionInfo info = new ConnectionInfo(
                StationIdentities.lastSegment(config.uri().getRawPath()).orElse(""),
                subprotocol == null || subprotocol.isEmpty() ? null : subprotocol,
                config.uri(), address(ctx.channel().remoteAddress()), address(ctx.channel().localAddress()),
                List.of(), Optional.ofNullable(config.credentials()));
        NettyConnection connection = new NettyConnection(ctx.channel(), info, config.maxMessageSize(),
                config.maxQueuedSends());
        ctx.pipeline().addBefore(ctx.name(), "utf8", new Utf8FrameValidator(true));
        ctx.pipeline().replace(this, "ocpp", connection);
        connection.start(listener, config.pingInterval(), config.pongTimeout());
        result.complete(connection);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            failure = tls.cause();
            fail(ctx, tls.cause() instanceof SSLException ssl ? ssl
                    : new IOException("TLS handshake with " + config.uri() + " failed", tls.cause()));
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        // A TLS failure is passed on as it is (its type is what callers test); any other failure, a reset say, is
        // named as happening before the upgrade, which the bare socket error ("Connection reset by peer") does not say.
        fail(ctx, cause instanceof SSLException ssl ? ssl
                : new IOException("Connection to " + config.uri() + " failed before the WebSocket upgrade: "
                        + cause.getMessage(), cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, new IOException("The connection to " + config.uri() + " was closed before the WebSocket upgrade", failure));
        super.channelInactive(ctx);
    }

    /** Fails the connect stage (first failure wins) and closes the socket. */
    void fail(ChannelHandlerContext ctx, IOException cause) {
        if (result.completeExceptionally(cause)) {
            ctx.close();
        }
    }

    private static InetSocketAddress address(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i : null;
    }
}
