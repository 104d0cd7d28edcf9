package dev.ocpp.examples.station;

import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.typed.TypedClientBuilder;
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
import java.time.OffsetDateTime;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One simulated charging station: connects (and reconnects by itself after every lost connection, with the
 * {@link RetryBackOff} of its settings, printing each connection state change and back-off delay) and lets the
 * library's {@link StationRuntime} boot it and send its heartbeats: BootNotification at start (again after the
 * interval while the CSMS says Pending or Rejected), Heartbeats at the CSMS's interval (or the station's own, when
 * its settings give one) until closed. After each accepted boot the simulator sends one StatusNotification. What it
 * sends and answers per version is its {@link StationProtocol}: {@link Station16} for OCPP 1.6 and
 * {@link Station201} for OCPP 2.0.1, each of which runs a charging session after the first accepted boot and answers
 * every call the CSMS may make. A protocol may ask the runtime for a fresh boot on the open connection (a 2.0.1 Reset
 * or a triggered BootNotification); the runtime then pauses the heartbeats until that boot is accepted. A reconnect is
 * not a reboot: the runtime sends no BootNotification, and the station carries on where it was, its heartbeats and
 * charging session included (calls made while disconnected wait for the next connection, and a transaction message
 * that gets no answer is sent again). Prints one line per exchange. Thread-safe.
 */
public final class StationSimulator implements AutoCloseable {

    /**
     * How to run the station.
     *
     * @param endpoint          the CSMS URL without the identity, e.g. {@code ws://127.0.0.1:8180/ocpp}
     * @param identity          the station identity
     * @param version           the protocol version offered
     * @param heartbeatInterval the station's own heartbeat interval, kept instead of the one the CSMS returns (a
     *                          ChangeConfiguration / SetVariables of it still applies); {@code null} to obey the
     *                          CSMS
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

    /** The last BootNotification answer's interval and round trip, printed once the runtime has taken it in. */
    private record BootAnswer(long intervalSeconds, Duration elapsed) {
    }

    private final Transports transports;
    private final Settings settings;
    private final Consumer<String> sink;
    private final StationProtocol protocol;
    private final CompletableFuture<OcppSession.CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<ChargingSession> charged = new CompletableFuture<>();
    /** Completes once the StatusNotification after the first accepted boot was answered (or failed). */
    private final CompletableFuture<Void> firstStatus = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private OcppSession session;
    /** Guarded by {@link #lock}. */
    private boolean stopping;
    /** Guarded by {@link #lock}. */
    private int heartbeats;
    /** Guarded by {@link #lock}. */
    private final List<Waiter> waiters = new ArrayList<>();
    /** Guarded by {@link #lock}: set by the listener before the runtime hears of the answer, or null. */
    private BootAnswer lastBoot;
    /** Guarded by {@link #lock}: how far the CSMS's clock is ahead of ours, as its last answer said; null before. */
    private Duration csmsClockAhead;
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
    /** Set by {@link #start()}: the library's runtime that boots the station and sends its heartbeats. */
    private volatile StationRuntime runtime;

    /**
     * @param scheduler runs the pauses of the charging session; owned by the caller
     * @param sink      receives one line per exchange; {@code null} for silence
     */
    public StationSimulator(Transports transports, Settings settings, ScheduledExecutorService scheduler,
                            Consumer<String> sink) {
        this.transports = Objects.requireNonNull(transports, "transports");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(scheduler, "scheduler");
        this.sink = sink;
        this.protocol = settings.version() == OcppVersion.OCPP16
                ? new Station16(new Station16.Settings(settings.identity(), settings.vendor(), settings.model(),
                        Station16.Settings.defaultIdTag(settings.identity()), settings.meterInterval()),
                        scheduler, this::print)
                : new Station201(new Station201.Settings(settings.identity(), settings.vendor(), settings.model(),
                        Station201.Settings.defaultIdToken(settings.identity()), settings.meterInterval()),
                        scheduler, this::print);
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
     * Call once.
     */
    public CompletableFuture<Void> start() {
        StationSecurity security = settings.security();
        SessionConfig.Builder sessions = SessionConfig.builder().listener(new Exchanges());
        if (settings.callTimeout() != null) {
            sessions.callTimeout(settings.callTimeout());
        }
        StationProtocol.Client client = protocol.client(transports, settings.endpoint(), settings.identity(),
                sessions.build(), station -> configure(station, security));
        uri = client.uri();
        runtime = client.runtime();
        runtime.onRegistration(this::onRegistration).onCsmsTime(this::onCsmsTime);
        // The charging session runs once, after the first acceptance and its status report; later boots (a reset,
        // a trigger) report the status again but do not charge again.
        runtime.accepted().thenCompose(accepted -> firstStatus).thenRun(() -> {
            ready.complete(null);
            protocol.afterBoot(session()).whenComplete((session, failure) -> {
                if (failure != null) {
                    charged.completeExceptionally(unwrap(failure));
                } else {
                    charged.complete(session);
                }
            });
        });
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
            }
            // The runtime boots on this connection by itself.
        });
        return ready;
    }

    /** What the simulator decides about the typed station, whatever its version. */
    private void configure(TypedClientBuilder<?> station, StationSecurity security) {
        station.client(b -> {
            b.onConnectionEvent(this::onConnectionEvent);
            if (settings.backOff() != null) {
                b.retryBackOff(settings.backOff());
            }
            if (security != null) {
                security.applyTo(b);
            }
        });
        if (settings.heartbeatInterval() != null) {
            // The station's own interval, e.g. short for a demo: the CSMS's BootNotification answer does not
            // replace it (a later ChangeConfiguration / SetVariables of it still does).
            station.heartbeatInterval(settings.heartbeatInterval())
                    .stationRuntime(r -> r.heartbeatIntervalFromCsms(false));
        }
    }

    /** The runtime took a BootNotification answer in (the boot gating of 2.0.1 already has it). */
    private void onRegistration(RegistrationStatus status) {
        BootAnswer answer;
        synchronized (lock) {
            answer = lastBoot;
        }
        print(String.format("BootNotification -> %s, interval %d s%s", status.value(),
                answer == null ? 0 : answer.intervalSeconds(),
                answer == null ? "" : " (" + millis(answer.elapsed()) + ")"));
        if (status == RegistrationStatus.ACCEPTED) {
            reportAvailable();
        }
    }

    /** After each accepted boot, the connector's status (1.6 §4.9, 2.0.1 B01.FR.05). */
    private void reportAvailable() {
        OcppSession s = session();
        long started = System.nanoTime();
        protocol.reportAvailable(s).whenComplete((answer, e) -> {
            if (e != null) {
                report("StatusNotification", started, e);
            } else {
                print("StatusNotification -> answered (" + elapsed(started) + ")");
            }
            // A refused status is no reason to stop: heartbeats keep the connection's liveness visible.
            firstStatus.complete(null);
        });
    }

    /**
     * The CSMS's time from a BootNotification or Heartbeat answer. The simulator keeps its own clock, so it only
     * says how far apart the two are, when that changes by a second or more (1.6 §4.2 and 2.0.1 B01 ask a real
     * station to set its clock from it).
     */
    private void onCsmsTime(OffsetDateTime csmsTime) {
        Duration ahead = Duration.between(OffsetDateTime.now(), csmsTime);
        boolean changed;
        synchronized (lock) {
            changed = csmsClockAhead == null
                    || ahead.minus(csmsClockAhead).abs().compareTo(Duration.ofSeconds(1)) >= 0;
            if (changed) {
                csmsClockAhead = ahead;
            }
        }
        if (changed) {
            print(String.format("CSMS clock %s, %d ms %s ours", OcppJson.format(csmsTime), ahead.abs().toMillis(),
                    ahead.isNegative() ? "behind" : "ahead of"));
        }
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
                // Known here before the runtime's BootNotification goes out on this connection.
                session = c.session();
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

    /** Closes the session normally, which stops the runtime's timers. Idempotent. */
    @Override
    public void close() {
        OcppSession s;
        synchronized (lock) {
            stopping = true;
            s = session;
        }
        if (s != null) {
            s.close(1000, "Station stopping");
        }
    }

    /** Counts an answered Heartbeat and completes the waiters it satisfies. */
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

    private void onClosed(OcppSession.CloseReason reason) {
        List<Waiter> abandoned;
        boolean expected;
        synchronized (lock) {
            expected = stopping;
            stopping = true;
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
        print(action + " -> failed: " + describe(e) + " (" + elapsed(started) + ")");
    }

    private static String describe(Throwable e) {
        Throwable cause = unwrap(e);
        return cause instanceof CallErrorException err ? "CALLERROR " + err.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void print(String line) {
        if (sink != null) {
            sink.accept(String.format("%-10s %-9s %s", identity(), settings.version(), line));
        }
    }

    private static String elapsed(long startedNanos) {
        return millis(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static String millis(Duration d) {
        return String.format("%.1f ms", d.toNanos() / 1e6);
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

    /**
     * Prints the CSMS's calls and how they were answered, and the outcome of the BootNotifications and Heartbeats the
     * runtime sends; counts the answered Heartbeats (a triggered one too). Called before the caller sees the outcome.
     */
    private final class Exchanges implements OcppEventListener {
        @Override
        public void callEnded(OcppSession s, Frame.Call call, Frame.CallResult result, Duration elapsed) {
            switch (call.action()) {
                case "BootNotification" -> {
                    // Printed once the runtime has taken the status in (onRegistration), which follows this.
                    synchronized (lock) {
                        lastBoot = new BootAnswer(result.payload().path("interval").asLong(0), elapsed);
                    }
                }
                case "Heartbeat" -> {
                    print("Heartbeat -> currentTime " + result.payload().path("currentTime").asText()
                            + " (" + millis(elapsed) + ")");
                    countHeartbeat();
                }
                default -> {
                }
            }
        }

        @Override
        public void callFailed(OcppSession s, Frame.Call call, Throwable cause, Duration elapsed) {
            // The runtime sends them again (BootNotification) or at the next interval (Heartbeat) by itself.
            if (call.action().equals("BootNotification") || call.action().equals("Heartbeat")) {
                print(call.action() + " -> failed: " + describe(cause) + " (" + millis(elapsed) + ")");
            }
        }

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
