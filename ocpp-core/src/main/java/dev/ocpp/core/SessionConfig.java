package dev.ocpp.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.internal.SharedResources;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How the RPC engine behaves on each connection. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>why</th></tr>
 *   <tr><td>{@link #callTimeout()}</td><td>30 s</td><td>the starting value OCPP 2.0.1 Part 2 §3.2 suggests</td></tr>
 *   <tr><td>{@link #maxQueuedCalls()}</td><td>1000</td><td>calls waiting behind the outstanding one</td></tr>
 *   <tr><td>{@link #maxIncomingCallsInProgress()}</td><td>64</td><td>the peer's CALLs being handled at once; a
 *       well-behaved peer has one</td></tr>
 *   <tr><td>{@link #executor()}</td><td>a shared daemon pool, stopped with its last user</td><td>runs handlers and completes futures</td></tr>
 *   <tr><td>{@link #inlineHandlers()}</td><td>false</td><td>handlers run on the executor, never on a transport
 *       thread</td></tr>
 *   <tr><td>{@link #scheduler()}</td><td>a shared daemon timer, stopped with its last user</td><td>call timeouts</td></tr>
 *   <tr><td>{@link #connectionWait(String)}</td><td>station: the call timeout; CSMS: zero</td><td>how long a call
 *       made without a connection waits for one (zero: fail at once with {@link NotConnectedException})</td></tr>
 * </table>
 *
 * <p>Executors and schedulers passed in are owned by the caller: the library never shuts them down.
 *
 * <p>The defaults are pools of daemon threads shared by everything that uses them ({@code ocpp-handler-N},
 * {@code ocpp-timer-1}). They are owned by their users: an {@link OcppServer} from {@link OcppServer#start()} to
 * {@link OcppServer#close()}, a session of an {@link OcppClient} from its start until it is closed. The pools start
 * with their first owner and stop, their threads ending before the last owner's {@code close} returns, when the last
 * owner lets go; so once every server and client session is closed no thread of theirs is left (a redeployed web
 * application leaks none). Work handed to the defaults while nobody owns them still runs, and holds the pool only
 * until it has.
 */
public final class SessionConfig {

    private static final SessionConfig DEFAULTS = builder().build();

    private final Duration callTimeout;
    private final int maxQueuedCalls;
    private final int maxIncomingCallsInProgress;
    private final boolean inlineHandlers;
    private final MessageIdGenerator idGenerator;
    private final Executor executor;
    private final TimeoutScheduler scheduler;
    private final OcppEventListener listener;
    private final FrameListener frameListener;
    private final ObjectMapper mapper;
    private final Duration connectionWait;
    private final Map<String, Duration> connectionWaits;

    private SessionConfig(Builder b) {
        this.connectionWait = b.connectionWait;
        this.connectionWaits = Map.copyOf(b.connectionWaits);
        this.callTimeout = b.callTimeout;
        this.maxQueuedCalls = b.maxQueuedCalls;
        this.maxIncomingCallsInProgress = b.maxIncomingCallsInProgress;
        this.inlineHandlers = b.inlineHandlers;
        this.idGenerator = b.idGenerator;
        this.executor = b.executor != null ? b.executor : SharedResources.executor();
        this.scheduler = b.scheduler != null ? b.scheduler : SharedResources.scheduler();
        this.listener = b.listener;
        this.frameListener = b.frameListener;
        this.mapper = b.mapper != null ? b.mapper : SharedResources.mapper();
    }

    /** The settings with every default. */
    public static SessionConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.callTimeout = callTimeout;
        b.maxQueuedCalls = maxQueuedCalls;
        b.maxIncomingCallsInProgress = maxIncomingCallsInProgress;
        b.inlineHandlers = inlineHandlers;
        b.idGenerator = idGenerator;
        b.executor = executor;
        b.scheduler = scheduler;
        b.listener = listener;
        b.frameListener = frameListener;
        b.mapper = mapper;
        b.connectionWait = connectionWait;
        b.connectionWaits.putAll(connectionWaits);
        return b;
    }

    /** How long a CALL waits for its answer once on the wire, unless the call sets its own. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** How many calls may wait behind the outstanding one; one more fails with {@link CallQueueFullException}. */
    public int maxQueuedCalls() {
        return maxQueuedCalls;
    }

    /**
     * How many of the peer's CALLs may be in handling at once; beyond that a CALL is answered at once with
     * RpcFrameworkError (1.6: GenericError).
     */
    public int maxIncomingCallsInProgress() {
        return maxIncomingCallsInProgress;
    }

    /**
     * Whether an incoming CALL is handled on the transport thread that read it, without the hand-off to
     * {@link #executor()}: its interceptors (validation, boot gating), the handler, and the writing of the answer.
     * Off by default. It saves two thread switches per call, which on a busy server is a good part of its CPU per
     * call (see {@code examples/BENCHMARKS.md}), and is safe only when every handler and incoming-call interceptor
     * of the session returns at once: a handler that blocks (a database, a lock, another call's outcome) then stalls
     * every connection served by that transport thread. Only the incoming-CALL path changes; the completion of our
     * own calls' futures, connection events and timers stay on the executor as documented in
     * {@code ocpp-core/docs/threading.md} (rule 1 and its exception).
     */
    public boolean inlineHandlers() {
        return inlineHandlers;
    }

    public MessageIdGenerator idGenerator() {
        return idGenerator;
    }

    /** Runs handlers and completes call futures. Never a transport I/O thread. */
    public Executor executor() {
        return executor;
    }

    public TimeoutScheduler scheduler() {
        return scheduler;
    }

    public OcppEventListener listener() {
        return listener;
    }

    public FrameListener frameListener() {
        return frameListener;
    }

    /**
     * How long a call of {@code action} made while the session has no connection waits in the queue for one; zero
     * fails it at once with {@link NotConnectedException}. A call's own {@link CallOptions} take precedence.
     */
    public Duration connectionWait(String action) {
        Duration d = connectionWaits.get(action);
        if (d != null) {
            return d;
        }
        return connectionWait != null ? connectionWait : Duration.ZERO;
    }

    /** Whether a default connection wait was set; if not, the session's owner applies its role's default. */
    public boolean hasConnectionWait() {
        return connectionWait != null;
    }

    /** Reads and writes payloads. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Builds a {@link SessionConfig}. */
    public static final class Builder {
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxQueuedCalls = 1000;
        private int maxIncomingCallsInProgress = 64;
        private boolean inlineHandlers;
        private MessageIdGenerator idGenerator = MessageIdGenerator.uuid();
        private Executor executor;
        private TimeoutScheduler scheduler;
        private OcppEventListener listener = new OcppEventListener() { };
        private FrameListener frameListener = (s, d, t) -> { };
        private ObjectMapper mapper;
        private Duration connectionWait;
        private final Map<String, Duration> connectionWaits = new HashMap<>();

        private Builder() {
        }

        /**
         * How long calls made without a connection wait for one, unless set per action; zero fails them at once.
         * Unset, a station ({@link OcppClient}) waits up to the call timeout and a CSMS ({@link OcppServer}) fails
         * at once.
         */
        public Builder connectionWait(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("negative connection wait");
            }
            this.connectionWait = wait;
            return this;
        }

        /** How long calls of {@code action} made without a connection wait for one; zero fails them at once. */
        public Builder connectionWait(String action, Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("negative connection wait");
            }
            connectionWaits.put(Objects.requireNonNull(action, "action"), wait);
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("call timeout must be positive");
            }
            this.callTimeout = timeout;
            return this;
        }

        public Builder maxQueuedCalls(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("negative queue size");
            }
            this.maxQueuedCalls = max;
            return this;
        }

        /** See {@link SessionConfig#inlineHandlers()}: only for handlers that never block. */
        public Builder inlineHandlers(boolean inline) {
            this.inlineHandlers = inline;
            return this;
        }

        public Builder maxIncomingCallsInProgress(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("must allow at least one incoming call");
            }
            this.maxIncomingCallsInProgress = max;
            return this;
        }

        public Builder idGenerator(MessageIdGenerator generator) {
            this.idGenerator = Objects.requireNonNull(generator);
            return this;
        }

        /**
         * The executor for handlers and completions; {@code null} restores the shared default. An executor passed
         * here is never shut down by the library: its owner does that, after closing what uses it.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** The timeout scheduler; {@code null} restores the shared default. Never shut down by the library. */
        public Builder scheduler(TimeoutScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder listener(OcppEventListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder frameListener(FrameListener frameListener) {
            this.frameListener = Objects.requireNonNull(frameListener);
            return this;
        }

        public Builder mapper(ObjectMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        public SessionConfig build() {
            return new SessionConfig(this);
        }
    }
}
