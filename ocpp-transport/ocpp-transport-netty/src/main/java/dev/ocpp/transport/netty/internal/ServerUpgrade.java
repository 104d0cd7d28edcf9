package dev.ocpp.transport.netty.internal;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.Handshakes;
import dev.ocpp.core.spi.support.HttpStatus;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.spi.support.Subprotocols;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's side of one TCP connection until its WebSocket upgrade: reads the upgrade request, asks the
 * {@link ServerConnectionHandler} for a decision, and carries it out: an HTTP error status without upgrade, or a
 * {@code 101} with exactly the decided subprotocol, after which it replaces itself with a {@link NettyConnection}.
 *
 * <p>What it answers on its own, without asking the handler: a path that is not {@code <path>/<one segment>} gets
 * 404 (the identity is the one last segment: OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1), a request that is not a
 * WebSocket upgrade gets 426; an upgrade request that breaks RFC 6455 §4.2.1 (no valid {@code Sec-WebSocket-Key},
 * a {@code Sec-WebSocket-Version} other than 13, an identity that does not percent-decode) gets 400 as
 * {@link Handshakes#checkUpgrade} decides, the same on every transport; an HTTP request Netty could not parse gets
 * 400. Every refusal closes the TCP connection once written: a station that was refused has nothing more to say on
 * it. Each refusal is one DEBUG line, peer text escaped; none logs a stack trace.
 *
 * <p>Failures before the upgrade (a refused TLS handshake, plain HTTP on a TLS port, a broken request) go to the
 * configuration's pre-upgrade failure listener.
 */
final class ServerUpgrade extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerUpgrade.class);

    /** How much of a refusal's reason (which may quote the peer's path) goes into its one log line. */
    private static final int LOGGED_REASON_LENGTH = 200;

    private final ServerTransportConfig config;
    private final ServerConnectionHandler handler;
    private final Consumer<NettyConnection> opened;
    private boolean upgraded;
    /** One report per connection: Netty signals a TLS failure both as an exception and as a handshake event. */
    private boolean reported;

    ServerUpgrade(ServerTransportConfig config, ServerConnectionHandler handler, Consumer<NettyConnection> opened) {
        super(true);
        this.config = config;
        this.handler = handler;
        this.opened = opened;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (upgraded) {
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            reportPreUpgrade(ctx, request.decoderResult().cause());
            refuse(ctx, 400, "Malformed HTTP request: " + request.decoderResult().cause(), Map.of());
            return;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String rawPath = query < 0 ? uri : uri.substring(0, query);
        if (!isIdentityPath(rawPath)) {
            refuse(ctx, 404, null, Map.of());
            return;
        }
        if (request.method() != HttpMethod.GET
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, 426, null, Map.of());
            return;
        }
        Map<String, List<String>> headers = headers(request);
        // Before the handler is asked: a malformed request is not a station to decide on. Also before Netty's
        // handshaker, which would take a missing version for the draft-00 protocol and throw on a missing key.
        Optional<Handshakes.Refusal> malformed = Handshakes.checkUpgrade(rawPath, config.path(), headers);
        if (malformed.isPresent()) {
            Handshakes.Refusal r = malformed.get();
            refuse(ctx, r.status(), r.reason() + " (path " + rawPath + ")", r.headers());
            return;
        }
        HandshakeRequest spiRequest = new HandshakeRequest(rawPath, Subprotocols.offered(headers), headers,
                address(ctx.channel().remoteAddress()), address(ctx.channel().localAddress()),
                peerCertificates(ctx));
        HandshakeDecision decision = Handshakes.decide(handler, spiRequest);
        if (!decision.accepted()) {
            refuse(ctx, decision.status(), decision.reason(), Map.of());
            return;
        }
        upgrade(ctx, request, spiRequest, decision, uri);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest spiRequest,
                         HandshakeDecision decision, String uri) {
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxMessageSize())
                .allowExtensions(config.perMessageDeflate())
                .expectMaskedFrames(true) // RFC 6455 §5.1: a client masks every frame
                .closeOnProtocolViolation(true)
                .build();
        String scheme = config.sslContext() != null ? "wss" : "ws";
        String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(scheme + "://" + host + uri,
                decision.subprotocol(), frames).newHandshaker(request);
        if (handshaker == null) {
            // Not expected after Handshakes.checkUpgrade; answered as it answers a version other than 13.
            refuse(ctx, 400, "WebSocket version not supported by the handshaker",
                    Map.of("Sec-WebSocket-Version", Handshakes.WEBSOCKET_VERSION));
            return;
        }
        BasicCredentials credentials = Handshakes.credentials(decision, spiRequest);
        ConnectionInfo info = new ConnectionInfo(decision.identity(), decision.subprotocol(), requestUri(uri),
                spiRequest.remoteAddress(), spiRequest.localAddress(), spiRequest.peerCertificates(),
                Optional.ofNullable(credentials));
        io.netty.channel.ChannelFuture handshake;
        try {
            handshake = handshaker.handshake(ctx.channel(), request);
        } catch (WebSocketServerHandshakeException e) {
            // Handshakes.checkUpgrade has let the request through; should Netty still refuse it, the peer gets a 400
            // and the log one line, not a stack trace.
            refuse(ctx, 400, "Upgrade request refused by the handshaker: " + e.getMessage(), Map.of());
            return;
        }
        upgraded = true;
        NettyConnection connection = new NettyConnection(ctx.channel(), info, config.maxMessageSize(),
                config.maxQueuedSends());
        handshake.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.debug("Upgrade response to {} could not be written", LogSafe.escape(decision.identity()),
                        done.cause());
                ctx.close();
                return;
            }
            // The handshaker has swapped the HTTP codec for the frame codec; frames now reach the connection.
            ctx.pipeline().addBefore(ctx.name(), "utf8", new Utf8FrameValidator(true));
            ctx.pipeline().replace(this, "ocpp", connection);
            opened.accept(connection);
            TransportListener listener;
            try {
                listener = Objects.requireNonNull(handler.onConnected(connection), "onConnected returned null");
            } catch (RuntimeException e) {
                LOG.error("Connection handler failed for {}; closing the connection",
                        LogSafe.escape(decision.identity()), e);
                connection.start(new TransportListener() { }, java.time.Duration.ZERO, config.pongTimeout());
                connection.close(1011, "Internal error");
                return;
            }
            connection.start(listener, config.pingInterval(), config.pongTimeout());
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            reportPreUpgrade(ctx, tls.cause());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reportPreUpgrade(ctx, cause);
        ctx.close();
    }

    private void reportPreUpgrade(ChannelHandlerContext ctx, Throwable cause) {
        if (reported || upgraded) {
            return;
        }
        reported = true;
        try {
            config.preUpgradeFailureListener().accept(address(ctx.channel().remoteAddress()), cause);
        } catch (RuntimeException e) {
            LOG.warn("Pre-upgrade failure listener failed", e);
        }
    }

    /** Whether {@code rawPath} is the configured path followed by exactly one non-empty segment. */
    private boolean isIdentityPath(String rawPath) {
        String prefix = config.path() + "/";
        if (!rawPath.startsWith(prefix) || rawPath.length() == prefix.length()) {
            return false;
        }
        return rawPath.indexOf('/', prefix.length()) < 0;
    }

    private static void refuse(ChannelHandlerContext ctx, int status, String reason, Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(status, HttpStatus.reasonPhrase(status)), Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == 401) {
            // RFC 7235 §3.1: a 401 names the scheme it wants.
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"OCPP\"");
        } else if (status == 426) {
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        headers.forEach((name, value) -> response.headers().set(name, value));
        LOG.debug("Upgrade from {} refused with {}{}", ctx.channel().remoteAddress(), status,
                reason == null || reason.isEmpty() ? "" : ": " + LogSafe.escape(reason, LOGGED_REASON_LENGTH));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static Map<String, List<String>> headers(FullHttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return headers;
    }

    private static List<X509Certificate> peerCertificates(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : tls.engine().getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // no client certificate (profile 2)
        }
    }

    private static InetSocketAddress address(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i ? i : null;
    }

    private static URI requestUri(String uri) {
        try {
            return URI.create(uri);
        } catch (IllegalArgumentException e) {
            return URI.create("/");
        }
    }
}
