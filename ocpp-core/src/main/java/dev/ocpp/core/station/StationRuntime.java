package dev.ocpp.core.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OutgoingCall;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.internal.concurrent.Futures;
import dev.ocpp.core.internal.settings.CommSettingChange;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.typed.OcppJson;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's side of registration and keep-alive, run by the library for one session of an {@link OcppClient}:
 * the BootNotification sequence (OCPP 1.6 §4.2; OCPP 2.0.1 Part 2 B01-B03) and the Heartbeat (1.6 §4.6; 2.0.1
 * Part 2 G02). The same for both versions: BootNotification and Heartbeat have the same names and the same
 * {@code status}/{@code interval}/{@code currentTime} answer fields in 1.6 and 2.0.1.
 *
 * <pre>{@code
 * StationRuntime runtime = StationRuntime.builder().bootNotification(() -> bootPayload).build();
 * OcppClient client = runtime.install(OcppClient.builder(transport))
 *         .endpoint(uri).identity("CS-1")
 *         .offer(OcppVersion.OCPP201, runtime.intercept(handlers))
 *         .build();
 * client.start();
 * runtime.accepted().thenRun(...);
 * }</pre>
 *
 * <p><b>Boot.</b> On every connection of its session the runtime sends a BootNotification unless the CSMS has
 * already accepted one from this runtime: a fresh runtime (a process start) always boots first (2.0.1 B01.FR.03,
 * 1.6 §4.2), but a reconnect is not a reboot and sends none (OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3) unless the
 * application called {@link #bootDataChanged()}. On Pending or Rejected the next BootNotification goes out once the
 * answer's {@code interval} has passed (or {@link Builder#bootRetryInterval} when it is 0: "the station chooses";
 * 1.6 §4.2, 2.0.1 B02.FR.04/B03.FR.05), even across a reconnect: that wait is a "not before" rule. A BootNotification
 * that fails (CALLERROR, timeout) is sent again after {@link Builder#bootRetryInterval} while connected; one lost with
 * its connection is sent again on the next connection.
 *
 * <p><b>Heartbeat.</b> While accepted and connected, a Heartbeat goes out every {@link #heartbeatInterval()}: the
 * {@code interval} of the accepting answer, or as changed at run time by {@link #heartbeatInterval(Duration)}
 * (the 1.6 {@code HeartbeatInterval} configuration key, 2.0.1 {@code OCPPCommCtrlr.HeartbeatInterval}). The
 * interceptor from {@link #intercept(Handlers)} follows an accepted ChangeConfiguration / SetVariables of that
 * setting by itself. With {@link Builder#skipHeartbeatWhileBusy(boolean)} a Heartbeat is due only after a full
 * interval without any CALL either way (1.6 §4.6 and 2.0.1 G02 allow other traffic to stand in for it; keep in mind
 * that only Heartbeat and BootNotification answers carry the CSMS's time). A failed Heartbeat is only logged.
 *
 * <p><b>Which session.</b> A runtime serves one session: the first one whose {@link ConnectionEvent} it sees (of the
 * client named with {@link #serve(OcppClient)}, if one was). Build a runtime per station (per
 * {@link OcppClient#start()}). Its calls are made with
 * {@link CallOptions#withConnectionWait(Duration) connection wait} zero: they are never queued for a later
 * connection. When the session is closed every timer stops and {@link #accepted()} fails if it was still open.
 *
 * <p><b>Threads.</b> Timers run on the session's {@link dev.ocpp.core.SessionConfig#scheduler() scheduler} and hand
 * their work to its {@link dev.ocpp.core.SessionConfig#executor() executor}; listeners are called on that executor,
 * never on a transport thread. The runtime's own state is guarded by one lock, never held while calling out.
 * Nothing blocks.
 */
public final class StationRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(StationRuntime.class);
    private static final String BOOT = "BootNotification";
    private static final String HEARTBEAT = "Heartbeat";
    private static final CallOptions NO_WAIT = CallOptions.defaults().withConnectionWait(Duration.ZERO);

    private final Supplier<ObjectNode> bootPayload;
    private final Duration bootRetryInterval;
    private final boolean skipHeartbeatWhileBusy;
    private final boolean followConfiguration;
    private final boolean csmsSetsHeartbeat;
    private final List<Consumer<RegistrationStatus>> registrationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<OffsetDateTime>> timeListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final CallInterceptor interceptor = new TrafficInterceptor();
    /**
     * Set by {@link #maybeBoot} on its own thread while it sends a BootNotification: how to take the answer in. The
     * interceptor, which runs on that thread, attaches it to the outcome and clears it.
     */
    private final ThreadLocal<BiConsumer<ObjectNode, Throwable>> bootTakeIn = new ThreadLocal<>();

    private final Object lock = new Object();
    /** Only sessions of this client are served, once set. */
    private volatile OcppClient client;
    /** Guarded by {@link #lock}: the session served, once seen. */
    private OcppSession session;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}. */
    private boolean connected;
    /** Guarded by {@link #lock}: counts connection changes, so that a late outcome of an old one is told apart. */
    private long epoch;
    /** Guarded by {@link #lock}: the last registration status answered, or null. */
    private RegistrationStatus status;
    /** Guarded by {@link #lock}: a BootNotification must be sent as soon as allowed. */
    private boolean bootDue = true;
    /** Guarded by {@link #lock}: the application changed the boot data; boot again on the next connection. */
    private boolean bootDataChanged;
    /** Guarded by {@link #lock}: a BootNotification of the current connection awaits its answer. */
    private boolean bootInFlight;
    /** Guarded by {@link #lock}: the wait before the next BootNotification, or null. */
    private Timer bootWait;
    /** Guarded by {@link #lock}: whether {@link #bootWait} is the CSMS's interval (kept across reconnects). */
    private boolean bootWaitFromCsms;
    /** Guarded by {@link #lock}: the next Heartbeat, or null when none is planned. */
    private Timer heartbeat;
    /** Guarded by {@link #lock}. */
    private Duration heartbeatInterval;
    /** Guarded by {@link #lock}. */
    private OffsetDateTime lastCsmsTime;

    private StationRuntime(Builder b) {
        this.bootPayload = b.bootPayload;
        this.bootRetryInterval = b.bootRetryInterval;
        this.skipHeartbeatWhileBusy = b.skipHeartbeatWhileBusy;
        this.followConfiguration = b.followConfiguration;
        this.csmsSetsHeartbeat = b.csmsSetsHeartbeat;
        this.heartbeatInterval = b.heartbeatInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /**
     * Lets this runtime watch the connection events of {@code client}'s sessions; it serves the first session it
     * sees. Returns {@code client}.
     */
    public OcppClient.Builder install(OcppClient.Builder client) {
        return client.onConnectionEvent(this::onConnectionEvent);
    }

    /**
     * Serves only sessions started by {@code client}: for a client builder that {@link #install installs} several
     * runtimes, one per client it builds. Returns {@code client}.
     */
    public OcppClient serve(OcppClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return client;
    }

    /**
     * {@code handlers} with this runtime's interceptor outermost: it sees every CALL either way, for
     * {@link Builder#skipHeartbeatWhileBusy(boolean)}, and follows accepted changes of the heartbeat interval
     * (1.6 ChangeConfiguration {@code HeartbeatInterval}, 2.0.1 SetVariables {@code OCPPCommCtrlr.HeartbeatInterval}).
     * Without it, boot and heartbeats still run.
     */
    public Handlers intercept(Handlers handlers) {
        return handlers.toBuilder().interceptFirst(interceptor).build();
    }

    /** The interceptor {@link #intercept(Handlers)} adds, to place it by hand. */
    public CallInterceptor interceptor() {
        return interceptor;
    }

    // ------------------------------------------------------------------------------------------------ observing

    /** The status of the last BootNotification answer; empty before the first answer. */
    public Optional<RegistrationStatus> registrationStatus() {
        synchronized (lock) {
            return Optional.ofNullable(status);
        }
    }

    /**
     * Called with the status of every BootNotification answer, on the session's executor, in order. A listener
     * added after an answer is not called for it; read {@link #registrationStatus()}.
     */
    public StationRuntime onRegistration(Consumer<RegistrationStatus> listener) {
        registrationListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Completes (on the session's executor) when the CSMS first accepts a BootNotification of this runtime; fails
     * with {@link ConnectionClosedException} if the session ends before. Each call returns a new dependent future,
     * so completing it does nothing to the runtime.
     */
    public CompletableFuture<Void> accepted() {
        return accepted.copy();
    }

    /** The CSMS's clock from the last BootNotification or Heartbeat answer; empty before one. */
    public Optional<OffsetDateTime> lastCsmsTime() {
        synchronized (lock) {
            return Optional.ofNullable(lastCsmsTime);
        }
    }

    /**
     * Called with the {@code currentTime} of every BootNotification and Heartbeat answer (1.6 §4.2/§4.6: the
     * station should adjust its clock to it; 2.0.1 B01, G02), on the session's executor.
     */
    public StationRuntime onCsmsTime(Consumer<OffsetDateTime> listener) {
        timeListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The heartbeat interval in force. */
    public Duration heartbeatInterval() {
        synchronized (lock) {
            return heartbeatInterval;
        }
    }

    // ------------------------------------------------------------------------------------------------ controlling

    /**
     * Sets the heartbeat interval from now on, as after a ChangeConfiguration of {@code HeartbeatInterval} (1.6 §9.1)
     * or a SetVariables of {@code OCPPCommCtrlr.HeartbeatInterval} (2.0.1). A planned Heartbeat is planned again
     * one new interval from now. A later accepting BootNotification answer with an interval overrides it.
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public void heartbeatInterval(Duration interval) {
        requirePositive(interval, "interval");
        synchronized (lock) {
            heartbeatInterval = interval;
            if (heartbeat != null) {
                planHeartbeat();
            }
        }
    }

    /**
     * Says the data the BootNotification carries has changed (e.g. new firmware): the next connection sends a
     * BootNotification even after an acceptance (OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3). It does not disconnect; an
     * application that wants to tell the CSMS at once may {@link OcppSession#disconnect(int, String) disconnect}.
     */
    public void bootDataChanged() {
        synchronized (lock) {
            bootDataChanged = true;
        }
    }

    /**
     * Sends a BootNotification now, on the open connection, whatever the registration status, because the CSMS
     * asked for one: a TriggerMessage of BootNotification it accepted (1.6 §5.17; 2.0.1 B02.FR.02 allows it while
     * Pending, and the wait of the last Pending answer is then over) or a reset the station performs without dropping
     * the connection (2.0.1 B11/B12: after a reset a station boots again). Heartbeats stop until the answer says
     * Accepted. Without a connection, the next one boots; with a BootNotification already waiting for its answer,
     * that answer counts.
     */
    public void bootNow() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            bootDue = true;
            if (bootWait != null) {
                bootWait.cancel();
                bootWait = null;
            }
            cancelHeartbeat();
        }
        maybeBoot();
    }

    // ------------------------------------------------------------------------------------------------ events

    private void onConnectionEvent(ConnectionEvent event) {
        OcppSession s = event.session();
        OcppClient only = client;
        if (only != null && OcppClient.of(s).orElse(null) != only) {
            return;
        }
        boolean bind = false;
        synchronized (lock) {
            if (session == null) {
                session = s;
                bind = true;
            } else if (session != s) {
                return;
            }
        }
        if (bind) {
            s.closeFuture().whenComplete((reason, e) -> onClosed());
        }
        if (event instanceof ConnectionEvent.Connected) {
            onConnected();
        } else if (event instanceof ConnectionEvent.Disconnected) {
            onDisconnected();
        }
    }

    private void onConnected() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            connected = true;
            epoch++;
            bootInFlight = false;
            if (bootDataChanged) {
                bootDataChanged = false;
                bootDue = true;
            }
            if (!bootDue && status == RegistrationStatus.ACCEPTED) {
                // A reconnect is not a reboot: carry on where the last connection left off.
                planHeartbeat();
            }
        }
        maybeBoot();
    }

    private void onDisconnected() {
        synchronized (lock) {
            connected = false;
            epoch++;
            bootInFlight = false;
            cancelHeartbeat();
            if (bootWait != null && !bootWaitFromCsms) {
                // A retry after a failure waits for the next connection instead; the CSMS's interval still holds.
                bootWait.cancel();
                bootWait = null;
            }
        }
    }

    private void onClosed() {
        synchronized (lock) {
            closed = true;
            connected = false;
            cancelHeartbeat();
            if (bootWait != null) {
                bootWait.cancel();
                bootWait = null;
            }
        }
        if (!accepted.isDone()) {
            executor().execute(() -> accepted.completeExceptionally(
                    new ConnectionClosedException("The session ended before the CSMS accepted the station")));
        }
    }

    // ------------------------------------------------------------------------------------------------ boot

    /** Sends a BootNotification if one is due, allowed now and none is waiting for its answer. */
    private void maybeBoot() {
        OcppSession s;
        long sentIn;
        synchronized (lock) {
            if (closed || !connected || !bootDue || bootInFlight || bootWait != null) {
                return;
            }
            bootInFlight = true;
            s = session;
            sentIn = epoch;
        }
        ObjectNode payload;
        try {
            payload = Objects.requireNonNull(bootPayload.get(), "boot notification payload");
        } catch (RuntimeException e) {
            LOG.error("The BootNotification payload could not be made; trying again in {}", bootRetryInterval, e);
            bootFailed(sentIn);
            return;
        }
        BiConsumer<ObjectNode, Throwable> takeIn = (answer, failure) -> {
            if (failure != null) {
                LOG.warn("BootNotification of {} failed: {}", LogSafe.escape(s.identity()),
                        LogSafe.escape(Futures.unwrap(failure).toString(), 256));
                bootFailed(sentIn);
            } else {
                bootAnswered(sentIn, answer);
            }
        };
        // Taken in by the interceptor, in the chain, before the CALL can go out: a stage attached once call()
        // returned would come too late for a fast CSMS, whose next CALL (a RequestStartTransaction right after
        // Accepted) could then find the station not yet registered (threading.md, "Order between our calls'
        // outcomes and the peer's calls"). Without the interceptor installed, attached here as a last resort.
        bootTakeIn.set(takeIn);
        CompletableFuture<ObjectNode> outcome;
        boolean taken;
        try {
            outcome = s.call(BOOT, payload, NO_WAIT);
        } finally {
            taken = bootTakeIn.get() == null;
            bootTakeIn.remove();
        }
        if (!taken) {
            outcome.whenComplete(takeIn);
        }
    }

    private void bootFailed(long sentIn) {
        synchronized (lock) {
            if (closed || sentIn != epoch) {
                return; // the connection it went on is gone; the next one boots
            }
            bootInFlight = false;
            bootWait = schedule(this::bootWaitOver, bootRetryInterval);
            bootWaitFromCsms = false;
        }
    }

    private void bootAnswered(long sentIn, ObjectNode answer) {
        Optional<RegistrationStatus> parsed = RegistrationStatus.fromValue(answer.path("status").asText(""));
        if (parsed.isEmpty()) {
            LOG.warn("BootNotification answer without a known status: {}", LogSafe.escape(String.valueOf(answer), 256));
            bootFailed(sentIn);
            return;
        }
        RegistrationStatus answered = parsed.get();
        long interval = answer.path("interval").asLong(0);
        OffsetDateTime time = csmsTime(answer);
        synchronized (lock) {
            if (closed) {
                return;
            }
            status = answered;
            if (sentIn == epoch) {
                bootInFlight = false;
            }
            if (answered == RegistrationStatus.ACCEPTED) {
                bootDue = false;
                if (interval > 0 && csmsSetsHeartbeat) {
                    heartbeatInterval = Duration.ofSeconds(interval);
                }
                if (bootWait != null) {
                    bootWait.cancel();
                    bootWait = null;
                }
                if (connected) {
                    planHeartbeat();
                }
            } else {
                // Pending / Rejected: only BootNotification again, and not before the interval (1.6 §4.2, B02/B03).
                bootDue = true;
                cancelHeartbeat();
                if (bootWait != null) {
                    bootWait.cancel();
                }
                bootWait = schedule(this::bootWaitOver, interval > 0 ? Duration.ofSeconds(interval)
                        : bootRetryInterval);
                bootWaitFromCsms = true;
            }
        }
        for (Consumer<RegistrationStatus> l : registrationListeners) {
            try {
                l.accept(answered);
            } catch (RuntimeException e) {
                LOG.warn("Registration listener failed", e);
            }
        }
        if (time != null) {
            tellTime(time);
        }
        if (answered == RegistrationStatus.ACCEPTED) {
            accepted.complete(null);
        }
    }

    private void bootWaitOver(Timer self) {
        synchronized (lock) {
            if (bootWait != self) {
                return;
            }
            bootWait = null;
        }
        maybeBoot();
    }

    // ------------------------------------------------------------------------------------------------ heartbeat

    /** Plans the next Heartbeat one interval from now, replacing any planned one. Under {@link #lock}. */
    private void planHeartbeat() {
        cancelHeartbeat();
        heartbeat = schedule(this::heartbeatDue, heartbeatInterval);
    }

    /** Under {@link #lock}. */
    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel();
            heartbeat = null;
        }
    }

    private void heartbeatDue(Timer self) {
        OcppSession s;
        synchronized (lock) {
            if (heartbeat != self) {
                return;
            }
            heartbeat = null;
            if (closed || !connected || status != RegistrationStatus.ACCEPTED) {
                return;
            }
            planHeartbeat();
            s = session;
        }
        s.call(HEARTBEAT, OcppJson.mapper().createObjectNode(), NO_WAIT).whenComplete((answer, failure) -> {
            if (failure != null) {
                // The next one is planned already; a lost connection is reported by the client.
                LOG.debug("Heartbeat of {} failed: {}", LogSafe.escape(s.identity()),
                        LogSafe.escape(Futures.unwrap(failure).toString(), 256));
                return;
            }
            OffsetDateTime time = csmsTime(answer);
            if (time != null) {
                tellTime(time);
            }
        });
    }

    /** A CALL went either way: with skipping on, the next Heartbeat is one full interval from now. */
    private void traffic(OcppSession s) {
        if (!skipHeartbeatWhileBusy) {
            return;
        }
        synchronized (lock) {
            if (s == session && heartbeat != null) {
                planHeartbeat();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private OffsetDateTime csmsTime(ObjectNode answer) {
        JsonNode t = answer.get("currentTime");
        if (t == null || !t.isTextual()) {
            return null;
        }
        try {
            return OcppJson.parse(t.asText());
        } catch (RuntimeException e) {
            LOG.warn("Unreadable currentTime from the CSMS: {}", LogSafe.escape(t));
            return null;
        }
    }

    private void tellTime(OffsetDateTime time) {
        synchronized (lock) {
            lastCsmsTime = time;
        }
        for (Consumer<OffsetDateTime> l : timeListeners) {
            try {
                l.accept(time);
            } catch (RuntimeException e) {
                LOG.warn("CSMS time listener failed", e);
            }
        }
    }

    private java.util.concurrent.Executor executor() {
        OcppSession s;
        synchronized (lock) {
            s = session;
        }
        return s.config().executor();
    }

    /**
     * Schedules {@code task} on the session's scheduler; when due it runs on the executor, given its own timer so
     * that it can tell whether it was replaced or cancelled meanwhile. Under {@link #lock}.
     */
    private Timer schedule(Consumer<Timer> task, Duration delay) {
        Timer t = new Timer();
        OcppSession s = session;
        TimeoutScheduler.Cancellable c = s.config().scheduler()
                .schedule(() -> s.config().executor().execute(() -> task.accept(t)), delay);
        t.cancellable = c;
        return t;
    }


    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** One planned wait; identity tells a current timer from a replaced one. */
    private static final class Timer {
        private TimeoutScheduler.Cancellable cancellable;

        void cancel() {
            cancellable.cancel();
        }
    }

    // ------------------------------------------------------------------------------------------------ interceptor

    /** Sees every CALL of the session either way; follows accepted heartbeat-interval changes. */
    private final class TrafficInterceptor implements CallInterceptor {
        @Override
        public CompletableFuture<ObjectNode> outgoing(OutgoingCall call, Outgoing next) {
            if (!HEARTBEAT.equals(call.action()) && !BOOT.equals(call.action())) {
                traffic(call.session());
            }
            CompletableFuture<ObjectNode> answer = next.proceed(call);
            BiConsumer<ObjectNode, Throwable> takeIn = BOOT.equals(call.action()) ? bootTakeIn.get() : null;
            if (takeIn != null) {
                bootTakeIn.set(null);
                answer.whenComplete(takeIn);
            }
            return answer;
        }

        @Override
        public CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
            traffic(call.session());
            if (!followConfiguration || !CommSettingChange.isChange(call)) {
                return next.proceed(call);
            }
            // Read before the handler runs: the payload is the handler's to change.
            Duration requested = CommSettingChange.requested(call);
            Map<String, Integer> backOff = backOffChanges(call);
            CompletionStage<ObjectNode> answer = next.proceed(call);
            if (requested == null && backOff.isEmpty()) {
                return answer;
            }
            return answer.thenApply(a -> {
                synchronized (lock) {
                    if (call.session() != session) {
                        return a;
                    }
                }
                if (requested != null && CommSettingChange.accepted(call, a)) {
                    heartbeatInterval(requested);
                }
                applyBackOff(call, a, backOff);
                return a;
            });
        }
    }

    /** The reconnect back-off variables {@code call} asks to set, with usable values. */
    private static Map<String, Integer> backOffChanges(IncomingCall call) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (String name : List.of(CommSettingChange.WAIT_MINIMUM, CommSettingChange.RANDOM_RANGE,
                CommSettingChange.REPEAT_TIMES)) {
            String v = CommSettingChange.requestedValue(call, name);
            Integer n = v == null ? null : CommSettingChange.nonNegative(v);
            if (n != null) {
                out.put(name, n);
            }
        }
        return out;
    }

    /**
     * Applies accepted changes of the back-off variables to the client that runs the session (OCPP 2.0.1 Part 4
     * §5.3, §8.1-8.3: ReadWrite), from the next wait on.
     */
    private static void applyBackOff(IncomingCall call, ObjectNode answer, Map<String, Integer> changes) {
        if (changes.isEmpty()) {
            return;
        }
        OcppClient.of(call.session()).ifPresent(client -> {
            RetryBackOff b = client.retryBackOff();
            for (Map.Entry<String, Integer> e : changes.entrySet()) {
                if (!CommSettingChange.accepted(call, answer, e.getKey())) {
                    continue;
                }
                int v = e.getValue();
                switch (e.getKey()) {
                    case CommSettingChange.WAIT_MINIMUM -> b = b.withWaitMinimum(Duration.ofSeconds(v));
                    case CommSettingChange.RANDOM_RANGE -> b = b.withRandomRange(Duration.ofSeconds(v));
                    default -> b = b.withRepeatTimes(Math.min(v, 30));
                }
            }
            client.retryBackOff(b);
        });
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Builds a {@link StationRuntime}. */
    public static final class Builder {
        private Supplier<ObjectNode> bootPayload;
        private Duration heartbeatInterval = Duration.ofSeconds(60);
        private Duration bootRetryInterval = Duration.ofSeconds(30);
        private boolean skipHeartbeatWhileBusy;
        private boolean followConfiguration = true;
        private boolean csmsSetsHeartbeat = true;

        private Builder() {
        }

        /**
         * The BootNotification request payload (required), asked for each time one is sent, so that it may change
         * (e.g. the boot reason). Must be valid for the negotiated version: 1.6 §4.2 / 2.0.1 B01.
         */
        public Builder bootNotification(Supplier<ObjectNode> payload) {
            this.bootPayload = Objects.requireNonNull(payload, "payload");
            return this;
        }

        /**
         * The heartbeat interval until the CSMS gives one (an accepting BootNotification answer with an interval
         * above 0 replaces it). Default 60 s.
         */
        public Builder heartbeatInterval(Duration interval) {
            requirePositive(interval, "interval");
            this.heartbeatInterval = interval;
            return this;
        }

        /**
         * The wait before the next BootNotification after one failed (CALLERROR, no answer in time, unreadable
         * answer) or after a Pending/Rejected answer with interval 0, where the station chooses (1.6 §4.2,
         * 2.0.1 B02.FR.04/B03.FR.05). Default 30 s.
         */
        public Builder bootRetryInterval(Duration interval) {
            requirePositive(interval, "interval");
            this.bootRetryInterval = interval;
            return this;
        }

        /**
         * When on, a Heartbeat is sent only after a full interval in which no other CALL went either way (the
         * interceptor of {@link StationRuntime#intercept(Handlers)} must be in place to see them). Default off:
         * a Heartbeat every interval regardless.
         */
        public Builder skipHeartbeatWhileBusy(boolean on) {
            this.skipHeartbeatWhileBusy = on;
            return this;
        }

        /**
         * Whether the {@code interval} of an accepting BootNotification answer becomes the heartbeat interval, as
         * 1.6 §4.2 and 2.0.1 B01.FR.04 say it should. Default on; off keeps {@link #heartbeatInterval(Duration)} (a
         * station whose operator fixed the interval locally, or a test that needs its own pace).
         */
        public Builder heartbeatIntervalFromCsms(boolean on) {
            this.csmsSetsHeartbeat = on;
            return this;
        }

        /**
         * Whether the interceptor applies by itself an accepted ChangeConfiguration of {@code HeartbeatInterval}
         * (1.6) or SetVariables of {@code OCPPCommCtrlr.HeartbeatInterval} (2.0.1) to the heartbeat, and of
         * {@code OCPPCommCtrlr.RetryBackOffWaitMinimum/RandomRange/RepeatTimes} to the client's reconnect back-off
         * (2.0.1 Part 4 §8.1-8.3). Default on.
         */
        public Builder followCommSettingChanges(boolean on) {
            this.followConfiguration = on;
            return this;
        }

        public StationRuntime build() {
            if (bootPayload == null) {
                throw new IllegalStateException("bootNotification is required");
            }
            return new StationRuntime(this);
        }
    }
}
