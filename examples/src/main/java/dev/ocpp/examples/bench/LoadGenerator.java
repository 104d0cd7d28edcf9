package dev.ocpp.examples.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The harness's load side: raw Netty WebSocket clients that cost the same whichever server answers and are cheap
 * enough for tens of thousands of connections in one JVM on a few event-loop threads (native epoll when available).
 * Every connection keeps OCPP's one-outstanding-CALL rule and checks a reply only as far as matching it to its call
 * (message type and id, compared as bytes); latency is recorded per call in microseconds.
 *
 * <p>Two ways to drive the connections: {@link #start()} makes each send {@code [2,"<id>","Heartbeat",{}]} back to
 * back (the CPU-per-call runs), {@link #startHeartbeats(Duration)} makes each send one Heartbeat per period, the
 * connections spread evenly over the period (the connection-count runs). The event loops are this object's and stop
 * at {@link #close()}.
 */
final class LoadGenerator implements AutoCloseable {

    private static final byte[] CALL_START = {'[', '2', ',', '"'};
    private static final byte[] HEARTBEAT = "\"Heartbeat\",{}]".getBytes(StandardCharsets.US_ASCII);
    private static final String BOOT = "\"BootNotification\",{\"chargePointVendor\":\"bench\","
            + "\"chargePointModel\":\"conns\"}]";

    private final URI endpoint;
    private final String subprotocol;
    private final EventLoopGroup group;
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong beatsSent = new AtomicLong();
    private final AtomicLong beatsAnswered = new AtomicLong();
    private final AtomicLong beatsSkipped = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final List<Station> stations = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param endpoint    the server URL without the identity
     * @param subprotocol offered in the handshake; the same for every server measured
     * @param threads     event-loop threads for all connections
     */
    LoadGenerator(URI endpoint, String subprotocol, int threads) {
        this.endpoint = endpoint;
        this.subprotocol = subprotocol;
        this.group = NettyLoops.group(threads, "bench-load");
    }

    /**
     * Opens {@code count} more connections, named on from the ones already open ({@code BENCH00001, ...}),
     * {@code batch} handshakes at a time so that the server's accept backlog is never overrun, all within
     * {@code timeoutMillis}.
     *
     * @param boot whether each connection, once open, sends one BootNotification and waits for its answer before the
     *             next batch starts (what a station does; the typed CSMS's state then holds every station)
     */
    void connect(int count, int batch, long timeoutMillis, boolean boot) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int already = stations.size();
        for (int first = already; first < already + count; first += batch) {
            int last = Math.min(already + count, first + batch);
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (int i = first; i < last; i++) {
                Station s = open(i + 1, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                ready.add(boot ? s.handshake.thenCompose(v -> s.boot()) : s.handshake);
            }
            try {
                CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new IOException("Only " + opened() + " of " + (already + count) + " connections were ready within "
                        + timeoutMillis + " ms", e);
            } catch (ExecutionException e) {
                throw new IOException("Could not connect to " + endpoint + ": " + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while connecting", e);
            }
        }
    }

    private Station open(int number, long handshakeMillis) {
        Station station = new Station(number);
        stations.add(station);
        URI uri = URI.create(endpoint + "/" + String.format("BENCH%05d", number));
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(subprotocol)
                .handshakeTimeoutMillis(handshakeMillis)
                .build();
        ChannelFuture f = new Bootstrap()
                .group(group)
                .channel(NettyLoops.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config), station);
                    }
                })
                .connect(uri.getHost(), uri.getPort());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                station.handshake.completeExceptionally(done.cause());
            }
        });
        return station;
    }

    /** Connections open (handshake done, not closed) now. */
    long opened() {
        return open.get();
    }

    /** Every connection sends its first Heartbeat; from then on each reply triggers the next one. */
    void start() {
        running = true;
        for (Station s : stations) {
            s.channel().eventLoop().execute(s::sendLoopCall);
        }
    }

    /**
     * Every connection sends a Heartbeat once per {@code period}, the first ones spread evenly over one period. A
     * Heartbeat due while the previous one is still unanswered is not sent (one outstanding CALL) and counts as
     * {@link #beatsSkipped()}.
     */
    void startHeartbeats(Duration period) {
        running = true;
        long periodNanos = period.toNanos();
        int n = stations.size();
        for (int i = 0; i < n; i++) {
            Station s = stations.get(i);
            long offset = periodNanos * i / n;
            s.channel().eventLoop().execute(() -> s.beats = s.channel().eventLoop()
                    .scheduleAtFixedRate(s::sendBeat, offset, periodNanos, TimeUnit.NANOSECONDS));
        }
    }

    /** The latencies since the previous call of this method (or since start), and resets. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** Replies that were CALLERRORs or did not match their call, failed sends and lost connections so far. */
    long errors() {
        return errors.get();
    }

    long beatsSent() {
        return beatsSent.get();
    }

    long beatsAnswered() {
        return beatsAnswered.get();
    }

    /** Periodic heartbeats not sent because the previous one was still unanswered. */
    long beatsSkipped() {
        return beatsSkipped.get();
    }

    /**
     * Stops sending and waits (bounded) until every connection has its last reply, so that closing does not race
     * with calls in flight, and so that what is still unanswered afterwards really is.
     */
    void stop(long timeoutMillis) {
        running = false;
        List<CompletableFuture<Void>> idle = new ArrayList<>();
        for (Station s : stations) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            idle.add(f);
            Channel ch = s.channel;
            if (ch == null) {
                f.complete(null);
                continue;
            }
            ch.eventLoop().execute(() -> {
                if (s.beats != null) {
                    s.beats.cancel(false);
                }
                s.whenIdle(f);
            });
        }
        try {
            CompletableFuture.allOf(idle.toArray(CompletableFuture[]::new)).get(timeoutMillis,
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Some call got no answer; the counts say how many.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        List<ChannelFuture> closing = new ArrayList<>();
        for (Station s : stations) {
            Channel ch = s.channel;
            if (ch != null && ch.isActive()) {
                s.closing = true;
                closing.add(ch.writeAndFlush(new CloseWebSocketFrame()));
            }
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** One connection. Its state is only touched on its channel's event loop. */
    private final class Station extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final String idPrefix;
        final CompletableFuture<Void> handshake = new CompletableFuture<>();
        volatile Channel channel;
        ScheduledFuture<?> beats;
        volatile boolean closing;
        private long sequence;
        /** The id of the outstanding call as {@code ,"<id>"} in bytes, or null when none is outstanding. */
        private byte[] expected;
        private long sentAt;
        private boolean beat;
        private CompletableFuture<Void> onReply;
        private CompletableFuture<Void> idle;

        Station(int number) {
            this.idPrefix = number + "-";
        }

        Channel channel() {
            return channel;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open.incrementAndGet();
                handshake.complete(null);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IOException("handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        CompletableFuture<Void> boot() {
            CompletableFuture<Void> answered = new CompletableFuture<>();
            channel.eventLoop().execute(() -> {
                onReply = answered;
                send(BOOT, false);
            });
            return answered;
        }

        void sendLoopCall() {
            send(null, false);
        }

        void sendBeat() {
            if (expected != null) {
                beatsSkipped.incrementAndGet();
                return;
            }
            beatsSent.incrementAndGet();
            send(null, true);
        }

        void whenIdle(CompletableFuture<Void> f) {
            if (expected == null || !channel.isActive()) {
                f.complete(null);
            } else {
                idle = f;
            }
        }

        /** Sends a CALL with a fresh id: {@code tail} is what follows the id, null for a Heartbeat. */
        private void send(String tail, boolean periodic) {
            String id = idPrefix + (++sequence);
            byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
            ByteBuf buf = channel.alloc().buffer(8 + idBytes.length + (tail == null ? HEARTBEAT.length
                    : tail.length()));
            buf.writeBytes(CALL_START).writeBytes(idBytes).writeByte('"').writeByte(',');
            if (tail == null) {
                buf.writeBytes(HEARTBEAT);
            } else {
                buf.writeCharSequence(tail, StandardCharsets.US_ASCII);
            }
            byte[] match = new byte[idBytes.length + 3];
            match[0] = ',';
            match[1] = '"';
            System.arraycopy(idBytes, 0, match, 2, idBytes.length);
            match[match.length - 1] = '"';
            expected = match;
            beat = periodic;
            sentAt = System.nanoTime();
            channel.writeAndFlush(new TextWebSocketFrame(buf)).addListener(done -> {
                if (!done.isSuccess()) {
                    errors.incrementAndGet();
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            long micros = (System.nanoTime() - sentAt) / 1000;
            ByteBuf text = frame.content();
            byte[] match = expected;
            if (match == null || !matches(text, match)) {
                // An answer to nothing outstanding, or to another id: the server broke the one-call rule.
                errors.incrementAndGet();
                return;
            }
            expected = null;
            byte type = text.getByte(text.readerIndex() + 1);
            // A CALLRESULT answers; the echoes send the CALL itself back. A CALLERROR is an error.
            if (type != '3' && type != '2') {
                errors.incrementAndGet();
            }
            if (onReply != null) {
                CompletableFuture<Void> f = onReply;
                onReply = null;
                f.complete(null);
                return;
            }
            recorder.recordValue(Math.max(1, micros));
            if (beat) {
                beatsAnswered.incrementAndGet();
            }
            if (idle != null) {
                idle.complete(null);
            } else if (running && !beat) {
                send(null, false);
            }
        }

        private boolean matches(ByteBuf text, byte[] match) {
            int start = text.readerIndex() + 2;
            if (text.readableBytes() < match.length + 2) {
                return false;
            }
            for (int i = 0; i < match.length; i++) {
                if (text.getByte(start + i) != match[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (handshake.isDone() && !handshake.isCompletedExceptionally()) {
                open.decrementAndGet();
            }
            if (!closing) {
                errors.incrementAndGet();
            }
            handshake.completeExceptionally(new IOException("connection closed before the handshake completed"));
            if (onReply != null) {
                onReply.completeExceptionally(new IOException("connection closed before the answer"));
            }
            if (idle != null) {
                idle.complete(null);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.incrementAndGet();
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }
}
