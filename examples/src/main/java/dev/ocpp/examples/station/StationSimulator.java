package dev.ocpp.examples.station;

import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.StoredMessage;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One simulated charging station: connects (and reconnects by itself after every lost connection, with the
 * {@link RetryBackOff} of its settings, printing each connection state change and back-off delay) and lets the
 * library's {@link StationRuntime} boot it and send its heartbeats: BootNotification at start (again after the
 * interval while the CSMS says Pending or Rejected), Heartbeats at the CSMS's interval (or the station's own, when
 * its settings give one) until closed. After each accepted boot the simulator sends one StatusNotification. What it
 * sends and answers per version is its {@link StationProtocol}: {@link Station16} for OCPP 1.6 and
 * {@link Station201} for OCPP 2.0.1, each of which charges and answers every call the CSMS may make. A protocol may
 * ask the runtime for a fresh boot on the open connection (a 2.0.1 Reset or a triggered BootNotification); the runtime
 * then pauses the heartbeats until that boot is accepted. A reconnect is not a reboot: the runtime sends no
 * BootNotification, and the station carries on where it was, its heartbeats and charging session included.
 *
 * <p>Its transaction messages go through a {@link DeliveryQueue} in the store of its {@link Delivery} settings (gated
 * on the runtime: nothing leaves it before an accepted boot), which keeps them across lost connections and retries
 * them; a {@link DeliveryLog} prints what becomes of each. After the first accepted boot and status report the
 * station first ends the transactions a previous run on the same store left open (with reason PowerLoss), then runs
 * its {@link Settings#transactions()} charging sessions one after another. {@link #close()} switches it off: a session
 * under way stops without ending its transaction, which the next run on the same store ends. Prints one line per
 * exchange. Thread-safe.
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
     * @param transactions      how many charging sessions to run one after another after the first accepted boot
     * @param meterValues       how many meter samples each charging session sends before it stops
     * @param delivery          how the transaction messages are queued; {@code null} for {@link Delivery#defaults()}
     * @param secureEndpoint    OCPP 1.6 only: the {@code wss://} CSMS URL without the identity where the station goes
     *                          when the CSMS raises its security profile to 2 (ChangeConfiguration of
     *                          {@code SecurityProfile}, security white paper A05, which carries no URL), trusting the
     *                          CSMS root it installed first; {@code null} for none: such a raise is Rejected. A 2.0.1
     *                          station is told the URL in SetNetworkProfile (B09) and ignores this
     */
    public record Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                           String vendor, String model, Duration meterInterval, StationSecurity security,
                           RetryBackOff backOff, Duration callTimeout, int transactions, int meterValues,
                           Delivery delivery, URI secureEndpoint) {
        /** The pause between meter samples unless set. */
        public static final Duration DEFAULT_METER_INTERVAL = Duration.ofSeconds(1);
        /** Meter samples per charging session unless set. */
        public static final int DEFAULT_METER_VALUES = 3;

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
            if (transactions < 0) {
                throw new IllegalArgumentException("transactions must not be negative");
            }
            if (meterValues < 0) {
                throw new IllegalArgumentException("meter values must not be negative");
            }
            if (delivery == null) {
                delivery = Delivery.defaults();
            }
            if (secureEndpoint != null && !"wss".equalsIgnoreCase(secureEndpoint.getScheme())) {
                throw new IllegalArgumentException("the secure endpoint must be wss://, not " + secureEndpoint);
            }
        }

        /** Settings without a secure endpoint to raise the security profile on. */
        public Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                        String vendor, String model, Duration meterInterval, StationSecurity security,
                        RetryBackOff backOff, Duration callTimeout, int transactions, int meterValues,
                        Delivery delivery) {
            this(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval, security, backOff,
                    callTimeout, transactions, meterValues, delivery, null);
        }

        /** Settings with the library's reconnect back-off and call timeout, charging once. */
        public Settings(URI endpoint, String identity, OcppVersion version, Duration heartbeatInterval,
                        String vendor, String model, Duration meterInterval, StationSecurity security) {
            this(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval, security, null, null,
                    1, DEFAULT_METER_VALUES, null);
        }

        /** These settings with another reconnect back-off. */
        public Settings withBackOff(RetryBackOff newBackOff) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, newBackOff, callTimeout, transactions, meterValues, delivery, secureEndpoint);
        }

        /** These settings with another call timeout. */
        public Settings withCallTimeout(Duration newCallTimeout) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, backOff, newCallTimeout, transactions, meterValues, delivery, secureEndpoint);
        }

        /** These settings running {@code n} charging sessions one after another ({@code 0}: none). */
        public Settings withTransactions(int n) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, backOff, callTimeout, n, meterValues, delivery, secureEndpoint);
        }

        /** These settings with {@code n} meter samples per charging session. */
        public Settings withMeterValues(int n) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, backOff, callTimeout, transactions, n, delivery, secureEndpoint);
        }

        /** These settings queueing the transaction messages as {@code newDelivery} says. */
        public Settings withDelivery(Delivery newDelivery) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, backOff, callTimeout, transactions, meterValues, newDelivery, secureEndpoint);
        }

        /**
         * These settings with {@code wss://} endpoint {@code url} (without the identity) to go to when an OCPP 1.6
         * CSMS raises the security profile; {@code null} for none.
         */
        public Settings withSecureEndpoint(URI url) {
            return new Settings(endpoint, identity, version, heartbeatInterval, vendor, model, meterInterval,
                    security, backOff, callTimeout, transactions, meterValues, delivery, url);
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

    /**
     * How a station's transaction messages are queued ({@link DeliveryQueue}; OCPP 1.6 §3.7, §3.7.1, 2.0.1 E04, E13).
     * Every value left {@code null} is the library's default.
     *
     * @param store          where the queue keeps its messages and the station its open transactions; the simulator
     *                       owns it from {@link StationSimulator#start()} on and closes it once stopped; {@code null}
     *                       for a fresh in-memory one
     * @param attempts       how many transmissions of a message may fail before it is given up
     *                       ({@code TransactionMessageAttempts}, {@code MessageAttempts}) until the CSMS sets another
     * @param retryInterval  the base of the wait before a retransmission ({@code TransactionMessageRetryInterval},
     *                       {@code MessageAttemptInterval}) until the CSMS sets another
     * @param replayDelay    after a (re)connection with messages waiting, the most the station waits (a random part of
     *                       it) before sending them, so that a fleet does not flood a restarted CSMS at once
     * @param replayInterval the pause between those messages until the queue has caught up; set with
     *                       {@code replayDelay}, both or neither
     */
    public record Delivery(MessageStore store, Integer attempts, Duration retryInterval, Duration replayDelay,
                           Duration replayInterval) {
        public Delivery {
            if (attempts != null && attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            if (retryInterval != null && retryInterval.isNegative()) {
                throw new IllegalArgumentException("retry interval must not be negative");
            }
            if ((replayDelay == null) != (replayInterval == null)) {
                throw new IllegalArgumentException("give the replay delay and interval together, or neither");
            }
            if (replayDelay != null && (replayDelay.isNegative() || replayInterval.isNegative())) {
                throw new IllegalArgumentException("replay pacing must not be negative");
            }
        }

        /** The pause between replayed messages the library uses unless told otherwise. */
        public static final Duration DEFAULT_REPLAY_INTERVAL = Duration.ofMillis(100);

        /** A fresh in-memory store and the library's retries and replay pacing. */
        public static Delivery defaults() {
            return new Delivery(null, null, null, null, null);
        }

        /** These settings keeping the messages in {@code newStore}. */
        public Delivery withStore(MessageStore newStore) {
            return new Delivery(newStore, attempts, retryInterval, replayDelay, replayInterval);
        }

        /** These settings with other retries; {@code null} for the library's. */
        public Delivery withRetries(Integer newAttempts, Duration newInterval) {
            return new Delivery(store, newAttempts, newInterval, replayDelay, replayInterval);
        }

        /** These settings with another replay pacing. */
        public Delivery withReplayPacing(Duration delay, Duration interval) {
            return new Delivery(store, attempts, retryInterval, delay, interval);
        }
    }

    private record Waiter(int heartbeats, CompletableFuture<Void> future) {
    }

    /** The last BootNotification answer's interval and round trip, printed once the runtime has taken it in. */
    private record BootAnswer(long intervalSeconds, Duration elapsed) {
    }

    private final Transports transports;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> sink;
    private final StationProtocol protocol;
    private final DeliveryLog deliveryLog;
    private final CompletableFuture<OcppSession.CloseReason> closed = new CompletableFuture<>();
    /** The first charging session after boot (of {@link Settings#transactions()}). */
    private final CompletableFuture<ChargingSession> charged = new CompletableFuture<>();
    /** All of them. */
    private final CompletableFuture<List<ChargingSession>> sessions = new CompletableFuture<>();
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
    /** Guarded by {@link #lock}: waiting for the next lost connection. */
    private final List<CompletableFuture<Void>> disconnectWaiters = new ArrayList<>();
    /** Where the station connects: the endpoint plus its identity; set by {@link #start()}. */
    private volatile URI uri;
    /** What {@link #start()} returns: completes once the first boot was accepted and its status answered. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Set by {@link #start()}: the library's runtime that boots the station and sends its heartbeats. */
    private volatile StationRuntime runtime;
    /** Set by {@link #start()}: the queue of the station's transaction messages. */
    private volatile DeliveryQueue queue;

    /**
     * @param scheduler runs the pauses of the charging session; owned by the caller
     * @param sink      receives one line per exchange; {@code null} for silence
     */
    public StationSimulator(Transports transports, Settings settings, ScheduledExecutorService scheduler,
                            Consumer<String> sink) {
        this.transports = Objects.requireNonNull(transports, "transports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sink = sink;
        this.protocol = settings.version() == OcppVersion.OCPP16
                ? new Station16(new Station16.Settings(settings.identity(), settings.vendor(), settings.model(),
                        Station16.Settings.defaultIdTag(settings.identity()), settings.meterInterval(),
                        settings.meterValues()), scheduler, this::print)
                : new Station201(new Station201.Settings(settings.identity(), settings.vendor(), settings.model(),
                        Station201.Settings.defaultIdToken(settings.identity()), settings.meterInterval(),
                        settings.meterValues()), scheduler, this::print);
        protocol.security(settings.security(), settings.secureEndpoint());
        this.deliveryLog = new DeliveryLog(settings.identity(), this::print, () -> {
            OcppSession s = session();
            return s == null || !s.isOpen();
        });
    }

    /**
     * Whether the station's output lines show its idTags/idTokens; masked unless {@code show}. Call before
     * {@link #start()}.
     */
    public StationSimulator showSecrets(boolean show) {
        protocol.showSecrets(show);
        return this;
    }

    public String identity() {
        return settings.identity();
    }

    public Settings settings() {
        return settings;
    }

    /** What {@link #start()} returned (a copy): for whoever did not start the station itself. */
    public CompletableFuture<Void> booted() {
        return ready.copy();
    }

    /**
     * Connects and boots. The future completes once BootNotification was accepted and StatusNotification
     * answered, with the heartbeats then running; it fails if the first connection cannot be made or the station
     * is closed first. After the first connection the station reconnects by itself whenever the connection is lost.
     * Call once.
     */
    public CompletableFuture<Void> start() {
        StationSecurity security = settings.security();
        SessionConfig.Builder config = SessionConfig.builder().listener(new Exchanges());
        if (settings.callTimeout() != null) {
            config.callTimeout(settings.callTimeout());
        }
        StationProtocol.Client client = protocol.client(transports, settings.endpoint(), settings.identity(),
                config.build(), station -> configure(station, security));
        uri = client.uri();
        runtime = client.runtime();
        queue = client.delivery();
        deliveryLog.serve(queue);
        // The queue starts from its version's defaults; the settings override either value.
        Delivery d = settings.delivery();
        DeliveryPolicy.RetrySettings retry = queue.retrySettings();
        if (d.attempts() != null) {
            retry = retry.withAttempts(d.attempts());
        }
        if (d.retryInterval() != null) {
            retry = retry.withInterval(d.retryInterval());
        }
        queue.retrySettings(retry);
        if (queue.depth() > 0) {
            print(queue.depth() + " message(s) queued before the restart await delivery");
        }
        runtime.onRegistration(this::onRegistration).onCsmsTime(this::onCsmsTime);
        // The charging sessions run once, after the first acceptance and its status report; later boots (a reset,
        // a trigger) report the status again but do not charge again. Transactions a previous run left open are
        // ended before anything new is charged.
        runtime.accepted().thenCompose(accepted -> firstStatus).thenRun(() -> {
            ready.complete(null);
            OcppSession s = session();
            try {
                protocol.recover(s);
            } catch (RuntimeException e) {
                print("Could not end the transactions left open: " + describe(e));
            }
            chargeSessions(s);
        });
        client.connect().get().whenComplete((s, e) -> {
            if (e != null) {
                Throwable cause = unwrap(e);
                print("could not connect to " + client.uri() + ": " + withoutUri(cause.getMessage(), client.uri()));
                protocol.halt();
                closeStore();
                closed.complete(new OcppSession.CloseReason(1006, String.valueOf(cause.getMessage())));
                ready.completeExceptionally(cause);
                charged.completeExceptionally(cause);
                sessions.completeExceptionally(cause);
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
        Delivery d = settings.delivery();
        station.delivery(q -> {
            if (d.store() != null) {
                q.store(d.store());
            }
            if (d.replayDelay() != null) {
                q.replayPacing(d.replayDelay(), d.replayInterval());
            }
            // From the start, so that it hears of the messages a previous run left in the store too.
            q.listener(deliveryLog);
        });
    }

    /**
     * After the first accepted boot: the settings' number of charging sessions, one after another with a meter
     * interval between them (the next car arrives), each once the connector is free.
     */
    private void chargeSessions(OcppSession s) {
        int n = settings.transactions();
        List<ChargingSession> done = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) {
            boolean first = i == 0;
            chain = chain.thenCompose(previous -> first ? CompletableFuture.<Void>completedFuture(null)
                            : Async.delay(scheduler, settings.meterInterval()))
                    .thenCompose(pause -> protocol.charge(s))
                    .thenAccept(session -> {
                        done.add(session);
                        if (first) {
                            charged.complete(session);
                        }
                    });
        }
        chain.whenComplete((all, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                charged.completeExceptionally(cause);
                sessions.completeExceptionally(cause);
                return;
            }
            if (n == 0) {
                charged.complete(null);
            } else if (n > 1) {
                print("All " + n + " charging sessions done");
            }
            sessions.complete(List.copyOf(done));
        });
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

    /**
     * Completes once the station has noticed that its connection is lost (its session has no connection then); fails
     * if the station stops first.
     */
    public CompletableFuture<Void> nextDisconnect() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (lock) {
            if (sessionEnded) {
                f.completeExceptionally(new ConnectionClosedException(identity() + " has stopped"));
            } else {
                disconnectWaiters.add(f);
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
        // Where the station connects and with which security profile may change once raised (1.6 A05, 2.0.1 A05).
        OcppClient client = OcppClient.of(event.session()).orElse(null);
        URI uri = client == null ? this.uri : client.uri();
        int profile = client == null ? (settings.security() == null ? 0 : settings.security().profile().number())
                : client.connectionProfile().securityProfile();
        String securityNote = settings.security() == null && profile == 0 ? ""
                : " (security profile " + profile + ")";
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
            List<CompletableFuture<Void>> due;
            synchronized (lock) {
                expected = stopping;
                if (!expected && lostAtNanos == 0) {
                    lostAtNanos = System.nanoTime();
                }
                due = new ArrayList<>(disconnectWaiters);
                disconnectWaiters.clear();
            }
            print(String.format("disconnected (%d%s, closed by %s)%s", d.code(),
                    d.reason() == null || d.reason().isEmpty() ? "" : " " + d.reason(),
                    d.closedBy().name().toLowerCase(java.util.Locale.ROOT),
                    expected ? "" : "; will reconnect"));
            due.forEach(f -> f.complete(null));
        } else if (event instanceof ConnectionEvent.HandshakeRefused r) {
            if (connectedOnce()) {
                print("reconnect refused: HTTP " + r.status() + (r.reason() == null ? "" : " " + LogSafe.escape(r.reason(), 125)));
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
        List<CompletableFuture<?>> abandoned;
        synchronized (lock) {
            sessionEnded = true;
            abandoned = new ArrayList<>(reconnectWaiters);
            abandoned.addAll(disconnectWaiters);
            reconnectWaiters.clear();
            disconnectWaiters.clear();
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
     * Completes with the first charging session run after the first accepted boot (with {@code null} if the settings
     * ask for none), once its last message was delivered; exceptionally if it failed or the station stopped first.
     */
    public CompletableFuture<ChargingSession> charged() {
        return charged;
    }

    /**
     * Completes with all the charging sessions the settings ask for, in order, once the last one's last message was
     * delivered; exceptionally if one failed or the station stopped first.
     */
    public CompletableFuture<List<ChargingSession>> sessions() {
        return sessions;
    }

    /**
     * Runs one more charging session with the station's own idTag, once the connector is free (without Authorize
     * if the station has no connection then); completes once its last message was delivered.
     */
    public CompletableFuture<ChargingSession> chargeNow() {
        OcppSession s = session();
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(identity() + " has not connected yet"));
        }
        return protocol.charge(s);
    }

    /**
     * A driver presents {@code idToken}: a charging session with it begins once the connector is free and the station
     * is registered, as {@link #chargeNow()} does with the station's own; completes once its last message was
     * delivered.
     */
    public CompletableFuture<ChargingSession> chargeWith(String idToken) {
        OcppSession s = session();
        StationRuntime rt = runtime;
        if (s == null || rt == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(identity() + " has not connected yet"));
        }
        // A card may be presented before the station has read its accepted BootNotification (a conformance scenario
        // acts as soon as the mock has answered); nothing but BootNotification may go out before (1.6 §4.2, 2.0.1
        // B01.FR.08), so the session waits for the registration rather than fail on its Authorize.
        return rt.accepted().thenCompose(registered -> protocol.charge(s, idToken));
    }

    /** The cable is pulled out of the EV: a running transaction ends at once. Returns whether one was running. */
    public boolean unplug() {
        return protocol.unplugged();
    }

    /** The queue of the station's transaction messages, once {@link #start()} has built it. */
    public DeliveryQueue delivery() {
        DeliveryQueue q = queue;
        if (q == null) {
            throw new IllegalStateException(identity() + " has not been started");
        }
        return q;
    }

    /** How the messages queued while the station had no connection fared so far. */
    public DeliveryTally deliveryTally() {
        return deliveryLog.tally();
    }

    /**
     * Completes with the next message queued that ends a transaction (1.6 StopTransaction, 2.0.1 TransactionEvent
     * Ended): the station's part of it is then done, whether or not it could be delivered yet.
     */
    public CompletableFuture<StoredMessage> nextTransactionEndQueued() {
        return deliveryLog.nextQueued(StationSimulator::endsTransaction);
    }

    /**
     * Completes with the next message delivered that ends a transaction, once the station's delivery listener has
     * counted it in {@link #deliveryTally()}.
     */
    public CompletableFuture<StoredMessage> nextTransactionEndDelivered() {
        return deliveryLog.nextDelivered(StationSimulator::endsTransaction);
    }

    /**
     * Completes with the next message queued that begins a transaction (1.6 StartTransaction, 2.0.1 TransactionEvent
     * Started), whether or not it could be delivered yet.
     */
    public CompletableFuture<StoredMessage> nextTransactionStartQueued() {
        return deliveryLog.nextQueued(m -> "StartTransaction".equals(m.action()) || eventType(m).equals("Started"));
    }

    private static String eventType(StoredMessage m) {
        if (!"TransactionEvent".equals(m.action())) {
            return "";
        }
        try {
            return OcppJson.mapper().readTree(m.payload()).path("eventType").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static boolean endsTransaction(StoredMessage m) {
        return "StopTransaction".equals(m.action()) || eventType(m).equals("Ended");
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

    /**
     * Switches the station off: a charging session under way stops without ending its transaction (which stays on
     * record in the store, for the next run to end with reason PowerLoss), then the session closes normally, which
     * stops the runtime's timers; the store is closed once it has. Idempotent.
     */
    @Override
    public void close() {
        OcppSession s;
        synchronized (lock) {
            stopping = true;
            s = session;
        }
        protocol.halt();
        if (s != null) {
            s.close(1000, "Station stopping");
        }
    }

    /** Closes the store the settings handed over, once nothing more is written to it. */
    private void closeStore() {
        MessageStore store = settings.delivery().store();
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            print("The message store failed to close: " + describe(e));
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
                reason.reason() == null || reason.reason().isEmpty() ? "" : " " + LogSafe.escape(reason.reason(), 125)));
        failReconnectWaiters(new ConnectionClosedException(identity() + " has stopped"));
        ConnectionClosedException lost = new ConnectionClosedException(identity() + " disconnected"
                + (expected ? "" : " unexpectedly") + " (" + reason.code() + ")");
        ready.completeExceptionally(lost);
        charged.completeExceptionally(lost);
        sessions.completeExceptionally(lost);
        abandoned.forEach(w -> w.future().completeExceptionally(lost));
        // Halted before the session closed (close() does so first, and a session ends no other way but by close):
        // nothing of the station writes to the store any more.
        protocol.halt();
        closeStore();
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
