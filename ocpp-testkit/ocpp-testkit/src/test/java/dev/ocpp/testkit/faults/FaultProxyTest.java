package dev.ocpp.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.transport.netty.NettyServerTransport;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy against an echo server of plain sockets on 127.0.0.1, and against a real OCPP CSMS and station
 * over Netty WebSockets. Every wait is on a condition or an event, bounded by {@link #WAIT}; nothing asserts how long
 * something took.
 */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ActionCatalog CATALOG = ActionCatalog.of(Set.of("Heartbeat", "DataTransfer"));

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void bytesPassUnchangedBothWaysOnFortyConcurrentConnections() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        int connections = 40;
        int size = 256 * 1024;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sockets.add(connect(proxy.port()));
        }
        // All forty are relayed at the same time before a byte moves.
        assertThat(proxy.awaitLinks(connections, WAIT)).hasSize(connections);

        ExecutorService pool = Executors.newFixedThreadPool(2 * connections);
        toClose.add(() -> {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        });
        List<byte[]> sent = new ArrayList<>();
        List<Future<byte[]>> echoed = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket s = sockets.get(i);
            byte[] data = new byte[size];
            Random random = new Random(i);
            random.nextBytes(data);
            sent.add(data);
            pool.submit(() -> {
                // Writes of uneven sizes, so chunk boundaries fall anywhere; then an orderly end of this side.
                OutputStream out = s.getOutputStream();
                int at = 0;
                while (at < data.length) {
                    int n = Math.min(data.length - at, 1 + random.nextInt(20_000));
                    out.write(data, at, n);
                    at += n;
                }
                s.shutdownOutput();
                return null;
            });
            echoed.add(pool.submit(() -> s.getInputStream().readAllBytes()));
        }
        for (int i = 0; i < connections; i++) {
            assertThat(echoed.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("connection %d", i)
                    .isEqualTo(sent.get(i));
        }

        FaultProxy.Stats stats = proxy.stats();
        assertThat(stats.accepted()).isEqualTo(connections);
        assertThat(stats.bytesToTarget()).isEqualTo((long) connections * size);
        assertThat(stats.bytesToClient()).isEqualTo((long) connections * size);
        assertThat(stats.cuts()).isZero();
        // Both ends closed in order, so each link closed in order too, and the proxy forgot it.
        await("every link to close", () -> proxy.links().isEmpty());
        assertThat(echo.ends(connections)).containsOnly("end of stream");
    }

    @Test
    void cutResetsBothTheClientAndTheTargetSide() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        Socket client = connect(proxy.port());
        roundTrip(client, "hello");

        proxy.cutAll();

        assertThat(endOf(client)).isEqualTo("reset");
        assertThat(echo.ends(1)).containsExactly("reset");
        assertThat(proxy.stats().cuts()).isEqualTo(1);
        await("the link to be forgotten", () -> proxy.links().isEmpty());
        assertThat(proxy.faultLog()).anySatisfy(line -> assertThat(line).startsWith("cut link 1"));
    }

    @Test
    void heldBytesArriveInOrderOnceTheBlackholeIsLifted() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        Socket client = connect(proxy.port());
        roundTrip(client, "ready");
        FaultProxy.Link link = proxy.links().get(0);

        link.blackhole();
        String sent = sendNumbered(client, 10);
        // The proxy has read some of them and holds them: none reached the target.
        await("the proxy to hold bytes", () -> link.bytesHeld() > 0);
        assertThat(echo.received()).isEqualTo("ready".length());
        assertThat(link.isBlackholed()).isTrue();

        link.resume();

        assertThat(read(client, sent.length())).isEqualTo(sent);
        assertThat(link.isOpen()).isTrue();
        // The count drops just after each write, so it may trail what the client has read by a moment.
        await("nothing left held", () -> link.bytesHeld() == 0);
        assertThat(proxy.stats().blackholes()).isEqualTo(1);
    }

    @Test
    void timedBlackholeThatResumesDeliversEverythingInOrderAndKeepsTheConnection() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        Socket client = connect(proxy.port());
        roundTrip(client, "ready");
        FaultProxy.Link link = proxy.links().get(0);

        proxy.blackholeAll(Duration.ofMillis(200), FaultProxy.AfterHold.RESUME);
        String sent = sendNumbered(client, 20);

        assertThat(read(client, sent.length())).isEqualTo(sent);
        await("the hold to end", () -> !link.isBlackholed());
        roundTrip(client, "still there");
        assertThat(proxy.stats().blackholes()).isEqualTo(1);
        assertThat(proxy.stats().cuts()).isZero();
        assertThat(proxy.faultLog()).anySatisfy(line -> assertThat(line).startsWith("hold over, resume link 1"));
    }

    @Test
    void timedBlackholeThatCutsNeverDeliversTheHeldBytesAndResetsBothSides() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        Socket client = connect(proxy.port());
        roundTrip(client, "ready");

        proxy.blackholeAll(Duration.ofMillis(200), FaultProxy.AfterHold.CUT);
        client.getOutputStream().write("never to arrive".getBytes(StandardCharsets.US_ASCII));

        // endOf fails if a single byte comes back instead of the reset.
        assertThat(endOf(client)).isEqualTo("reset");
        assertThat(echo.ends(1)).containsExactly("reset");
        assertThat(echo.received()).isEqualTo("ready".length());
        assertThat(proxy.stats().cuts()).isEqualTo(1);
        assertThat(proxy.faultLog()).anySatisfy(line -> assertThat(line).startsWith("hold over, cut link 1"));
    }

    @Test
    void delayBurstHoldsChunksButKeepsTheirOrder() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        Socket client = connect(proxy.port());
        roundTrip(client, "ready");

        proxy.delayAll(Duration.ofMinutes(5), Duration.ofMillis(20), 7);
        String sent = sendNumbered(client, 50);

        assertThat(read(client, sent.length())).isEqualTo(sent);
        assertThat(proxy.stats().delayBursts()).isEqualTo(1);
        assertThat(proxy.stats().chunksDelayed()).isPositive();
        assertThat(proxy.stats().cuts()).isZero();
    }

    @Test
    void refusedConnectionsFailWhileTheRefusalLastsAndSucceedAfter() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());

        proxy.refuseNewConnections(Duration.ofHours(1));
        assertThat(endOf(connect(proxy.port()))).isEqualTo("reset");
        assertThat(proxy.isRefusing()).isTrue();
        assertThat(proxy.stats().refused()).isEqualTo(1);
        assertThat(proxy.stats().accepted()).isZero();
        assertThat(echo.accepted()).isZero();

        proxy.acceptNewConnections();
        roundTrip(connect(proxy.port()), "through");
        assertThat(proxy.stats().accepted()).isEqualTo(1);

        // A timed refusal ends by itself.
        proxy.refuseNewConnections(Duration.ofMillis(50));
        await("the refusal to end", () -> !proxy.isRefusing());
        roundTrip(connect(proxy.port()), "through again");
        assertThat(proxy.stats().accepted()).isEqualTo(2);
    }

    @Test
    void theSameSeedMakesTheSameFaultDecisions() throws Exception {
        Chaos chaos = Chaos.seeded(42).every(Duration.ofMillis(2)).mix(1, 1, 1, 1, 1)
                .holds(Duration.ofMillis(1), Duration.ofMillis(5))
                .delayBursts(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(3))
                .refusals(Duration.ofMillis(1), Duration.ofMillis(5));
        int count = 30;
        FaultProxy first = proxy(closedPort());
        FaultProxy second = proxy(closedPort());

        first.startChaos(chaos);
        second.startChaos(chaos);
        await("both schedules to decide " + count + " faults",
                () -> first.decisions().size() >= count && second.decisions().size() >= count);
        first.stopChaos();
        second.stopChaos();

        List<Chaos.Fault> planned = chaos.plan(count);
        assertThat(first.decisions().subList(0, count)).isEqualTo(planned);
        assertThat(second.decisions().subList(0, count)).isEqualTo(planned);
        assertThat(planned).extracting(Chaos.Fault::kind).contains(Chaos.Kind.values());
        assertThat(planned).extracting(Chaos.Fault::number)
                .isEqualTo(IntStream.rangeClosed(1, count).boxed().collect(Collectors.toList()));
        // Another seed, the same settings: another sequence.
        Chaos other = Chaos.seeded(43).every(Duration.ofMillis(2)).mix(1, 1, 1, 1, 1)
                .holds(Duration.ofMillis(1), Duration.ofMillis(5))
                .delayBursts(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(3))
                .refusals(Duration.ofMillis(1), Duration.ofMillis(5));
        assertThat(other.plan(count)).isNotEqualTo(planned);
        // Each applied fault is logged with the seed that replays it.
        assertThat(first.faultLog()).filteredOn(line -> line.contains("chaos seed 42, fault #"))
                .hasSizeGreaterThanOrEqualTo(count);
    }

    @Test
    void chaosCutsTheOpenConnectionAndLogsTheSeed() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        Socket client = connect(proxy.port());
        roundTrip(client, "ready");

        proxy.startChaos(Chaos.seeded(7).every(Duration.ofMillis(20)).mix(1, 0, 0, 0));

        assertThat(endOf(client)).isEqualTo("reset");
        assertThat(echo.ends(1)).containsExactly("reset");
        proxy.stopChaos();
        assertThat(proxy.stats().cuts()).isEqualTo(1);
        assertThat(proxy.decisions()).isNotEmpty().allSatisfy(f -> assertThat(f.kind()).isEqualTo(Chaos.Kind.CUT));
        assertThat(proxy.faultLog()).anySatisfy(line -> assertThat(line).startsWith("cut link 1")
                .contains("chaos seed 7, fault #1 ").contains("link 1 of 1 open"));
    }

    @Test
    void closeStopsEveryThreadOfTheProxyAndItsListeningPort() throws Exception {
        EchoServer echo = echoServer();
        FaultProxy proxy = proxy(echo.port());
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket c = connect(proxy.port());
            roundTrip(c, "ready " + i);
            clients.add(c);
        }
        List<FaultProxy.Link> links = proxy.links();
        links.get(0).blackhole();
        // Seed 1 holds the first chunk towards the target for 16.7 s: long enough to be waiting when close() comes.
        links.get(1).delay(Duration.ofMinutes(5), Duration.ofSeconds(30), 1);
        // Threads parked in every kind of wait: a hold, a long chunk delay, a read, the scheduler.
        clients.get(0).getOutputStream().write(1);
        clients.get(1).getOutputStream().write(1);
        await("both bytes to be held", () -> links.get(0).bytesHeld() == 1 && links.get(1).bytesHeld() == 1);
        proxy.startChaos(Chaos.seeded(1).every(Duration.ofHours(1)));
        assertThat(threadsNamed(proxy.threadNamePrefix())).hasSize(1 + 1 + 2 * 3);
        int port = proxy.port();

        proxy.close();

        assertThat(threadsNamed(proxy.threadNamePrefix())).isEmpty();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        for (Socket c : clients) {
            assertThat(endOf(c)).isEqualTo("reset");
        }
        assertThat(echo.ends(3)).containsOnly("reset");
        assertThat(proxy.links()).isEmpty();
    }

    @Test
    void stationReconnectsThroughTheProxyAfterCutAllAndItsNextCallSucceeds() throws Exception {
        OcppServer csms = csms();
        FaultProxy proxy = proxy(csms.port());
        BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
        OcppSession station = station(proxy.port(), "CS-CUT", events);
        next(events, ConnectionEvent.Connected.class);
        assertThat(station.call("Heartbeat", empty()).get(WAIT.toSeconds(), TimeUnit.SECONDS).get("currentTime"))
                .isNotNull();

        proxy.cutAll();

        next(events, ConnectionEvent.Disconnected.class);
        ConnectionEvent.Connected back = next(events, ConnectionEvent.Connected.class);
        assertThat(back.session()).isSameAs(station);
        assertThat(station.call("Heartbeat", empty()).get(WAIT.toSeconds(), TimeUnit.SECONDS).get("currentTime"))
                .isNotNull();
        assertThat(proxy.stats().accepted()).isEqualTo(2);
        assertThat(proxy.stats().cuts()).isEqualTo(1);
    }

    @Test
    void largeWebSocketFramesCrossADelayBurstIntactBothWays() throws Exception {
        OcppServer csms = csms();
        FaultProxy proxy = proxy(csms.port());
        BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
        OcppSession station = station(proxy.port(), "CS-DELAY", events);
        next(events, ConnectionEvent.Connected.class);
        proxy.awaitLinks(1, WAIT);

        proxy.delayAll(Duration.ofMinutes(5), Duration.ofMillis(10), 11);
        // Multi-byte characters, so that chunk boundaries split UTF-8 sequences as well as frames.
        String data = text(new Random(3), 200_000);
        ObjectNode toCsms = empty().put("vendorId", "ACME").put("data", data);
        OcppSession atCsms = csms.session("CS-DELAY", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ObjectNode fromCsms = atCsms.call("DataTransfer", empty().put("vendorId", "ACME").put("data", data))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ObjectNode fromStation = station.call("DataTransfer", toCsms).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(fromCsms.get("data").asText()).isEqualTo(data);
        assertThat(fromStation.get("data").asText()).isEqualTo(data);
        assertThat(proxy.stats().chunksDelayed()).isPositive();
        assertThat(proxy.stats().cuts()).isZero();
    }

    // --- fixtures ---

    private FaultProxy proxy(int targetPort) throws IOException {
        FaultProxy proxy = FaultProxy.start(targetPort);
        toClose.add(proxy);
        return proxy;
    }

    private EchoServer echoServer() throws IOException {
        EchoServer echo = new EchoServer();
        toClose.add(echo);
        return echo;
    }

    private Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        toClose.add(s);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** A port with nothing listening: the chaos decisions need no target. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        assertThat(read(s, text.getBytes(StandardCharsets.UTF_8).length)).isEqualTo(text);
    }

    /** Writes {@code count} numbered lines, one write each, and returns them as one string. */
    private static String sendNumbered(Socket s, int count) throws IOException {
        StringBuilder all = new StringBuilder();
        OutputStream out = s.getOutputStream();
        for (int i = 1; i <= count; i++) {
            String line = "message " + i + "\n";
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            all.append(line);
        }
        return all.toString();
    }

    private static String read(Socket s, int bytes) throws IOException {
        byte[] buffer = new byte[bytes];
        new DataInputStream(s.getInputStream()).readFully(buffer);
        return new String(buffer, StandardCharsets.UTF_8);
    }

    /**
     * How the stream of {@code s} ends: {@code "end of stream"} or {@code "reset"}. Fails if a byte arrives instead,
     * or nothing happens within {@link #WAIT}.
     */
    private static String endOf(Socket s) throws IOException {
        try {
            int b = s.getInputStream().read();
            if (b >= 0) {
                fail("expected the end of the stream, got a byte: " + b);
            }
            return "end of stream";
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection did not end within " + WAIT, e);
        } catch (SocketException e) {
            return "reset";
        }
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /** Waits for a condition that has no event of its own (checked every 10 ms), failing after {@link #WAIT}. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static String text(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 éüß€✓中文\"\\";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode dataTransferEcho(ObjectNode payload) {
        return empty().put("status", "Accepted").put("data", payload.path("data").asText());
    }

    private OcppServer csms() {
        OcppServer csms = OcppServer.builder(new NettyServerTransport())
                .transport(t -> t.host("127.0.0.1").port(0).pingInterval(Duration.ZERO))
                .serve(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                        .on("Heartbeat", call -> empty().put("currentTime", "2026-01-01T12:00:00Z"))
                        .on("DataTransfer", call -> dataTransferEcho(call.payload()))
                        .build())
                .build().start();
        toClose.add(csms);
        return csms;
    }

    private OcppSession station(int port, String identity, BlockingQueue<ConnectionEvent> events) {
        // Closed after the session (toClose runs backwards): it owns the threads of its connections.
        NettyClientTransport transport = new NettyClientTransport();
        toClose.add(transport);
        OcppSession session = OcppClient.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp"))
                .identity(identity)
                .offer(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                        .on("DataTransfer", call -> dataTransferEcho(call.payload()))
                        .build())
                .reconnect(true)
                .retryBackOff(new RetryBackOff(Duration.ofMillis(100), Duration.ofMillis(50), 2))
                .connectTimeout(Duration.ofSeconds(5))
                .onConnectionEvent(events::add)
                .build().start();
        toClose.add(session::close);
        return session;
    }

    /** The next event of {@code type}, skipping others; fails after {@link #WAIT}. */
    private static <E extends ConnectionEvent> E next(BlockingQueue<ConnectionEvent> events, Class<E> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConnectionEvent> skipped = new ArrayList<>();
        while (true) {
            ConnectionEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(e).as("a %s within %s (skipped: %s)", type.getSimpleName(), WAIT, skipped).isNotNull();
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            skipped.add(e);
        }
    }

    /**
     * An echo server on 127.0.0.1, one thread per connection: sends back every byte it reads, ends its side in
     * order when the client does, and records how each connection ended.
     */
    private static final class EchoServer implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicLong received = new AtomicLong();
        private final BlockingQueue<String> ends = new LinkedBlockingQueue<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        EchoServer() throws IOException {
            start("echo-accept", this::acceptLoop);
        }

        int port() {
            return listener.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        long received() {
            return received.get();
        }

        /** How the first {@code count} connections ended, waiting for each; fails after {@link #WAIT}. */
        List<String> ends(int count) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < count) {
                String end = ends.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(end).as("connection %d of %d to end within %s", seen.size() + 1, count, WAIT)
                        .isNotNull();
                seen.add(end);
            }
            return seen;
        }

        private void start(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void acceptLoop() {
            while (true) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                sockets.add(s);
                start("echo-" + s.getPort(), () -> echo(s));
            }
        }

        private void echo(Socket s) {
            byte[] buffer = new byte[8192];
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.addAndGet(n);
                    out.write(buffer, 0, n);
                }
                s.shutdownOutput();
                ends.add("end of stream");
            } catch (IOException e) {
                ends.add("reset");
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
            try {
                for (Thread t : threads) {
                    t.join(WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(threads).noneMatch(Thread::isAlive);
        }
    }
}
