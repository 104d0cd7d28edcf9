package dev.ocpp.transport.netty.internal;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The client side: an event-loop group created with the first connection and stopped by {@link #close()}, and the
 * channels it opened, so that closing can end them.
 */
public final class NettyClients {

    /** The largest upgrade response taken; a refusal may carry a small body. */
    private static final int MAX_UPGRADE_RESPONSE = 64 * 1024;

    private final int ioThreads;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private EventLoopGroup group;
    private boolean closed;

    /** @param ioThreads how many event-loop threads serve all connections of this client */
    public NettyClients(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("at least one I/O thread: " + ioThreads);
        }
        this.ioThreads = ioThreads;
    }

    private synchronized EventLoopGroup group() {
        if (closed) {
            throw new IllegalStateException("This client transport is closed");
        }
        if (group == null) {
            group = IoFlavour.best().newGroup(ioThreads, "ocpp-netty-client");
        }
        return group;
    }

    /** See {@link dev.ocpp.core.spi.TransportClientFactory#connect}. */
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        CompletableFuture<TransportConnection> result = new CompletableFuture<>();
        URI uri = config.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            return CompletableFuture.failedFuture(new IOException("Not a WebSocket URL: " + uri));
        }
        if (uri.getHost() == null) {
            return CompletableFuture.failedFuture(new IOException("No host in " + uri));
        }
        boolean secure = scheme.equals("wss");
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        EventLoopGroup loops;
        SSLContext tls;
        try {
            loops = group();
            tls = secure ? (config.sslContext() != null ? config.sslContext() : SSLContext.getDefault()) : null;
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            return CompletableFuture.failedFuture(new IOException("No default TLS context", e));
        }
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, config.subprotocols().isEmpty() ? null : String.join(",", config.subprotocols()),
                config.perMessageDeflate(), headers(config), config.maxMessageSize(), true, false, -1L, false, false);
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(IoFlavour.best().clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.connectTimeout().toMillis())))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast("tls", new SslHandler(engine(tls, host, port)));
                        }
                        p.addLast("http", new HttpClientCodec());
                        p.addLast("aggregate", new HttpObjectAggregator(MAX_UPGRADE_RESPONSE));
                        if (config.perMessageDeflate()) {
                            // Offers permessage-deflate with no parameters (RFC 7692 §7.1): full windows, contexts
                            // kept; the inflated size of each message is bounded by the message limit.
                            p.addLast("deflate", new WebSocketClientExtensionHandler(
                                    new PerMessageDeflateClientExtensionHandshaker(6, false, 15, false, false,
                                            config.maxMessageSize())));
                        }
                        p.addLast("upgrade", new ClientUpgrade(config, handshaker, listener, result));
                    }
                });
        try {
            bootstrap.connect(host, port).addListener(f -> {
                if (!f.isSuccess()) {
                    Throwable cause = f.cause();
                    result.completeExceptionally(cause instanceof IOException io ? io
                            : new IOException("Could not connect to " + uri, cause));
                    return;
                }
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                channels.add(ch);
                ch.closeFuture().addListener(c -> channels.remove(ch));
                // The whole upgrade, TLS included, within the connect timeout.
                ch.eventLoop().schedule(() -> {
                    if (result.completeExceptionally(new IOException("No WebSocket upgrade from " + uri + " within "
                            + config.connectTimeout().toMillis() + " ms"))) {
                        ch.close();
                    }
                }, config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
                synchronized (this) {
                    if (closed) {
                        ch.close(); // close() ran between the connect and now
                    }
                }
            });
        } catch (RuntimeException e) { // the group was shut down meanwhile
            result.completeExceptionally(new IllegalStateException("This client transport is closed", e));
        }
        return result;
    }

    /** The server's host name is checked against its certificate (RFC 2818), as any TLS client should. */
    private static SSLEngine engine(SSLContext context, String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static HttpHeaders headers(ClientTransportConfig config) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue());
        }
        if (config.credentials() != null) {
            headers.set(HttpHeaderNames.AUTHORIZATION, config.credentials().toHeaderValue());
        }
        return headers;
    }

    /**
     * Drops every open connection (their listeners get {@code onClosed} 1006) and stops the event loop; returns when
     * its thread has ended. Idempotent.
     */
    public void close() {
        EventLoopGroup g;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            g = group;
        }
        for (Channel ch : channels) {
            NettyConnection c = ch.pipeline().get(NettyConnection.class);
            if (c != null) {
                c.abort();
            } else {
                ch.close();
            }
        }
        if (g != null) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
