package dev.ocpp.examples.station;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.delivery.DeliveryListener;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.testkit.SimulatedStation;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One simulated charging station with one connector, for the {@code station} command and the demo: the testkit's
 * {@link SimulatedStation} (which connects, reconnects by itself after every lost connection, boots, sends its
 * heartbeats and status reports, answers every call the CSMS may make and keeps its transaction messages in a
 * {@link DeliveryQueue}) driven through charging sessions, with one printed line per exchange, connection event and
 * queue event.
 *
 * <p>After the first accepted boot the station runs {@link Settings#transactions()} charging sessions one after
 * another. A session is what a driver does at the station, played as the simulator's steps: the cable is plugged in
 * (1.6 StatusNotification Preparing; 2.0.1 StatusNotification Occupied and TransactionEvent Started), an idTag is
 * presented (Authorize, then 1.6 StartTransaction and StatusNotification Charging; 2.0.1 TransactionEvent Updated,
 * Authorized), {@link Settings#meterValues()} readings of a rising Energy.Active.Import.Register
 * {@link Settings#meterInterval()} apart (1.6 MeterValues, 2.0.1 TransactionEvent Updated), the driver stops (1.6
 * StopTransaction reason Local and StatusNotification Finishing; 2.0.1 TransactionEvent Ended, StopAuthorized) and
 * pulls the cable out (StatusNotification Available). A session whose transaction the CSMS stops (a remote stop, a
 * reset) or the cable ends ({@link #unplug()}) meters no further. Without a connection a session goes on: the idTag
 * is accepted without Authorize and the transaction messages wait in the queue, which delivers them in order once
 * the station is back (1.6 §3.7, 2.0.1 E04).
 *
 * <p>The queue keeps its messages and the record of the open transaction in the store of the {@link Delivery}
 * settings; a station started on a store that a previous run left mid-transaction delivers what was still queued and
 * ends that transaction with reason PowerLoss before it charges again. {@link #close()} switches the station off: a
 * session under way stops where it is, without ending its transaction. Thread-safe.
 */
public final class StationSimulator implements AutoCloseable {

    /** The library's replay pacing ({@link DeliveryQueue.Builder#replayPacing}), kept unless the settings give one. */
    private static final Duration LIBRARY_REPLAY_DELAY = Duration.ofSeconds(5);
    /** The simulated station's one connector (1.6) or EVSE (2.0.1). */
    private static final int CONNECTOR = 1;

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
     * @param meterInterval     the pause before each meter reading of a charging session, and between sessions
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

    /**
     * What the queue said of one transaction of the station, by its name ({@code <identity>/tx<n>}): filled in as its
     * messages are queued and delivered.
     */
    private static final class TxRecord {
        /** The 2.0.1 transactionId from the Started event, or the 1.6 one from the StartTransaction answer. */
        volatile String transactionId;
        /** The end message as queued: reason and last reading. */
        volatile StoredMessage end;
        /** Completes once the end message was queued: the transaction is over at the station. */
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        /** Completes once the end message was delivered (or given up). */
        final CompletableFuture<StoredMessage> delivered = new CompletableFuture<>();
    }

    private final Transports transports;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> sink;
    private final DeliveryLog deliveryLog;
    private final EnergyMeter meter = new EnergyMeter();
    private final SimulatedStation station;
    private volatile boolean showSecrets;

    private final CompletableFuture<OcppSession.CloseReason> closed = new CompletableFuture<>();
    /** The first charging session after boot (of {@link Settings#transactions()}). */
    private final CompletableFuture<ChargingSession> charged = new CompletableFuture<>();
    /** All of them. */
    private final CompletableFuture<List<ChargingSession>> sessions = new CompletableFuture<>();
    /** What {@link #start()} returns: completes once the first boot was accepted. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** The transactions by name, as the queue reported them; removed once their end was delivered. */
    private final Map<String, TxRecord> transactions = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private int heartbeats;
    /** Guarded by {@link #lock}. */
    private final List<Waiter> waiters = new ArrayList<>();
    /** Guarded by {@link #lock}: how far the CSMS's clock is ahead of ours, as its last answer said; null before. */
    private Duration csmsClockAhead;
    /** Guarded by {@link #lock}: when the connection was lost, while reconnecting; 0 otherwise. */
    private long lostAtNanos;
    /** Guarded by {@link #lock}. */
    private int reconnects;
    /** Guarded by {@link #lock}. */
    private boolean everConnected;
    /** Guarded by {@link #lock}: switched off ({@link #close()}), or stopped after a failed first connection. */
    private boolean stopping;
    /** Guarded by {@link #lock}: the session ended; no reconnect or disconnect can come any more. */
    private boolean sessionEnded;
    /** Guarded by {@link #lock}: the URL of the last connection attempt (the endpoint plus the identity). */
    private URI lastUri;
    /** Guarded by {@link #lock}: the station's session, from its first connection event. */
    private OcppSession session;
    /** Guarded by {@link #lock}: the name of the transaction on now, as the queue reported it; null when none. */
    private String openTransaction;
    /**
     * Guarded by {@link #lock}: how many transactions were authorized so far (a 1.6 StartTransaction, a 2.0.1 event
     * carrying the idToken), and the last of them: what tells a session that its idTag started one.
     */
    private int authorizations;
    /** Guarded by {@link #lock}. */
    private String lastAuthorized;
    /** Guarded by {@link #lock}: the last charging session asked for; the next one starts once it is over. */
    private CompletableFuture<?> lastSession = CompletableFuture.completedFuture(null);
    /** Guarded by {@link #lock}: waiting for the next reconnect. */
    private final List<CompletableFuture<Duration>> reconnectWaiters = new ArrayList<>();
    /** Guarded by {@link #lock}: waiting for the next lost connection. */
    private final List<CompletableFuture<Void>> disconnectWaiters = new ArrayList<>();

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
        this.deliveryLog = new DeliveryLog(settings.identity(), this::print, () -> !station().isConnected());
        this.station = build();
    }

    /** The simulated station the settings describe, not yet started. */
    private SimulatedStation build() {
        Delivery d = settings.delivery();
        SimulatedStation.Builder b = SimulatedStation.builder(settings.version())
                .identity(settings.identity())
                .endpoint(settings.endpoint())
                .transport(transports.client())
                .vendor(settings.vendor())
                .model(settings.model())
                .store(d.store() != null ? d.store() : MessageStore.inMemory())
                .replayPacing(d.replayDelay() != null ? d.replayDelay() : LIBRARY_REPLAY_DELAY,
                        d.replayInterval() != null ? d.replayInterval() : Delivery.DEFAULT_REPLAY_INTERVAL)
                // A wrong URL or password is reported at once rather than retried for ever.
                .firstConnectionRequired(true)
                .listener(new Exchanges())
                .onConnectionEvent(this::onConnectionEvent);
        if (settings.heartbeatInterval() != null) {
            // The station's own interval, e.g. short for a demo: the BootNotification answer does not replace it.
            b.heartbeatInterval(settings.heartbeatInterval());
        }
        if (settings.backOff() != null) {
            b.retryBackOff(settings.backOff());
        }
        if (settings.callTimeout() != null) {
            b.callTimeout(settings.callTimeout());
        }
        StationSecurity security = settings.security();
        if (security != null) {
            b.security(security);
        }
        if (settings.secureEndpoint() != null) {
            b.secureEndpoint(settings.secureEndpoint());
        }
        SimulatedStation s = b.build();
        DeliveryQueue queue = s.delivery();
        // The queue starts from its version's defaults; the settings override either value.
        DeliveryPolicy.RetrySettings retry = queue.retrySettings();
        if (d.attempts() != null) {
            retry = retry.withAttempts(d.attempts());
        }
        if (d.retryInterval() != null) {
            retry = retry.withInterval(d.retryInterval());
        }
        queue.retrySettings(retry);
        // Before the first connection, so that they hear of the messages a previous run left in the store too.
        deliveryLog.serve(queue);
        queue.onDelivery(deliveryLog);
        queue.onDelivery(new Transactions());
        return s;
    }

    private SimulatedStation station() {
        return station;
    }

    /** The testkit's station underneath: to play other steps than a whole charging session (plug in, unplug). */
    public SimulatedStation simulated() {
        return station;
    }

    /**
     * Whether the station's output lines show its idTags/idTokens; masked unless {@code show}. Call before
     * {@link #start()}.
     */
    public StationSimulator showSecrets(boolean show) {
        this.showSecrets = show;
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
     * Connects and boots. The future completes once BootNotification was accepted, with the heartbeats then running
     * and the status report on its way; it fails if the first connection cannot be made (the station then stops) or
     * the station is closed first. After the first connection the station reconnects by itself whenever the
     * connection is lost. Call once.
     */
    public CompletableFuture<Void> start() {
        int waiting = station.delivery().depth();
        if (waiting > 0) {
            print(waiting + " message(s) queued before the restart await delivery");
        }
        CompletableFuture<Void> accepted;
        try {
            accepted = station.start();
        } catch (RuntimeException e) {
            accepted = CompletableFuture.failedFuture(e);
        }
        accepted.whenComplete((v, e) -> {
            if (e != null) {
                firstConnectionFailed(unwrap(e));
                return;
            }
            ready.complete(null);
            // The transactions a previous run left open are queued to end already (the simulator did so on the
            // acceptance); the charging sessions follow, after the status report, which every step waits for.
            chargeSessions();
        });
        return ready;
    }

    /** The first connection failed, or the station was closed before its first boot was accepted. */
    private void firstConnectionFailed(Throwable cause) {
        boolean switchedOff;
        synchronized (lock) {
            switchedOff = stopping;
            stopping = true;
        }
        if (!switchedOff) {
            print("could not connect to " + uri() + ": " + withoutUri(String.valueOf(cause.getMessage()), uri()));
        }
        ready.completeExceptionally(cause);
        charged.completeExceptionally(cause);
        sessions.completeExceptionally(cause);
        failReconnectWaiters(cause);
        station.close();
        stopped(new OcppSession.CloseReason(1006, String.valueOf(cause.getMessage())), false);
    }

    /** Where the station connects: the URL of its last connection attempt, the endpoint before any. */
    private URI uri() {
        synchronized (lock) {
            return lastUri != null ? lastUri : settings.endpoint();
        }
    }

    // ------------------------------------------------------------------------------------------------ sessions

    /** The idTag / idToken the station charges with by itself: {@code TAG-<identity>}, cut to the version's limit. */
    public String ownIdTag() {
        String tag = "TAG-" + settings.identity();
        int max = settings.version() == OcppVersion.OCPP16 ? 20 : 36;
        return tag.length() <= max ? tag : tag.substring(0, max);
    }

    /**
     * After the first accepted boot: the settings' number of charging sessions, one after another with a meter
     * interval between them (the next car arrives).
     */
    private void chargeSessions() {
        int n = settings.transactions();
        List<ChargingSession> done = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) {
            boolean first = i == 0;
            chain = chain.thenCompose(previous -> first ? CompletableFuture.<Void>completedFuture(null)
                            : Async.delay(scheduler, settings.meterInterval()))
                    .thenCompose(pause -> charge(ownIdTag()))
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
     * Runs one more charging session with the station's own idTag, once the sessions asked for before are over
     * (without Authorize if the station has no connection then); completes once its last message was delivered.
     */
    public CompletableFuture<ChargingSession> chargeNow() {
        if (!ready.isDone()) {
            return CompletableFuture.failedFuture(new IllegalStateException(identity() + " has not booted yet"));
        }
        return charge(ownIdTag());
    }

    /**
     * A driver presents {@code idToken}: a charging session with it begins once the sessions asked for before are over
     * and the station is registered, as {@link #chargeNow()} does with the station's own; completes once its last
     * message was delivered.
     */
    public CompletableFuture<ChargingSession> chargeWith(String idToken) {
        Objects.requireNonNull(idToken, "idToken");
        // A card may be presented before the station has read its accepted BootNotification (a conformance scenario
        // acts as soon as the mock has answered); the session waits for the registration.
        return ready.copy().thenCompose(registered -> charge(idToken));
    }

    /** One charging session with {@code idTag}, after the one asked for before. */
    private CompletableFuture<ChargingSession> charge(String idTag) {
        CompletableFuture<ChargingSession> result = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (lock) {
            if (stopping) {
                return CompletableFuture.failedFuture(new ConnectionClosedException(identity() + " is switched off"));
            }
            previous = lastSession;
            lastSession = result;
        }
        previous.handle((v, e) -> null)
                .thenCompose(v -> session(idTag))
                .whenComplete((s, e) -> {
                    if (e != null) {
                        Throwable cause = unwrap(e);
                        print("Charging session failed: " + describe(cause));
                        result.completeExceptionally(cause);
                    } else {
                        print(String.format("Charging session done: %d Wh in transaction %s (%d meter values, "
                                + "reason %s)", s.energyWh(), s.transactionId(), s.meterValues(), s.stopReason()));
                        result.complete(s);
                    }
                });
        return result;
    }

    /**
     * The steps of one session: wait while a transaction someone else began (a remote start) is charging, plug in,
     * present the idTag, meter until the transaction ends or the samples are done, stop, unplug; then wait for the
     * delivery of the message that ended the transaction.
     */
    private CompletableFuture<ChargingSession> session(String idTag) {
        int meterStart = meter.wh();
        int[] before = new int[1];
        return whileCharging()
                .thenCompose(v -> station.isPluggedIn(CONNECTOR) ? done() : station.plugIn(CONNECTOR))
                .thenCompose(v -> {
                    synchronized (lock) {
                        before[0] = authorizations;
                    }
                    return station.presentIdToken(idTag);
                })
                .thenCompose(v -> {
                    // Not the connector's state now: the CSMS may have stopped the transaction already.
                    String tx;
                    synchronized (lock) {
                        tx = authorizations > before[0] ? lastAuthorized : null;
                    }
                    TxRecord record = tx == null ? null : transactions.get(tx);
                    if (record == null) {
                        throw new CompletionException(new IllegalStateException(
                                "no transaction started: the idTag " + shown(idTag) + " was not accepted"));
                    }
                    return meterValues(tx, record, 0)
                            .thenCompose(count -> finish(tx, record, idTag, meterStart, count));
                });
    }

    /** Completes once no transaction is charging on the connector (at once when none is). */
    private CompletableFuture<Void> whileCharging() {
        if (!station.isCharging(CONNECTOR)) {
            return done();
        }
        return deliveryLog.nextQueued(StationSimulator::endsTransaction).thenApply(m -> null);
    }

    /**
     * The session's meter samples, the {@code sent}th sent: one per meter interval while transaction {@code tx} is
     * charging. Completes with how many were sent.
     */
    private CompletableFuture<Integer> meterValues(String tx, TxRecord record, int sent) {
        if (sent >= settings.meterValues()) {
            return CompletableFuture.completedFuture(sent);
        }
        // The pause ends early when the transaction does: a remote stop does not wait for the next sample.
        CompletableFuture<Object> pause = CompletableFuture.anyOf(Async.delay(scheduler, settings.meterInterval()),
                record.ended);
        return pause.thenCompose(v -> {
            if (switchedOff()) {
                throw new CompletionException(new ConnectionClosedException(identity() + " was switched off"));
            }
            if (!tx.equals(openTransaction()) || !station.isCharging(CONNECTOR)) {
                // Stopped meanwhile: by the CSMS (a remote stop, a reset) or the cable.
                return CompletableFuture.completedFuture(sent);
            }
            int wh = meter.charge(settings.meterInterval());
            return station.meterValues(CONNECTOR, wh).thenCompose(done -> meterValues(tx, record, sent + 1));
        });
    }

    /** The driver stops (unless the transaction ended already) and takes the cable; the end is delivered. */
    private CompletableFuture<ChargingSession> finish(String tx, TxRecord record, String idTag, int meterStart,
                                                      int samples) {
        CompletableFuture<Void> stopped = tx.equals(openTransaction()) && station.isCharging(CONNECTOR)
                ? station.stopCharging(CONNECTOR) : done();
        return stopped
                .thenCompose(v -> station.isPluggedIn(CONNECTOR) && !switchedOff() ? station.unplug(CONNECTOR)
                        : done())
                .thenCompose(v -> record.delivered)
                .thenApply(end -> {
                    JsonNode payload = payload(end);
                    boolean v16 = settings.version() == OcppVersion.OCPP16;
                    String reason = v16 ? payload.path("reason").asText("Local")
                            : payload.at("/transactionInfo/stoppedReason").asText("Local");
                    int meterStop = v16 ? payload.path("meterStop").asInt(meter.wh())
                            : (int) payload.at("/meterValue/0/sampledValue/0/value").asDouble(meter.wh());
                    return new ChargingSession(idTag, record.transactionId, meterStart, meterStop, samples, reason);
                });
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private String openTransaction() {
        synchronized (lock) {
            return openTransaction;
        }
    }

    private boolean switchedOff() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * The cable is pulled out of the EV: a transaction on ends at once (1.6 StopTransaction reason EVDisconnected,
     * §4.10; 2.0.1 TransactionEvent Ended, stoppedReason EVDisconnected, E06) and a session under way meters no
     * further. Returns whether a transaction was on.
     */
    public boolean unplug() {
        boolean running = openTransaction() != null;
        if (station.isPluggedIn(CONNECTOR)) {
            station.unplug(CONNECTOR).whenComplete((v, e) -> {
                if (e != null) {
                    print("Unplugging failed: " + describe(e));
                }
            });
        }
        return running;
    }

    // ------------------------------------------------------------------------------------------------ delivery

    /** The queue of the station's transaction messages. */
    public DeliveryQueue delivery() {
        return station.delivery();
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
        return deliveryLog.nextQueued(m -> "start".equals(kind(m.key())));
    }

    /** The last segment of a transaction message's key ({@code start}, {@code meter3}, {@code end}, ...). */
    private static String kind(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The transaction's name a message key starts with ({@code <identity>/tx<n>}). */
    private static String transactionOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    private static boolean endsTransaction(StoredMessage m) {
        return "end".equals(kind(m.key()));
    }

    private static JsonNode payload(StoredMessage m) {
        try {
            return OcppJson.mapper().readTree(m.payload());
        } catch (IOException e) {
            return OcppJson.mapper().createObjectNode();
        }
    }

    /** {@code <identity>/tx<n>} as printed: {@code tx<n>}. */
    private String shortName(String tx) {
        String prefix = settings.identity() + "/";
        return tx.startsWith(prefix) ? tx.substring(prefix.length()) : tx;
    }

    /** Follows the transactions through the queue: which is on, their ids, their ends and deliveries. */
    private final class Transactions implements DeliveryListener {
        @Override
        public void queued(StoredMessage message, int depth) {
            String tx = transactionOf(message.key());
            String kind = kind(message.key());
            boolean v16 = settings.version() == OcppVersion.OCPP16;
            if (v16 ? kind.equals("start") : payload(message).has("idToken")) {
                synchronized (lock) {
                    authorizations++;
                    lastAuthorized = tx;
                }
            }
            if (kind.equals("start")) {
                TxRecord record = transactions.computeIfAbsent(tx, k -> new TxRecord());
                if (settings.version() == OcppVersion.OCPP201) {
                    record.transactionId = payload(message).at("/transactionInfo/transactionId").asText(null);
                }
                synchronized (lock) {
                    openTransaction = tx;
                }
            } else if (kind.equals("end")) {
                TxRecord record = transactions.computeIfAbsent(tx, k -> new TxRecord());
                record.end = message;
                record.ended.complete(null);
                synchronized (lock) {
                    if (tx.equals(openTransaction)) {
                        openTransaction = null;
                    }
                }
                JsonNode p = payload(message);
                if ("PowerLoss".equals(p.path("reason").asText(p.at("/transactionInfo/stoppedReason").asText()))) {
                    int last = settings.version() == OcppVersion.OCPP16 ? p.path("meterStop").asInt()
                            : (int) p.at("/meterValue/0/sampledValue/0/value").asDouble();
                    // A restarted station goes on from its last reading.
                    meter.restore(last);
                    print("Recovered " + shortName(tx) + ", left open by the last run: " + message.action()
                            + " queued, reason PowerLoss, last reading " + last + " Wh");
                }
            }
        }

        @Override
        public void delivered(StoredMessage message, com.fasterxml.jackson.databind.node.ObjectNode answer) {
            String tx = transactionOf(message.key());
            String kind = kind(message.key());
            if (kind.equals("start") && settings.version() == OcppVersion.OCPP16) {
                transactions.computeIfAbsent(tx, k -> new TxRecord()).transactionId =
                        answer.path("transactionId").asText();
            } else if (kind.equals("end")) {
                TxRecord record = transactions.remove(tx);
                if (record != null) {
                    record.delivered.complete(message);
                }
            }
        }

        @Override
        public void discarded(StoredMessage message, DiscardReason reason, Throwable cause) {
            if (kind(message.key()).equals("end")) {
                TxRecord record = transactions.remove(transactionOf(message.key()));
                if (record != null) {
                    record.delivered.completeExceptionally(new IllegalStateException(message.action() + " "
                            + shortName(transactionOf(message.key())) + " was given up (" + reason + ")", cause));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ connection

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

    /** The station's session (it outlives each connection); null before its first connection attempt. */
    public OcppSession session() {
        synchronized (lock) {
            return session;
        }
    }

    /** Prints each connection state change and back-off delay; times the reconnects. */
    private void onConnectionEvent(ConnectionEvent event) {
        boolean first;
        synchronized (lock) {
            first = session == null;
            session = event.session();
        }
        if (first) {
            event.session().closeFuture().thenAccept(reason -> stopped(reason, true));
        }
        // Where the station connects and with which security profile may change once raised (1.6 A05, 2.0.1 A05).
        OcppClient client = OcppClient.of(event.session()).orElse(null);
        int profile = client == null ? (settings.security() == null ? 0 : settings.security().profile().number())
                : client.connectionProfile().securityProfile();
        String securityNote = settings.security() == null && profile == 0 ? ""
                : " (security profile " + profile + ")";
        if (event instanceof ConnectionEvent.Connecting c) {
            synchronized (lock) {
                lastUri = c.uri();
            }
            if (c.attempt() > 1 || connectedOnce()) {
                print("connecting to " + c.uri() + " (attempt " + c.attempt() + ")");
            }
        } else if (event instanceof ConnectionEvent.Connected c) {
            URI uri = client == null ? uri() : client.uri();
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
                    d.closedBy().name().toLowerCase(Locale.ROOT), expected ? "" : "; will reconnect"));
            due.forEach(f -> f.complete(null));
        } else if (event instanceof ConnectionEvent.HandshakeRefused r) {
            if (connectedOnce()) {
                print("reconnect refused: HTTP " + r.status()
                        + (r.reason() == null ? "" : " " + LogSafe.escape(r.reason(), 125)));
            }
        } else if (event instanceof ConnectionEvent.ConnectFailed f) {
            if (connectedOnce()) {
                print("reconnect failed: " + withoutUri(String.valueOf(unwrap(f.cause()).getMessage()), uri()));
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

    // ------------------------------------------------------------------------------------------------ heartbeats

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

    /** The number of heartbeats answered so far. */
    public int heartbeatCount() {
        synchronized (lock) {
            return heartbeats;
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

    /**
     * The CSMS's time from a BootNotification or Heartbeat answer. The simulator keeps its own clock, so it only
     * says how far apart the two are, when that changes by a second or more (1.6 §4.2 and 2.0.1 B01 ask a real
     * station to set its clock from it).
     */
    private void onCsmsTime(String text) {
        OffsetDateTime csmsTime;
        try {
            csmsTime = OcppJson.parse(text);
        } catch (RuntimeException e) {
            return;
        }
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

    // ------------------------------------------------------------------------------------------------ stopping

    /**
     * Completes when the station has stopped (closed, or its first connection could not be made). Never
     * exceptionally.
     */
    public CompletableFuture<OcppSession.CloseReason> closed() {
        return closed;
    }

    /**
     * Switches the station off: a charging session under way stops without ending its transaction (which stays on
     * record in the store, for the next run to end with reason PowerLoss), then the session closes normally; the
     * store is closed once it has. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            stopping = true;
        }
        station.close();
        if (session() == null) {
            // Never connected (never started, or closed before its first attempt): nothing else will say so.
            stopped(new OcppSession.CloseReason(1000, "Station stopping"), true);
        }
    }

    /** The station's session ended: everything still waiting fails, the store is closed, {@link #closed()} done. */
    private void stopped(OcppSession.CloseReason reason, boolean printIt) {
        if (closed.isDone()) {
            return;
        }
        List<Waiter> abandoned;
        boolean expected;
        synchronized (lock) {
            expected = stopping;
            stopping = true;
            abandoned = new ArrayList<>(waiters);
            waiters.clear();
        }
        if (printIt && !ready.isCompletedExceptionally()) {
            print(String.format("stopped (%d%s)", reason.code(), reason.reason() == null || reason.reason().isEmpty()
                    ? "" : " " + LogSafe.escape(reason.reason(), 125)));
        }
        ConnectionClosedException lost = new ConnectionClosedException(identity() + " disconnected"
                + (expected ? "" : " unexpectedly") + " (" + reason.code() + ")");
        failReconnectWaiters(new ConnectionClosedException(identity() + " has stopped"));
        ready.completeExceptionally(lost);
        charged.completeExceptionally(lost);
        sessions.completeExceptionally(lost);
        abandoned.forEach(w -> w.future().completeExceptionally(lost));
        transactions.values().forEach(r -> r.delivered.completeExceptionally(lost));
        closeStore();
        closed.complete(reason);
    }

    /** Closes the store the settings handed over: the session has ended, nothing more is written to it. */
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

    // ------------------------------------------------------------------------------------------------ printing

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

    /** An idTag / idToken as printed: masked (personal data) unless {@link #showSecrets(boolean)}. */
    private String shown(String idTag) {
        return showSecrets ? idTag : "***";
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
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Prints the station's exchanges: what it sent and what the CSMS answered, read from the frames (so a 1.6
     * transactionId the queue filled in shows as sent), and how it answered the CSMS's calls; counts the answered
     * Heartbeats. The transaction messages' failures and retries are the {@link DeliveryLog}'s to print. Called
     * before the caller sees the outcome; never blocks.
     */
    private final class Exchanges implements OcppEventListener {
        @Override
        public void callEnded(OcppSession s, Frame.Call call, Frame.CallResult result, Duration elapsed) {
            JsonNode req = call.payload();
            JsonNode res = result.payload();
            String took = " (" + millis(elapsed) + ")";
            switch (call.action()) {
                case "BootNotification" -> {
                    print(String.format("BootNotification -> %s, interval %d s%s", res.path("status").asText(),
                            res.path("interval").asLong(0), took));
                    onCsmsTime(res.path("currentTime").asText());
                }
                case "Heartbeat" -> {
                    print("Heartbeat -> currentTime " + res.path("currentTime").asText() + took);
                    countHeartbeat();
                    onCsmsTime(res.path("currentTime").asText());
                }
                case "StatusNotification" -> print("StatusNotification " + (req.has("connectorStatus")
                        ? req.path("connectorStatus").asText() : req.path("status").asText()) + " -> answered"
                        + took);
                case "Authorize" -> {
                    String tag = req.has("idTag") ? req.path("idTag").asText() : req.at("/idToken/idToken").asText();
                    String status = res.has("idTagInfo") ? res.at("/idTagInfo/status").asText()
                            : res.at("/idTokenInfo/status").asText();
                    print("Authorize " + shown(tag) + " -> " + status + took);
                }
                case "StartTransaction" -> print(String.format("StartTransaction -> transaction %d, meterStart %d "
                        + "Wh, idTag %s%s", res.path("transactionId").asInt(), req.path("meterStart").asInt(),
                        shown(req.path("idTag").asText()), took));
                case "MeterValues" -> print(String.format("MeterValues %s Wh%s -> answered%s",
                        req.at("/meterValue/0/sampledValue/0/value").asText(), req.has("transactionId")
                                ? " (transaction " + req.path("transactionId").asInt() + ")" : "", took));
                case "StopTransaction" -> print(String.format("StopTransaction -> transaction %d, meterStop %d Wh, "
                        + "reason %s%s", req.path("transactionId").asInt(), req.path("meterStop").asInt(),
                        req.path("reason").asText("Local"), took));
                case "TransactionEvent" -> {
                    String type = req.path("eventType").asText();
                    StringBuilder line = new StringBuilder("TransactionEvent ").append(type)
                            .append(" -> transaction ").append(req.at("/transactionInfo/transactionId").asText())
                            .append(", seqNo ").append(req.path("seqNo").asInt())
                            .append(", ").append(req.path("triggerReason").asText());
                    if (req.path("offline").asBoolean(false)) {
                        line.append(", offline");
                    }
                    JsonNode reading = req.at("/meterValue/0/sampledValue/0/value");
                    if (type.equals("Ended")) {
                        line.append(", stoppedReason ").append(req.at("/transactionInfo/stoppedReason").asText());
                    }
                    if (!reading.isMissingNode()) {
                        line.append(", meter ").append((long) reading.asDouble()).append(" Wh");
                    }
                    print(line.append(took).toString());
                }
                default -> print(call.action() + " -> answered" + took);
            }
        }

        @Override
        public void callFailed(OcppSession s, Frame.Call call, Throwable cause, Duration elapsed) {
            // A transaction message's failure is the queue's to report (and to retry).
            switch (call.action()) {
                case "StartTransaction", "StopTransaction", "TransactionEvent" -> {
                }
                case "MeterValues" -> {
                    if (!call.payload().has("transactionId")) {
                        print("MeterValues -> failed: " + describe(cause) + " (" + millis(elapsed) + ")");
                    }
                }
                default -> print(call.action() + " -> failed: " + describe(cause) + " (" + millis(elapsed) + ")");
            }
        }

        @Override
        public void incomingCallAnswered(OcppSession s, Frame.Call call, Frame answer, Duration elapsed) {
            String outcome = answer instanceof Frame.CallError err
                    ? "CALLERROR " + err.errorCode() + (err.errorDescription().isEmpty() ? ""
                            : " (" + err.errorDescription() + ")")
                    : "CALLRESULT " + ((Frame.CallResult) answer).payload().path("status").asText("");
            print(String.format("%s <- from CSMS, answered %s", call.action(), outcome.strip()));
        }
    }
}
