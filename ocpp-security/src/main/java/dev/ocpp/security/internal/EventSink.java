package dev.ocpp.security.internal;

import dev.ocpp.core.internal.concurrent.SharedPool;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.security.SecurityEvent;
import dev.ocpp.security.SecurityEventListener;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands security events to the user's listener on an executor: events are detected on transport threads (TLS
 * engines, trust managers, the upgrade check), which must never run user code.
 */
public final class EventSink {

    private static final Logger LOG = LoggerFactory.getLogger("dev.ocpp.security");

    /**
     * One daemon thread shared by every configuration that brings no executor: events are rare and small. Each event
     * holds a lease until it has been delivered, so the thread exists only while events are pending and nothing is
     * left behind when the configurations are dropped (a redeployed web application).
     */
    private static final SharedPool<ThreadPoolExecutor> SHARED = new SharedPool<>("ocpp-security-events-",
            f -> new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), f));

    /** Runs on the shared thread: the event owns it until delivered. */
    private static final Executor SHARED_EXECUTOR = task -> {
        SharedPool.Lease<ThreadPoolExecutor> lease = SHARED.acquire();
        try {
            lease.get().execute(() -> {
                try {
                    task.run();
                } finally {
                    lease.closeWithoutWaiting();
                }
            });
        } catch (RuntimeException e) {
            lease.closeWithoutWaiting();
            throw e;
        }
    };

    /** The default bound on events detected and not yet delivered. */
    public static final int DEFAULT_MAX_PENDING = 1000;

    /** How often, at most, dropped events are logged (with their count). */
    static final java.time.Duration DROP_LOG_INTERVAL = java.time.Duration.ofMinutes(1);

    private final SecurityEventListener listener;
    private final Executor executor;
    private final Clock clock;
    private final int maxPending;

    /**
     * Events handed to the executor and not yet delivered. A flood of refusals (a password-guessing run) detects
     * events faster than a slow listener takes them; without this bound the executor's queue would grow without
     * limit. Past it, events are dropped and counted.
     */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);

    /** Failures an engine of ours already reported, so that the transport's report of the same one is dropped. */
    private final Set<Throwable> reported = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public EventSink(SecurityEventListener listener, Executor executor, Clock clock) {
        this(listener, executor, clock, DEFAULT_MAX_PENDING);
    }

    /** @param maxPending how many events may wait for delivery at once; more are dropped and counted */
    public EventSink(SecurityEventListener listener, Executor executor, Clock clock, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
        }
        this.listener = listener;
        this.executor = executor == null ? SHARED_EXECUTOR : executor;
        this.clock = clock;
        this.maxPending = maxPending;
    }

    /** How many events were dropped because {@code maxPending} were waiting for delivery. */
    public long dropped() {
        return dropped.get();
    }

    void reportedByEngine(Throwable failure) {
        reported.add(failure);
    }

    /**
     * A server transport's report of a connection that failed before its upgrade: a TLS failure our engines did not
     * see (Grizzly, for one, refuses plain HTTP on a TLS port before the engine reads anything).
     */
    public void transportFailure(InetSocketAddress remote, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (reported.contains(t)) {
                return;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                TlsFailures.classify(ssl, false).ifPresent(reason -> report(reason, null, remote,
                        TlsFailures.detail(ssl)));
                return;
            }
        }
    }

    public void report(SecurityEvent.Reason reason, String identity, InetSocketAddress remote, String detail) {
        if (pending.incrementAndGet() > maxPending) {
            // Neither logged nor queued: under a flood the log line would be the next unbounded thing.
            pending.decrementAndGet();
            dropped.incrementAndGet();
            droppedSinceLog.incrementAndGet();
            logDrops();
            return;
        }
        logDrops();
        SecurityEvent event = new SecurityEvent(reason, Optional.ofNullable(identity), Optional.ofNullable(remote),
                detail, clock.instant());
        LOG.info("Security event {} ({}) {}{}: {}", event.type(), reason,
                identity == null ? "" : LogSafe.escape(identity) + " ", remote == null ? "" : remote,
                LogSafe.escape(detail, SecurityEvent.MAX_TECH_INFO));
        try {
            executor.execute(() -> {
                try {
                    listener.onSecurityEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("Security event listener failed on {} {}", event.type(), reason, e);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            LOG.warn("Could not deliver security event {} {}", event.type(), reason, e);
        }
    }

    /** Logs the count of dropped events, at most once per {@link #DROP_LOG_INTERVAL}. */
    private void logDrops() {
        if (droppedSinceLog.get() == 0) {
            return;
        }
        long now = clock.millis();
        long last = lastDropLog.get();
        if ((last == Long.MIN_VALUE || now - last >= DROP_LOG_INTERVAL.toMillis())
                && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("Dropped {} security event(s): {} were already waiting for delivery ({} dropped in all)",
                    droppedSinceLog.getAndSet(0), maxPending, dropped.get());
        }
    }
}
