package dev.ocpp.transport.netty.internal;

import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.support.ConnectionGate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Netty server: one listening socket bound to exactly the configured address, and the event loops that
 * serve it, both owned by this object and stopped by {@link #close()}.
 *
 * <p>Per connection the pipeline is, in order: TLS (with a context), the HTTP codec, an aggregator for the upgrade
 * request (small: an upgrade has no body), permessage-deflate negotiation (when enabled), and the
 * {@link ServerUpgrade} handler, which after the upgrade gives way to the frame codec and a {@link NettyConnection}.
 */
public final class NettyServer implements TransportServer {

    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

    /** The largest upgrade request taken: headers only, but generous for long credentials and many headers. */
    private static final int MAX_UPGRADE_REQUEST = 16 * 1024;

    /** How long closing waits for the close handshakes of open connections. */
    private static final long CLOSE_FLUSH_MILLIS = 2000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final InetSocketAddress boundAddress;
    /** The connections that have not delivered {@code onClosed} yet; each removes itself then. */
    private final Set<NettyConnection> live;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener, Set<NettyConnection> live) {
        this.live = live;
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
        this.boundAddress = (InetSocketAddress) listener.localAddress();
    }

    /**
     * Binds {@code config.host()}:{@code config.port()} and starts serving with {@code ioThreads} event-loop threads,
     * holding to the config's {@link dev.ocpp.core.spi.ConnectionLimits}: sockets past a cap are closed at accept,
     * and a connection not upgraded within the handshake timeout is closed.
     *
     * @throws IOException if the host is unknown or the address cannot be bound
     */
    public static NettyServer start(ServerTransportConfig config, ServerConnectionHandler handler, int ioThreads)
            throws IOException {
        // Resolved first, so that a bad host fails as an IOException (UnknownHostException) before anything starts.
        InetAddress host = InetAddress.getByName(config.host());
        IoFlavour io = IoFlavour.best();
        EventLoopGroup boss = io.newGroup(1, "ocpp-netty-accept");
        EventLoopGroup workers = io.newGroup(ioThreads, "ocpp-netty-io");
        Set<NettyConnection> open = ConcurrentHashMap.newKeySet();
        ConnectionGate gate = new ConnectionGate(config.connectionLimits());
        Duration handshakeTimeout = config.connectionLimits().handshakeTimeout();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .handler(new Gatekeeper(gate))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, fairReads())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionGate.Ticket ticket = ch.attr(TICKET).get();
                        // Released however the socket ends: refusal, timeout, peer close, server close.
                        ch.closeFuture().addListener(f -> ticket.closed());
                        if (Boolean.TRUE.equals(ch.attr(EVICTED).get())) {
                            ch.close(); // closed to make room before it was even registered
                            return;
                        }
                        ChannelPipeline p = ch.pipeline();
                        if (config.sslContext() != null) {
                            SSLEngine engine = config.sslContext().createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setNeedClientAuth(config.needClientAuth());
                            p.addLast("tls", new SslHandler(engine));
                        }
                        p.addLast("http", new HttpServerCodec());
                        p.addLast("aggregate", new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
                        if (config.perMessageDeflate()) {
                            p.addLast("deflate", new WebSocketServerExtensionHandler(deflate(config)));
                        }
                        // Runs from accept (TLS included) until the upgrade is answered.
                        io.netty.util.concurrent.ScheduledFuture<?> deadline = ch.eventLoop().schedule(() -> {
                            if (ch.isActive() && ch.pipeline().get(ServerUpgrade.class) != null) {
                                ch.close(); // never upgraded: a silent socket, or one that ignored a refusal
                            }
                        }, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
                        // A task left for a closed socket would only hold memory until it is due.
                        ch.closeFuture().addListener(f -> deadline.cancel(false));
                        ServerUpgrade upgrade = new ServerUpgrade(config, handler, c -> {
                            // Upgraded: the deadline's task would only hold memory until it is due.
                            deadline.cancel(false);
                            ticket.upgraded();
                            open.add(c);
                            c.whenFinished(() -> open.remove(c));
                        });
                        p.addLast("upgrade", upgrade);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(new InetSocketAddress(host, config.port())).sync().channel();
        } catch (Exception e) {
            shutdown(boss, workers);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof IOException io2) {
                throw io2;
            }
            throw new IOException("Could not start the WebSocket server on " + config.host() + ":" + config.port(),
                    e);
        }
        NettyServer server = new NettyServer(boss, workers, channel, open);
        LOG.debug("WebSocket server listening on {} ({})", server.boundAddress, io);
        return server;
    }

    /**
     * RFC 7692 permessage-deflate as the server accepts it: compression level 6, contexts kept between messages (OCPP
     * messages repeat themselves, which is where deflate gains most), and a full 15-bit window on both sides: an offer
     * that asks for a smaller server window is declined (RFC 7692 §7.1.2.1 lets a server do so), since the JDK's
     * deflater cannot honour one; the client's window needs nothing of us, inflating takes any size. The
     * inflated size of an incoming message is bounded by the message limit while it is inflated, so that a small
     * compressed frame cannot make the server allocate more than an uncompressed one could.
     */
    private static PerMessageDeflateServerExtensionHandshaker deflate(ServerTransportConfig config) {
        return new PerMessageDeflateServerExtensionHandshaker(6,
                false, 15, true, false, config.maxMessageSize());
    }

    /** The gate's ticket of an admitted connection, set by the {@link Gatekeeper} before the channel registers. */
    private static final AttributeKey<ConnectionGate.Ticket> TICKET = AttributeKey.valueOf("ocpp.gate.ticket");
    /** Set when the gate closed a connection to make room before the channel had registered. */
    private static final AttributeKey<Boolean> EVICTED = AttributeKey.valueOf("ocpp.gate.evicted");

    /**
     * Admits or refuses each accepted socket on the accept loop, in accept order, before it is registered with an I/O
     * loop: a refused socket is closed there and then, with no pipeline, no TLS handshake and no HTTP answer, so a
     * flood of sockets costs the server little more than the accepts. Admitting in accept order also makes "the
     * oldest pending handshake" the one accepted first.
     */
    private static final class Gatekeeper extends ChannelInboundHandlerAdapter {
        private final ConnectionGate gate;

        Gatekeeper(ConnectionGate gate) {
            this.gate = gate;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Channel child)) {
                ctx.fireChannelRead(msg);
                return;
            }
            InetAddress peer = child.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
            ConnectionGate.Ticket ticket = gate.admit(peer, () -> closeToMakeRoom(child));
            if (ticket == null) {
                child.unsafe().closeForcibly(); // not registered yet: just the file descriptor to close
                return;
            }
            child.attr(TICKET).set(ticket);
            // On to the acceptor, which registers it and runs the initializer; the initializer ties the ticket to the
            // channel's close. (Only a registration refused by event loops that are shutting down skips it, and then
            // the gate goes with the server.)
            ctx.fireChannelRead(child);
        }

        /**
         * Closes a pending connection from any thread. Before its registration the channel has no event loop to
         * close on: the flag makes the initializer close it instead. The flag is set before registration is checked,
         * so at least one of the two sees the other.
         */
        private static void closeToMakeRoom(Channel child) {
            child.attr(EVICTED).set(Boolean.TRUE);
            if (child.isRegistered()) {
                child.close();
            }
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    /** The connections that have not delivered {@code onClosed} yet. */
    public List<NettyConnection> connections() {
        return List.copyOf(live);
    }

    /**
     * Stops accepting, closes every connection with 1001, gives the close handshakes up to two seconds, then drops
     * what is left (its listeners get {@code onClosed} 1006) and stops the event loops. Blocks until the port is
     * released: not for a transport callback.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close().syncUninterruptibly();
            for (NettyConnection c : live) {
                c.close(1001, "Server shutting down");
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_FLUSH_MILLIS);
            while (!live.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(5); // connections report their end on their own event loops; nothing to wait on
            }
            for (NettyConnection c : live) {
                c.abort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown(boss, workers);
        }
        LOG.debug("WebSocket server on {} stopped", boundAddress);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        // No quiet period: nothing new may start once close began; tasks already queued (onClosed of aborted
        // connections) still run before the loops end.
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }

    /**
     * One read of at most 16 KiB per connection per turn of its event loop. Netty's default reads up to 16 times
     * 64 KiB from a connection before it turns to the next: a station that floods small CALLs (a thousand in 64 KiB)
     * then keeps the loop busy with its own frames for tens of milliseconds at a time, while the other stations on
     * that loop wait. Measured with {@code FloodLatencyTest} (examples, issue 15): under one station's CALL flood the
     * other stations' p99 fell from about 200 ms to about 55 ms, and their worst call from about 700 ms to 120-170
     * ms. An OCPP station has one CALL outstanding at a time, so its frames come one per read and lose nothing; a
     * large message takes more reads, each cheap.
     */
    private static io.netty.channel.RecvByteBufAllocator fairReads() {
        return new io.netty.channel.AdaptiveRecvByteBufAllocator(64, 2048, 16 * 1024).maxMessagesPerRead(1);
    }
}
