package dev.ocpp.testkit.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 that breaks the network between its clients (stations) and a target (a CSMS) on purpose,
 * by hand or on a seeded {@link Chaos} schedule: it cuts connections, holds their bytes for a while (a blackhole),
 * delays them, refuses new connections, and fails TLS handshakes ({@link #failTlsHandshakes}). It relays bytes, not
 * frames, so WebSocket and TLS pass through unchanged.
 *
 * <p>Faults never lose or reorder bytes inside a connection that goes on: TCP cannot do that, and a frame cut in
 * half would only corrupt the stream, which is not what a bad network looks like to the peers. They see what they
 * would see on a real bad path: silence, late bytes, resets, refused connections.
 *
 * <p>Each accepted connection (a {@link Link}) has two named daemon threads, one per direction, that read a chunk,
 * wait while the link is held or the chunk is delayed, then write it. One more thread accepts, and one runs the
 * timed ends of holds, refusals and the chaos schedule. {@link #close()} resets every link and returns only when all
 * of these threads have ended. Every fault is logged (SLF4J, {@code INFO}) and kept in {@link #faultLog()}.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Room for the stations of a soak test all connecting at once while the accept thread dials the target. */
    private static final int BACKLOG = 128;
    private static final int CHUNK = 16 * 1024;
    /** The target is on loopback: a connect that takes this long means it hangs, not that it is slow. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Generous: the threads only have to notice closed sockets and a notify. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    /** Longer refusals are taken as "until further notice"; it keeps the deadline arithmetic clear of overflow. */
    private static final Duration LONGEST = Duration.ofDays(365);
    /** How long a connection whose TLS handshake is failed may take to send its ClientHello, and to hang up after. */
    private static final int TLS_FAILURE_WAIT_MILLIS = 5_000;
    /**
     * Connections whose TLS handshake is being failed at once, each on a thread of its own for up to twice
     * {@link #TLS_FAILURE_WAIT_MILLIS}: a client that reconnects without pause (or thousands of stations) must not
     * make the proxy start a thread per attempt. Past it a connection is reset as it is accepted, which a client
     * also sees as a failed handshake.
     */
    static final int MAX_TLS_FAILURES_AT_ONCE = 64;
    /** A TLS record is at most 2^14 bytes of plaintext plus a little (RFC 8446 §5.1); a ClientHello fits in one. */
    private static final int MAX_RECORD = (1 << 14) + 2048;
    /** What is read and thrown away, at most, while waiting for the client to hang up after the failure. */
    private static final int MAX_DRAIN = 64 * 1024;
    /**
     * A fatal handshake_failure alert in a plaintext TLS record (RFC 8446 §6 and RFC 5246 §7.2: content type 21,
     * version 3.3, length 2, level 2 "fatal", description 40 "handshake_failure").
     */
    private static final byte[] FATAL_HANDSHAKE_FAILURE = {21, 3, 3, 0, 2, 2, 40};
    /** What a plain HTTP server says to bytes that are not HTTP, such as a ClientHello. */
    private static final byte[] NOT_TLS_ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** What a timed blackhole turns into when its hold ends. */
    public enum AfterHold {
        /** Everything held is delivered, in order: to the peers, a long delay. */
        RESUME,
        /** The link is reset and the held bytes never arrive: the outage ended the connection. */
        CUT
    }

    /**
     * How {@link #failTlsHandshakes} fails a connection's TLS handshake. Either way the proxy answers the client's
     * ClientHello itself, the target never sees the connection, and the client's connect fails during the TLS
     * handshake with an {@link javax.net.ssl.SSLException} (the transports keep it in the cause chain): the failure a
     * station must report and retry after its back-off, as after any failed connection attempt.
     */
    public enum TlsFailure {
        /**
         * The server refuses the handshake: a fatal {@code handshake_failure} alert answers the ClientHello, as from
         * a CSMS that finds no TLS version or cipher suite it accepts (security profiles 2 and 3 require TLS 1.2 or
         * later), or that requires a client certificate it did not get (profile 3). The client sees an
         * {@link javax.net.ssl.SSLHandshakeException} ("Received fatal alert: handshake_failure"). This is the
         * failure to test reconnection after a refused TLS handshake with, in front of any TLS server and without
         * key material of its own.
         */
        FATAL_ALERT,
        /**
         * The port does not speak TLS: a plain HTTP {@code 400} answers the ClientHello, as when a {@code wss://}
         * URL points at a {@code ws://} port. The client sees an {@link javax.net.ssl.SSLException} about an
         * unrecognized record.
         */
        NOT_TLS
    }

    /**
     * Counters since the proxy started.
     *
     * @param accepted          connections relayed to the target
     * @param refused           connections reset at once because new connections were being refused
     * @param targetUnreachable connections reset at once because the target could not be reached
     * @param cuts              links reset by a fault (not those a peer reset or closed)
     * @param blackholes        holds started
     * @param delayBursts       delay bursts started
     * @param chunksDelayed     chunks held back by a delay burst
     * @param bytesToTarget     bytes written to the target
     * @param bytesToClient     bytes written to the clients
     */
    public record Stats(long accepted, long refused, long targetUnreachable, long cuts, long blackholes,
            long delayBursts, long chunksDelayed, long bytesToTarget, long bytesToClient) {
    }

    private final InetSocketAddress target;
    private final String name;
    private final ServerSocket listener;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Every thread this proxy started and may still be running, so that close() can wait for each. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong targetUnreachable = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong blackholes = new AtomicLong();
    private final AtomicLong delayBursts = new AtomicLong();
    private final AtomicLong chunksDelayed = new AtomicLong();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();

    // Guarded by this. Lock order: a link's lock, then the proxy's (record() runs under a link's lock); the proxy
    // never takes a link's lock while holding its own.
    private final NavigableMap<Long, Link> open = new TreeMap<>();
    private final List<String> faultLog = new ArrayList<>();
    private final List<Chaos.Fault> decisions = new ArrayList<>();
    private long lastLinkId;
    private boolean closed;
    private boolean refusing;
    private long refusalEndsAt;
    private ChaosRun chaos;
    /** The connections whose TLS handshake is being failed, so that close() can end their threads. */
    private final Set<Socket> failingTls = new HashSet<>();
    private TlsFailure tlsFailure;
    private Frequency tlsFailureFrequency;
    private Random tlsFailureRandom;
    private long tlsFailureMatches;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = Objects.requireNonNull(target, "target");
        this.name = "fault-proxy-" + INSTANCES.incrementAndGet();
        this.listener = new ServerSocket(0, BACKLOG, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> newThread("scheduler", r));
        // Cancelled chaos steps and superseded hold ends should not pile up in the queue of a long soak run.
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
        newThread("accept", this::acceptLoop).start();
    }

    /** Starts a proxy on an ephemeral port of 127.0.0.1 that relays to {@code 127.0.0.1:targetPort}. */
    public static FaultProxy start(int targetPort) throws IOException {
        return start(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), targetPort));
    }

    /** Starts a proxy on an ephemeral port of 127.0.0.1 that relays to {@code target}. */
    public static FaultProxy start(InetSocketAddress target) throws IOException {
        return new FaultProxy(target);
    }

    /** The port to connect to instead of the target's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The address every accepted connection is relayed to. */
    public InetSocketAddress target() {
        return target;
    }

    /** What the names of all of this proxy's threads start with (and no other proxy's). */
    public String threadNamePrefix() {
        return name + "-";
    }

    /** The links open now, oldest first. */
    public synchronized List<Link> links() {
        return List.copyOf(open.values());
    }

    /**
     * Waits until at least {@code count} links are open and returns them, oldest first.
     *
     * @throws TimeoutException if fewer are open after {@code timeout}
     */
    public synchronized List<Link> awaitLinks(int count, Duration timeout) throws InterruptedException,
            TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(count + " links not open within " + timeout + "; open: " + open.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(open.values());
    }

    /** Resets every open link on both sides. */
    public void cutAll() {
        links().forEach(l -> l.cut("by hand, all links"));
    }

    /** Holds every open link for {@code hold}, then resumes or cuts it: {@link Link#blackhole(Duration, AfterHold)}. */
    public void blackholeAll(Duration hold, AfterHold then) {
        requireLength(hold);
        Objects.requireNonNull(then, "then");
        links().forEach(l -> l.blackhole(hold, then, "by hand, all links"));
    }

    /**
     * Starts a delay burst on every open link (see {@link Link#delay(Duration, Duration, long)}); link {@code n}'s
     * chunk delays are seeded with {@code seed + n}.
     */
    public void delayAll(Duration burst, Duration maxChunkDelay, long seed) {
        requireLength(burst);
        requireLength(maxChunkDelay);
        links().forEach(l -> l.delay(burst, maxChunkDelay, seed + l.id(), "by hand, all links"));
    }

    /**
     * For {@code duration}, new connections are accepted and reset at once, as if the target were unreachable;
     * open links go on. Durations over a year mean until {@link #acceptNewConnections()}.
     */
    public void refuseNewConnections(Duration duration) {
        requireLength(duration);
        refuse(duration, "by hand");
    }

    /**
     * From now on, fails the TLS handshake of the connections {@code connections} picks, counting the connections
     * accepted from this call on (connections refused by {@link #refuseNewConnections} are not counted): the proxy
     * reads the connection's ClientHello and answers it {@code how}, then waits for the client to hang up. The
     * target never sees these connections. {@code Frequency.times(2)} fails the first two and relays every later
     * one, so that a station's reconnection gets through; {@code Frequency.probability(p)} draws on seed 0 (see
     * {@link #failTlsHandshakes(TlsFailure, Frequency, long)}). Replaces any earlier TLS failure rule.
     *
     * <p>Nothing here speaks TLS: a client that connects without TLS gets the same bytes, which break its upgrade
     * instead.
     *
     * <p>At most {@value #MAX_TLS_FAILURES_AT_ONCE} connections are being failed at once (each waits up to 5 s for
     * its ClientHello and for the client to hang up); a connection the rule picks beyond that is reset as it is
     * accepted, and the fault log says so.
     */
    public void failTlsHandshakes(TlsFailure how, Frequency connections) {
        failTlsHandshakes(how, connections, 0);
    }

    /** As {@link #failTlsHandshakes(TlsFailure, Frequency)}, probabilities drawn from {@code seed}. */
    public void failTlsHandshakes(TlsFailure how, Frequency connections, long seed) {
        Objects.requireNonNull(how, "how");
        Objects.requireNonNull(connections, "connections");
        synchronized (this) {
            tlsFailure = how;
            tlsFailureFrequency = connections;
            tlsFailureRandom = new Random(seed);
            tlsFailureMatches = 0;
        }
        record("fail TLS handshakes with " + describe(how) + ", " + connections + " connection(s) (seed " + seed + ")",
                "by hand");
    }

    /** Ends the TLS failure rule: new connections are relayed again. */
    public void stopFailingTlsHandshakes() {
        synchronized (this) {
            if (tlsFailure == null) {
                return;
            }
            tlsFailure = null;
        }
        record("TLS handshakes pass again", "by hand");
    }

    /** Ends a refusal early. */
    public void acceptNewConnections() {
        synchronized (this) {
            if (!refusing) {
                return;
            }
            refusing = false;
        }
        record("accept new connections again", "by hand");
    }

    /** Whether new connections are refused now. */
    public synchronized boolean isRefusing() {
        if (refusing && refusalEndsAt - System.nanoTime() <= 0) {
            refusing = false;
        }
        return refusing;
    }

    /**
     * Runs {@code schedule} on this proxy's scheduler thread from now on, in place of any schedule running before,
     * and starts a new {@link #decisions()} list. Each fault is applied when its wait is over, to the link
     * {@link Chaos.Fault#target()} picks among those open at that moment (none open: the fault is logged and does
     * nothing).
     */
    public void startChaos(Chaos schedule) {
        Objects.requireNonNull(schedule, "schedule");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            stopChaosLocked();
            decisions.clear();
            chaos = new ChaosRun(schedule);
            chaos.scheduleNext();
        }
        record("chaos started: " + schedule + "; replay with Chaos.seeded(" + schedule.seed() + ") and the same"
                + " settings", "by hand");
    }

    /** Stops the schedule; holds and bursts it started end as they were decided. */
    public void stopChaos() {
        synchronized (this) {
            if (chaos == null) {
                return;
            }
            stopChaosLocked();
        }
        record("chaos stopped", "by hand");
    }

    /** The faults the current (or last) chaos schedule has applied so far, in order: the replayable part. */
    public synchronized List<Chaos.Fault> decisions() {
        return List.copyOf(decisions);
    }

    /** Every fault applied so far, by hand or by a schedule, one line each with its cause and the link it hit. */
    public synchronized List<String> faultLog() {
        return List.copyOf(faultLog);
    }

    /** The counters since the proxy started; a snapshot, each counter read on its own. */
    public Stats stats() {
        return new Stats(accepted.get(), refused.get(), targetUnreachable.get(), cuts.get(), blackholes.get(),
                delayBursts.get(), chunksDelayed.get(), bytesToTarget.get(), bytesToClient.get());
    }

    /**
     * Stops the schedule, closes the listening socket, resets every link and waits for every thread of this proxy
     * to end.
     *
     * @throws IllegalStateException if a thread is still running after a generous wait (a bug worth a failure)
     */
    @Override
    public void close() {
        List<Link> left;
        List<Socket> failing;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopChaosLocked();
            left = List.copyOf(open.values());
            failing = List.copyOf(failingTls);
            notifyAll();
        }
        closeQuietly(listener);
        failing.forEach(FaultProxy::reset);
        scheduler.shutdownNow();
        left.forEach(Link::abort);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                t.join(Math.max(1, wait));
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        String running = threads.stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.joining(", "));
        LOG.info("{} closed: {}", name, stats());
        if (!running.isEmpty()) {
            throw new IllegalStateException(name + " threads still running after close: " + running);
        }
    }

    @Override
    public String toString() {
        return name + " (127.0.0.1:" + port() + " -> " + target + ")";
    }

    private Thread newThread(String role, Runnable body) {
        Thread t = new Thread(body, name + "-" + role);
        // Daemon as a last resort only: close() ends them all; a test that forgets close() must not hang the JVM.
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                LOG.warn("{}: accept failed, going on", name, e);
                continue;
            }
            try {
                admit(client);
            } catch (RuntimeException e) {
                LOG.warn("{}: could not relay a connection", name, e);
                reset(client);
            }
        }
    }

    private void admit(Socket client) {
        if (isRefusing()) {
            refused.incrementAndGet();
            LOG.info("{}: refused a connection from port {}", name, client.getPort());
            reset(client);
            return;
        }
        TlsFailure tls = nextTlsFailure();
        if (tls != null) {
            failTls(client, tls);
            return;
        }
        Socket server = new Socket();
        try {
            // Without it each hop of the proxy would add Nagle's wait to small frames, a delay nobody asked for.
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            // The client is gone already; its link's threads will find out at their first read.
        }
        try {
            server.setTcpNoDelay(true);
            server.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            targetUnreachable.incrementAndGet();
            LOG.info("{}: target {} unreachable ({}), resetting the client", name, target, e.toString());
            reset(server);
            reset(client);
            return;
        }
        synchronized (this) {
            if (closed) {
                reset(server);
                reset(client);
                return;
            }
            Link link = new Link(++lastLinkId, client, server);
            open.put(link.id, link);
            accepted.incrementAndGet();
            // Keeps the set to the live threads over thousands of connections; NEW ones are about to start.
            threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
            link.start();
            notifyAll();
        }
    }

    /** Counts an accepted connection against the TLS failure rule; how to fail its handshake, or null. */
    private synchronized TlsFailure nextTlsFailure() {
        if (tlsFailure == null || !tlsFailureFrequency.fires(++tlsFailureMatches, tlsFailureRandom)) {
            return null;
        }
        return tlsFailure;
    }

    private void failTls(Socket client, TlsFailure how) {
        long number;
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                reset(client);
                return;
            }
            number = tlsFailureMatches;
            if (failingTls.size() >= MAX_TLS_FAILURES_AT_ONCE) {
                overflow = true;
            } else {
                failingTls.add(client);
                threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
                // Started under the lock close() takes to see the threads: a close() that comes after this sees
                // this one, and one that came before made this connection be reset above.
                // A thread of its own: a client that never sends its ClientHello must not hold up the accept loop.
                newThread("tls-failure-" + number, () -> answerTls(client, how)).start();
            }
        }
        if (overflow) {
            record("reset connection " + number + " (client port " + client.getPort() + ") instead of failing its TLS"
                    + " handshake: " + MAX_TLS_FAILURES_AT_ONCE + " failures are under way", "TLS failure rule");
            reset(client);
            return;
        }
        record("fail the TLS handshake of connection " + number + " (client port " + client.getPort() + ") with "
                + describe(how), "TLS failure rule");
    }

    /**
     * Reads the ClientHello before answering, so that the answer reaches the client as the server's reply within
     * its handshake; and drains what the client sends until it hangs up before closing, since closing a socket with
     * unread bytes sends a reset, which could reach the client before the answer and fail it with "connection reset"
     * instead of the TLS failure asked for.
     */
    private void answerTls(Socket client, TlsFailure how) {
        try {
            client.setSoTimeout(TLS_FAILURE_WAIT_MILLIS);
            InputStream in = client.getInputStream();
            byte[] header = in.readNBytes(5);
            if (header.length == 5 && header[0] == 22) {
                int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                in.readNBytes(Math.min(length, MAX_RECORD));
            }
            OutputStream out = client.getOutputStream();
            out.write(how == TlsFailure.FATAL_ALERT ? FATAL_HANDSHAKE_FAILURE : NOT_TLS_ANSWER);
            out.flush();
            client.shutdownOutput();
            byte[] sink = new byte[1024];
            int drained = 0;
            int n;
            while (drained < MAX_DRAIN && (n = in.read(sink)) >= 0) {
                drained += n;
            }
        } catch (IOException e) {
            // The client hung up, timed out or the proxy is closing: the socket is closed below either way.
        } finally {
            synchronized (this) {
                failingTls.remove(client);
            }
            closeQuietly(client);
        }
    }

    private static String describe(TlsFailure how) {
        return how == TlsFailure.FATAL_ALERT ? "a fatal handshake_failure alert" : "an answer that is not TLS";
    }

    private void refuse(Duration duration, String cause) {
        Duration d = duration.compareTo(LONGEST) > 0 ? LONGEST : duration;
        synchronized (this) {
            refusing = true;
            refusalEndsAt = System.nanoTime() + d.toNanos();
        }
        record("refuse new connections for " + duration.toMillis() + " ms", cause);
    }

    private synchronized void forget(Link link) {
        open.remove(link.id);
        notifyAll();
    }

    private void record(String what, String cause) {
        String line = what + " (" + cause + ")";
        synchronized (this) {
            faultLog.add(line);
        }
        LOG.info("{}: {}", name, line);
    }

    private void schedule(Runnable task, Duration after) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A scheduled future would keep the exception to itself; a fault that fails must show in the log.
                LOG.warn("{}: a scheduled fault failed", name, e);
            }
        };
        try {
            scheduler.schedule(guarded, after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: every link is reset anyway, nothing is left to end or resume.
        }
    }

    private void stopChaosLocked() {
        if (chaos != null) {
            if (chaos.next != null) {
                chaos.next.cancel(false);
            }
            chaos = null;
        }
    }

    private void apply(ChaosRun run, Chaos.Fault fault) {
        List<Link> candidates;
        synchronized (this) {
            if (run != chaos) {
                return;
            }
            decisions.add(fault);
            candidates = List.copyOf(open.values());
        }
        String cause = "chaos seed " + run.schedule.seed() + ", " + fault.describe();
        if (fault.kind() == Chaos.Kind.REFUSE) {
            refuse(fault.length(), cause);
        } else if (candidates.isEmpty()) {
            record("no link open, nothing to do", cause);
        } else {
            int index = (int) Math.floorMod(fault.target(), (long) candidates.size());
            Link link = candidates.get(index);
            String at = cause + ", link " + (index + 1) + " of " + candidates.size() + " open";
            boolean applied;
            switch (fault.kind()) {
                case CUT:
                    applied = link.cut(at);
                    break;
                case BLACKHOLE_THEN_CUT:
                    applied = link.blackhole(fault.length(), AfterHold.CUT, at);
                    break;
                case BLACKHOLE_THEN_RESUME:
                    applied = link.blackhole(fault.length(), AfterHold.RESUME, at);
                    break;
                default:
                    applied = link.delay(fault.length(), fault.maxChunkDelay(), fault.delaySeed(), at);
                    break;
            }
            if (!applied) {
                record(link + " ended before the fault reached it, nothing to do", at);
            }
        }
        synchronized (this) {
            if (run == chaos) {
                run.scheduleNext();
            }
        }
    }

    private static void requireLength(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + d);
        }
    }

    /** Closes with SO_LINGER 0, so that the peer gets a reset (RST) at once rather than an orderly end. */
    private static void reset(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // Already broken: a plain close is the most left to do.
        }
        closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Nothing to do about a socket that fails to close.
        }
    }

    /** One running chaos schedule; a stopped or replaced one finds itself no longer current and does nothing. */
    private final class ChaosRun {
        final Chaos schedule;
        final Iterator<Chaos.Fault> faults;
        ScheduledFuture<?> next;

        ChaosRun(Chaos schedule) {
            this.schedule = schedule;
            this.faults = schedule.decisions();
        }

        /** Called holding the proxy's lock. */
        void scheduleNext() {
            Chaos.Fault fault = faults.next();
            try {
                next = scheduler.schedule(() -> {
                    try {
                        apply(this, fault);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: chaos stopped by a failure at {}", name, fault.describe(), e);
                    }
                }, fault.after().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The proxy is closing: no more faults.
            }
        }
    }

    /**
     * One relayed connection: a client's socket and the proxy's socket to the target. Its faults can be applied by
     * hand; a {@link Chaos} schedule applies them through the same methods.
     */
    public final class Link {

        private final long id;
        private final Socket client;
        private final Socket server;
        private final AtomicLong toTarget = new AtomicLong();
        private final AtomicLong toClient = new AtomicLong();
        private final AtomicLong held = new AtomicLong();

        // Guarded by this.
        private boolean over;
        private int pumpsDone;
        private boolean blackholed;
        /** Tells a hold's timed end whether a later blackhole, resume or cut has taken over since. */
        private long holdGeneration;
        private boolean delaying;
        private long delayEndsAt;
        private long maxChunkDelayMillis;
        private Random delayToTarget;
        private Random delayToClient;

        private Link(long id, Socket client, Socket server) {
            this.id = id;
            this.client = client;
            this.server = server;
        }

        /** 1 for the proxy's first connection, then counting up. */
        public long id() {
            return id;
        }

        /** Whether the link still relays (neither cut nor closed by a peer). */
        public synchronized boolean isOpen() {
            return !over;
        }

        /** Whether the link is held now: bytes are read but not passed on. */
        public synchronized boolean isBlackholed() {
            return blackholed && !over;
        }

        /** Bytes written to the target on this link. */
        public long bytesToTarget() {
            return toTarget.get();
        }

        /** Bytes written to the client on this link. */
        public long bytesToClient() {
            return toClient.get();
        }

        /**
         * Bytes read from either peer and not forwarded (yet): held by a blackhole or a delay, or, once the link is
         * cut, dropped. A blackholed peer's further bytes wait in the kernel's buffers and do not count.
         */
        public long bytesHeld() {
            return held.get();
        }

        /** Resets both sides at once; bytes held are dropped. Does nothing to a link that is over. */
        public void cut() {
            cut("by hand");
        }

        /**
         * Stops forwarding both ways until {@link #resume()} or {@link #cut()}: the peers see silence (their pings
         * go unanswered, their calls time out), and nothing is lost while the link lasts.
         */
        public void blackhole() {
            blackhole(null, AfterHold.RESUME, "by hand");
        }

        /** Stops forwarding both ways for {@code hold}, then resumes (a long delay) or cuts (an outage). */
        public void blackhole(Duration hold, AfterHold then) {
            requireLength(hold);
            blackhole(hold, Objects.requireNonNull(then, "then"), "by hand");
        }

        /** Ends a blackhole: everything held goes on, in order. */
        public void resume() {
            synchronized (this) {
                if (over || !blackholed) {
                    return;
                }
                record("resume " + this, "by hand");
                blackholed = false;
                holdGeneration++;
                notifyAll();
            }
        }

        /**
         * For {@code burst}, each chunk read (either way) is held for a random time between 0 and
         * {@code maxChunkDelay} (whole milliseconds) before it is forwarded, after the chunk before it: order is
         * kept, and chunks that queue behind a delayed one wait for it as well. The delays come from
         * {@code seed}, one sequence per direction, so the n-th chunk each way always gets the same delay.
         */
        public void delay(Duration burst, Duration maxChunkDelay, long seed) {
            requireLength(burst);
            requireLength(maxChunkDelay);
            delay(burst, maxChunkDelay, seed, "by hand");
        }

        @Override
        public String toString() {
            return "link " + id + " (client port " + client.getPort() + ")";
        }

        private void start() {
            newThread("link-" + id + "-to-target", new Pump(this, client, server, true)).start();
            newThread("link-" + id + "-to-client", new Pump(this, server, client, false)).start();
        }

        private boolean cut(String cause) {
            synchronized (this) {
                if (over) {
                    return false;
                }
                over = true;
                notifyAll();
            }
            cuts.incrementAndGet();
            record("cut " + this, cause);
            resetBoth();
            return true;
        }

        /** Ends the link like a cut, without counting it as a fault: a peer's reset, or the proxy closing. */
        private void abort() {
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                notifyAll();
            }
            resetBoth();
        }

        private void resetBoth() {
            reset(client);
            reset(server);
            forget(this);
        }

        private boolean blackhole(Duration hold, AfterHold then, String cause) {
            long generation;
            synchronized (this) {
                if (over) {
                    return false;
                }
                blackholed = true;
                generation = ++holdGeneration;
            }
            blackholes.incrementAndGet();
            if (hold == null) {
                record("blackhole " + this + " until resumed or cut", cause);
                return true;
            }
            String then2 = then == AfterHold.RESUME ? "resume" : "cut";
            record("blackhole " + this + " for " + hold.toMillis() + " ms, then " + then2, cause);
            schedule(() -> endHold(generation, then, cause), hold);
            return true;
        }

        private void endHold(long generation, AfterHold then, String cause) {
            synchronized (this) {
                if (over || generation != holdGeneration) {
                    return;
                }
                if (then == AfterHold.RESUME) {
                    // Logged before the bytes move, so that whoever sees them arrive finds the line in the log.
                    record("hold over, resume " + this, cause);
                    blackholed = false;
                    notifyAll();
                    return;
                }
                // Claimed here, under the same lock as the check, so that no resume can slip in between.
                over = true;
                notifyAll();
            }
            cuts.incrementAndGet();
            record("hold over, cut " + this, cause);
            resetBoth();
        }

        private boolean delay(Duration burst, Duration maxChunkDelay, long seed, String cause) {
            Duration b = burst.compareTo(LONGEST) > 0 ? LONGEST : burst;
            synchronized (this) {
                if (over) {
                    return false;
                }
                delaying = true;
                delayEndsAt = System.nanoTime() + b.toNanos();
                maxChunkDelayMillis = Math.min(maxChunkDelay.toMillis(), Integer.MAX_VALUE - 1);
                delayToTarget = new Random(seed);
                // A different sequence the other way; any fixed scramble of the seed does.
                delayToClient = new Random(seed ^ 0x9E3779B97F4A7C15L);
            }
            delayBursts.incrementAndGet();
            record("delay " + this + " for " + burst.toMillis() + " ms, chunks up to " + maxChunkDelay.toMillis()
                    + " ms (delay seed " + seed + ")", cause);
            return true;
        }

        /**
         * Waits until a chunk read at {@code readAt} may be forwarded: after its delay, if a burst was on when it
         * was read, and not while the link is held.
         *
         * @return false if the link ended meanwhile, and the chunk must be dropped
         */
        private synchronized boolean awaitRelease(boolean towardsTarget, long readAt) throws InterruptedException {
            long releaseAt = readAt;
            if (delaying && delayEndsAt - readAt > 0 && maxChunkDelayMillis > 0) {
                Random random = towardsTarget ? delayToTarget : delayToClient;
                long millis = random.nextInt((int) maxChunkDelayMillis + 1);
                if (millis > 0) {
                    chunksDelayed.incrementAndGet();
                    releaseAt += TimeUnit.MILLISECONDS.toNanos(millis);
                }
            }
            while (true) {
                if (over) {
                    return false;
                }
                if (blackholed) {
                    wait();
                    continue;
                }
                long left = releaseAt - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private void pumpDone(boolean clean) {
            boolean closeBoth;
            synchronized (this) {
                if (over) {
                    return;
                }
                if (clean && ++pumpsDone < 2) {
                    return;
                }
                over = true;
                notifyAll();
                closeBoth = clean;
            }
            if (closeBoth) {
                // Both peers ended their side in order: an orderly close, no reset.
                closeQuietly(client);
                closeQuietly(server);
                forget(this);
            } else {
                // A peer reset or broke its side: the other peer learns it the same way.
                resetBoth();
            }
        }
    }

    /** Copies one direction of a link, chunk by chunk, through the link's holds and delays. */
    private final class Pump implements Runnable {

        private final Link link;
        private final Socket from;
        private final Socket to;
        private final boolean towardsTarget;

        Pump(Link link, Socket from, Socket to, boolean towardsTarget) {
            this.link = link;
            this.from = from;
            this.to = to;
            this.towardsTarget = towardsTarget;
        }

        @Override
        public void run() {
            boolean clean = false;
            byte[] buffer = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n > 0) {
                        link.held.addAndGet(n);
                    }
                    // The end of the stream waits its turn like any chunk: a held link must not pass a FIN on.
                    if (!link.awaitRelease(towardsTarget, System.nanoTime())) {
                        return;
                    }
                    if (n < 0) {
                        to.shutdownOutput();
                        clean = true;
                        return;
                    }
                    out.write(buffer, 0, n);
                    link.held.addAndGet(-n);
                    // Counted before the next read, so a peer that has seen the end has seen every count too.
                    (towardsTarget ? link.toTarget : link.toClient).addAndGet(n);
                    (towardsTarget ? bytesToTarget : bytesToClient).addAndGet(n);
                }
            } catch (IOException e) {
                // Reset by a peer, or a socket closed under us by a cut or close(): the link is over either way.
            } catch (InterruptedException e) {
                // Nothing interrupts these threads but a JVM shutting down; the link ends below.
                Thread.currentThread().interrupt();
            } finally {
                link.pumpDone(clean);
            }
        }
    }
}
