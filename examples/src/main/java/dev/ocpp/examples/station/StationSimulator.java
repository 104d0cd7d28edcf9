package dev.ocpp.examples.station;

import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated charging station: connects (and reconnects by itself after every lost connection, with the
 * {@link RetryBackOff} of its settings, printing each connection state change and back-off delay), sends
 * BootNotification (again after the interval while the CSMS says
 * Pending or Rejected), then one StatusNotification, then Heartbeats until closed. What it sends and answers per
 * version is its {@link StationProtocol}: {@link Station16} for OCPP 1.6 and {@link Station201} for OCPP 2.0.1,
 * each of which runs a charging session after the first accepted boot and answers every call the CSMS may make.
 * A protocol may ask for a fresh boot on the open connection (a 2.0.1 Reset or triggered BootNotification); the
 * heartbeats then pause until that boot is accepted. A reconnect is not a reboot: the station carries on where it
 * was, its heartbeats and charging session included (calls made while disconnected wait for the next connection,
 * and a transaction message that gets no answer is sent again). Prints one line per exchange. Thread-safe.
 */
public final class StationSimulator implements AutoCloseable {

    /** Used when a BootNotification answer carries no usable interval. */
    private static final Duration FALLBACK_INTERVAL = Duration.ofSeconds(10);

    /**
     * How to run the station.
     *
     * @param endpoint          the CSMS URL without the identity, e.g. {@code ws://127.0.0.1:8180/ocpp}
     * @param identity          the station identity
     * @param version           the protocol version offered
     * @param heartbeatInterval overrides the interval the CSMS returns; {@code null} to obey the CSMS
     * @param vendor            sent in BootNotification
     * @param model             sent in BootNotification
     * @param meterInterval     the pause between the steps of the charging session after boot
     * @param security          the security profile to connect with (password, TLS, client certificate);
     *                          {@code null} for none: plain {@code ws://} without authentication
     * @param backOff           the wait before each reconnect; {@code null} for the library's default
     * @param callTimeout       how long a call waits for its answer; {@code null} for the library's default
     */
    public record Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                           String vendor, String model, Duration meterInterval, StationSecurity security,
                           RetryBackOff backOff, Duration callTimeout) {
        /** The pause between meter samples unless set. */
        public static final Duration DEFAULT_METER_INTERVAL = Duration.ofSeconds(1);

        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(meterInterval, "meterInterval");
            if (heartbeatInterval != null && (heartbeatInterval.isNegative() || heartbeatInterval.isZero())) {
                throw new IllegalArgumentException("heartbeat interval must be positive");
            }
            if (meterInterval.isNegative()) {
                throw new IllegalArgumentException("meter interval must not be negative");
            }
            if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
                throw new IllegalArgumentException("call timeout must be positive");
            }
        }

        /** Settings with the library's reconnect back-off and call timeout. */
        public Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                        String vendor, String model, Duration meterInterval, StationSecurity security) {
            this(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval, security, null, null);
        }

        /** These settings with another reconnect back-off. */
        public Settings withBackOff(RetryBackOff newBackOff) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, newBackOff, callTimeout);
        }

        /** These settings with another call timeout. */
        public Settings withCallTimeout(Duration newCallTimeout) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, backOff, newCallTimeout);
        }

        /** Settings without a security profile. */
        public Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                        String vendor, String model, Duration meterInterval) {
            this(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval, null);
        }

        /** Settings with the {@link #DEFAULT_METER_INTERVAL} and without a security profile. */
        public Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                        String vendor, String model) {
            this(endpoint, identity, version, heartbeatInterval, vendor, model, DEFAULT_METER_INTERVAL);
        }
    }

    private record Waiter(int heartbeats, CompletableFuture<Void> future) {
    }

    private final Transports transports;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> sink;
    private final StationProtocol protocol;
    private final CompletableFuture<OcppSession.CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<ChargingSession> charged = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private OcppSession session;
    /** Guarded by {@link #lock}. */
    private ScheduledFuture<?> nextTask;
    /** Guarded by {@link #lock}. */
    private boolean stopping;
    /** Guarded by {@link #lock}. */
    private int heartbeats;
    /** Guarded by {@link #lock}. */
    private final List<Waiter> waiters = new ArrayList<>();
    /** Guarded by {@link #lock}. Seconds, as reported to GetConfiguration / GetVariables. */
    private long intervalSeconds;
    /**
     * Guarded by {@link #lock}: counts the boots on this connection, so that the answers and timers of a boot that
     * a newer one replaced are ignored.
     */
    private int generation;
    /** Guarded by {@link #lock}: the charging session after boot runs once, not after every boot. */
    private boolean afterBootStarted;
    /** Guarded by {@link #lock}: when the connection was lost, while reconnecting; 0 otherwise. */
    private long lostAtNanos;
    /** Guarded by {@link #lock}. */
    private boolean everConnected;
    /** Guarded by {@link #lock}. */
    private boolean sessionEnded;
    /** Guarded by {@link #lock}. */
    private int reconnects;
    /** Guarded by {@link #lock}: waiting for the next reconnect. */
    private final List<CompletableFuture<Duration>> reconnectWaiters = new ArrayList<>();
    /** Where the station connects: the endpoint plus its identity; set by {@link #start()}. */
    private volatile URI uri;
    /** What {@link #start()} returns: completes once the first boot was accepted and its status answered. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    /**
     * @param scheduler runs the heartbeat and boot-retry timers; owned by the caller
     * @param sink      receives one line per exchange; {@code null} for silence
     */
    public StationSimulator(Transports transports, Settings settings, ScheduledExecutorService scheduler,
                            Consumer<String> sink) {
        this.transports = Objects.requireNonNull(transports, "transports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sink = sink;
        this.intervalSeconds = settings.heartbeatInterval() == null ? 0
                : Math.max(1, settings.heartbeatInterval().toSeconds());
        this.protocol = settings.version() == OcppVersion.OCPP16
                ? new Station16(new Station16.Settings(settings.identity(), settings.vendor(), settings.model(),
                        Station16.Settings.defaultIdTag(settings.identity()), settings.meterInterval()),
                        this::intervalSeconds, scheduler, this::print)
                : new Station201(new Station201.Settings(settings.identity(), settings.vendor(), settings.model(),
                        Station201.Settings.defaultIdToken(settings.identity()), settings.meterInterval()),
                        this::intervalSeconds, this::bootNow, scheduler, this::print);
    }

    public String identity() {
        return settings.identity();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Connects and boots. The future completes once BootNotification was accepted and StatusNotification
     * answered, with the heartbeats then running; it fails if the first connection cannot be made or the station
     * is closed first. After the first connection the station reconnects by itself whenever the connection is lost.
     */
    public CompletableFuture<Void> start() {
        StationSecurity security = settings.security();
        SessionConfig.Builder sessions = SessionConfig.builder().listener(new IncomingCalls());
        if (settings.callTimeout() != null) {
            sessions.callTimeout(settings.callTimeout());
        }
        StationProtocol.Client client = protocol.client(transports, settings.endpoint(), settings.identity(),
                sessions.build(),
                b -> {
                    b.onConnectionEvent(this::onConnectionEvent);
                    if (settings.backOff() != null) {
                        b.retryBackOff(settings.backOff());
                    }
                    if (security != null) {
                        security.applyTo(b);
                    }
                });
        uri = client.uri();
        client.connect().get().whenComplete((s, e) -> {
            if (e != null) {
                Throwable cause = unwrap(e);
                print("could not connect to " + client.uri() + ": " + withoutUri(cause.getMessage(), client.uri()));
                closed.complete(new OcppSession.CloseReason(1006, String.valueOf(cause.getMessage())));
                ready.completeExceptionally(cause);
                charged.completeExceptionally(cause);
                failReconnectWaiters(cause);
                return;
            }
            boolean alreadyStopping;
            synchronized (lock) {
                session = s;
                alreadyStopping = stopping;
            }
            s.closeFuture().thenAccept(this::onClosed);
            if (alreadyStopping) {
                s.close();
                return;
            }
            boot(s, 0);
        });
        return ready;
    }

    /**
     * Completes with how long the station was away once it has reconnected after its next lost connection; fails if
     * the station stops first.
     */
    public CompletableFuture<Duration> nextReconnect() {
        CompletableFuture<Duration> f = new CompletableFuture<>();
        synchronized (lock) {
            if (sessionEnded) {
                f.completeExceptionally(new ConnectionClosedException(identity() + " has stopped"));
            } else {
                reconnectWaiters.add(f);
            }
        }
        return f;
    }

    /** How many times the station has reconnected after a lost connection. */
    public int reconnectCount() {
        synchronized (lock) {
            return reconnects;
        }
    }

    /** Prints each connection state change and back-off delay; times the reconnects. */
    private void onConnectionEvent(ConnectionEvent event) {
        String securityNote = settings.security() == null ? ""
                : " (security profile " + settings.security().profile().number() + ")";
        if (event instanceof ConnectionEvent.Connecting c) {
            if (c.attempt() > 1 || connectedOnce()) {
                print("connecting to " + c.uri() + " (attempt " + c.attempt() + ")");
            }
        } else if (event instanceof ConnectionEvent.Connected c) {
            Duration away = null;
            List<CompletableFuture<Duration>> due = List.of();
            synchronized (lock) {
                everConnected = true;
                if (lostAtNanos != 0) {
                    away = Duration.ofNanos(System.nanoTime() - lostAtNanos);
                    lostAtNanos = 0;
                    reconnects++;
                    due = new ArrayList<>(reconnectWaiters);
                    reconnectWaiters.clear();
                }
            }
            if (away == null) {
                print("connected to " + uri + " with subprotocol " + c.version().subprotocol() + securityNote);
            } else {
                print(String.format("reconnected to %s with subprotocol %s%s after %d ms", uri,
                        c.version().subprotocol(), securityNote, away.toMillis()));
            }
            Duration d = away;
            due.forEach(f -> f.complete(d));
        } else if (event instanceof ConnectionEvent.Disconnected d) {
            boolean expected;
            synchronized (lock) {
                expected = stopping;
                if (!expected && lostAtNanos == 0) {
                    lostAtNanos = System.nanoTime();
                }
            }
            print(String.format("disconnected (%d%s, closed by %s)%s", d.code(),
                    d.reason() == null || d.reason().isEmpty() ? "" : " " + d.reason(),
                    d.closedBy().name().toLowerCase(java.util.Locale.ROOT),
                    expected ? "" : "; will reconnect"));
        } else if (event instanceof ConnectionEvent.HandshakeRefused r) {
            if (connectedOnce()) {
                print("reconnect refused: HTTP " + r.status() + (r.reason() == null ? "" : " " + r.reason()));
            }
        } else if (event instanceof ConnectionEvent.ConnectFailed f) {
            if (connectedOnce()) {
                print("reconnect failed: " + withoutUri(String.valueOf(unwrap(f.cause()).getMessage()), uri));
            }
        } else if (event instanceof ConnectionEvent.ReconnectScheduled r) {
            print(String.format("reconnecting in %d ms (back-off, attempt %d)", r.delay().toMillis(), r.attempt()));
        }
    }

    private boolean connectedOnce() {
        synchronized (lock) {
            return everConnected;
        }
    }

    private void failReconnectWaiters(Throwable cause) {
        List<CompletableFuture<Duration>> abandoned;
        synchronized (lock) {
            sessionEnded = true;
            abandoned = new ArrayList<>(reconnectWaiters);
            reconnectWaiters.clear();
        }
        abandoned.forEach(f -> f.completeExceptionally(cause));
    }

    /** Completes once {@code n} heartbeats have been answered in total. */
    public CompletableFuture<Void> heartbeats(int n) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (lock) {
            if (heartbeats >= n) {
                f.complete(null);
            } else {
                waiters.add(new Waiter(n, f));
            }
        }
        return f;
    }

    /**
     * Completes with the charging session run after the first accepted boot; exceptionally if it failed or the
     * connection closed first.
     */
    public CompletableFuture<ChargingSession> charged() {
        return charged;
    }

    /** The number of heartbeats answered so far. */
    public int heartbeatCount() {
        synchronized (lock) {
            return heartbeats;
        }
    }

    /** The open session, if connected. */
    public OcppSession session() {
        synchronized (lock) {
            return session;
        }
    }

    /** Completes when the station has stopped (closed, or its first connection could not be made). Never exceptionally. */
    public CompletableFuture<OcppSession.CloseReason> closed() {
        return closed;
    }

    /** Stops the timers and closes the connection normally. Idempotent. */
    @Override
    public void close() {
        OcppSession s;
        synchronized (lock) {
            stopping = true;
            if (nextTask != null) {
                nextTask.cancel(false);
            }
            s = session;
        }
        if (s != null) {
            s.close(1000, "Station stopping");
        }
    }

    private long intervalSeconds() {
        synchronized (lock) {
            return intervalSeconds;
        }
    }

    /**
     * Boots again at once on the open connection, as a protocol asks after accepting a Reset or a triggered
     * BootNotification. A boot retry or heartbeat still pending belongs to the boot this one replaces.
     */
    private void bootNow() {
        OcppSession s;
        int gen;
        synchronized (lock) {
            if (stopping || session == null) {
                return;
            }
            gen = ++generation;
            if (nextTask != null) {
                nextTask.cancel(false);
            }
            s = session;
        }
        boot(s, gen);
    }

    private void boot(OcppSession s, int gen) {
        long started = System.nanoTime();
        protocol.boot(s).whenComplete((answer, e) -> {
            if (!current(gen)) {
                return;
            }
            if (e != null) {
                report("BootNotification", started, e);
                schedule(gen, () -> boot(s, gen), FALLBACK_INTERVAL);
                return;
            }
            long interval = answer.intervalSeconds();
            print(String.format("BootNotification -> %s, interval %d s (%s)", answer.status(), interval,
                    elapsed(started)));
            Duration csmsInterval = interval > 0 ? Duration.ofSeconds(interval) : FALLBACK_INTERVAL;
            if (!answer.accepted()) {
                // Pending and Rejected both mean: try again after the interval (1.6 §4.2, 2.0.1 B02/B03).
                schedule(gen, () -> boot(s, gen), csmsInterval);
                return;
            }
            Duration heartbeat = settings.heartbeatInterval() != null ? settings.heartbeatInterval() : csmsInterval;
            synchronized (lock) {
                intervalSeconds = Math.max(1, heartbeat.toSeconds());
            }
            sendStatus(s, gen, heartbeat);
        });
    }

    private void sendStatus(OcppSession s, int gen, Duration heartbeat) {
        long started = System.nanoTime();
        protocol.reportAvailable(s).whenComplete((answer, e) -> {
            if (e != null) {
                report("StatusNotification", started, e);
            } else {
                print("StatusNotification -> answered (" + elapsed(started) + ")");
            }
            // A refused status is no reason to stop: heartbeats keep the connection's liveness visible.
            ready.complete(null);
            schedule(gen, () -> heartbeat(s, gen, heartbeat), heartbeat);
            boolean first;
            synchronized (lock) {
                first = !afterBootStarted;
                afterBootStarted = true;
            }
            if (!first) {
                return;
            }
            protocol.afterBoot(s).whenComplete((session, failure) -> {
                if (failure != null) {
                    charged.completeExceptionally(unwrap(failure));
                } else {
                    charged.complete(session);
                }
            });
        });
    }

    private void heartbeat(OcppSession s, int gen, Duration interval) {
        long started = System.nanoTime();
        protocol.heartbeat(s).whenComplete((currentTime, e) -> {
            if (e != null) {
                // A lost connection is no reason to stop: the session reconnects and the next one goes out then.
                report("Heartbeat", started, e);
            } else {
                print("Heartbeat -> currentTime " + currentTime + " (" + elapsed(started) + ")");
                countHeartbeat();
            }
            schedule(gen, () -> heartbeat(s, gen, interval), interval);
        });
    }

    private void countHeartbeat() {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (lock) {
            heartbeats++;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (heartbeats >= w.heartbeats()) {
                    due.add(w.future());
                    it.remove();
                }
            }
        }
        due.forEach(f -> f.complete(null));
    }

    /** Runs {@code task} after {@code delay}, unless the station is stopping or a newer boot took over. */
    private void schedule(int gen, Runnable task, Duration delay) {
        synchronized (lock) {
            if (stopping || gen != generation) {
                return;
            }
            nextTask = scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean current(int gen) {
        synchronized (lock) {
            return gen == generation;
        }
    }

    private void onClosed(OcppSession.CloseReason reason) {
        List<Waiter> abandoned;
        boolean expected;
        synchronized (lock) {
            expected = stopping;
            stopping = true;
            if (nextTask != null) {
                nextTask.cancel(false);
            }
            abandoned = new ArrayList<>(waiters);
            waiters.clear();
        }
        print(String.format("stopped (%d%s)", reason.code(),
                reason.reason() == null || reason.reason().isEmpty() ? "" : " " + reason.reason()));
        failReconnectWaiters(new ConnectionClosedException(identity() + " has stopped"));
        ConnectionClosedException lost = new ConnectionClosedException(identity() + " disconnected"
                + (expected ? "" : " unexpectedly") + " (" + reason.code() + ")");
        ready.completeExceptionally(lost);
        charged.completeExceptionally(lost);
        abandoned.forEach(w -> w.future().completeExceptionally(lost));
        closed.complete(reason);
    }

    private void report(String action, long started, Throwable e) {
        Throwable cause = unwrap(e);
        String what = cause instanceof CallErrorException err ? "CALLERROR " + err.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        print(action + " -> failed: " + what + " (" + elapsed(started) + ")");
    }

    private void print(String line) {
        if (sink != null) {
            sink.accept(String.format("%-10s %-9s %s", identity(), settings.version(), line));
        }
    }

    private static String elapsed(long startedNanos) {
        return String.format("%.1f ms", (System.nanoTime() - startedNanos) / 1e6);
    }

    /** The client and transport each say where they could not connect; once is enough. */
    private static String withoutUri(String message, URI uri) {
        String repeated = "Could not connect to " + uri + ": ";
        String m = String.valueOf(message);
        while (m.startsWith(repeated)) {
            m = m.substring(repeated.length());
        }
        return m;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Prints the CSMS's calls and how they were answered. */
    private final class IncomingCalls implements OcppEventListener {
        @Override
        public void incomingCallAnswered(OcppSession s, Frame.Call call, Frame answer, Duration elapsed) {
            String outcome = answer instanceof Frame.CallError err
                    ? "CALLERROR " + err.errorCode() + (err.errorDescription().isEmpty() ? ""
                            : " (" + err.errorDescription() + ")")
                    : "CALLRESULT";
            print(String.format("%s <- from CSMS, answered %s", call.action(), outcome));
        }
    }
}
