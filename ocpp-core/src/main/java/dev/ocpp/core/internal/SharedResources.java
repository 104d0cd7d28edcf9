package dev.ocpp.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.TimeoutScheduler;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide defaults behind {@link dev.ocpp.core.SessionConfig}: created on first use, daemon threads that
 * end after {@value #IDLE_SECONDS} s without work (and come back when work does), so that nothing of the library
 * lingers once every session is closed.
 */
public final class SharedResources {

    static final int IDLE_SECONDS = 10;

    private SharedResources() {
    }

    public static Executor executor() {
        return Holder.EXECUTOR;
    }

    public static TimeoutScheduler scheduler() {
        return Holder.SCHEDULER;
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** Payload nesting is limited well below Jackson's default: no OCPP message nests deeper than about 8. */
    public static ObjectMapper newMapper() {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        return new ObjectMapper(f);
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = newMapper();
        static final Executor EXECUTOR = createExecutor();
        static final TimeoutScheduler SCHEDULER = createScheduler();

        private static Executor createExecutor() {
            int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            // Bounded so that a flood of work fails visibly instead of exhausting memory.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(100_000), daemonThreads("ocpp-handler-"));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }

        private static TimeoutScheduler createScheduler() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("ocpp-timer-"));
            // Most call timeouts are cancelled by the answer; drop them from the queue at once.
            timer.setRemoveOnCancelPolicy(true);
            // The thread ends only when no timeout is pending; scheduling one starts a new thread.
            timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            return TimeoutScheduler.of(timer);
        }
    }
}
