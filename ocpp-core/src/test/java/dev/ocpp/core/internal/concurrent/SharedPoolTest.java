package dev.ocpp.core.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The reference counting behind the library's shared pools: a pool lives exactly as long as someone holds a lease.
 * Each test uses a pool of its own with a unique thread prefix, so other tests' threads cannot interfere.
 */
class SharedPoolTest {

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final long WAIT_SECONDS = 10;

    private final String prefix = "shared-pool-test-" + POOLS.incrementAndGet() + "-";
    /** Idle threads would live for a minute: a thread that goes away did so because the pool was stopped. */
    private final SharedPool<ThreadPoolExecutor> shared = new SharedPool<>(prefix,
            f -> new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), f));

    @Test
    void releasingOneOfTwoLeasesKeepsThePoolAndReleasingBothStopsItsThreads() throws Exception {
        SharedPool.Lease<ThreadPoolExecutor> first = shared.acquire();
        SharedPool.Lease<ThreadPoolExecutor> second = shared.acquire();
        assertThat(second.get()).isSameAs(first.get());
        assertThat(runOn(first.get())).startsWith(prefix);
        assertThat(shared.owners()).isEqualTo(2);

        first.close();
        assertThat(shared.owners()).isEqualTo(1);
        assertThat(second.get().isShutdown()).isFalse();
        assertThat(runOn(second.get())).as("the pool still serves its other owner").startsWith(prefix);
        assertThat(liveThreads()).isNotEmpty();

        second.close();
        assertThat(shared.owners()).isZero();
        assertThat(shared.current()).isNull();
        // close waits for the threads to end when called outside the pool.
        assertThat(second.get().isTerminated()).isTrue();
        // A terminated pool's last worker may take a moment more to die.
        awaitTrue("the pool's threads end", () -> liveThreads().isEmpty());
    }

    @Test
    void acquiringAfterTheLastReleaseStartsAFreshWorkingPool() throws Exception {
        SharedPool.Lease<ThreadPoolExecutor> before = shared.acquire();
        runOn(before.get());
        before.close();

        try (SharedPool.Lease<ThreadPoolExecutor> after = shared.acquire()) {
            assertThat(after.get()).isNotSameAs(before.get());
            assertThat(runOn(after.get())).startsWith(prefix);
        }
        awaitTrue("the pool's threads end", () -> liveThreads().isEmpty());
    }

    @Test
    void releasingALeaseTwiceReleasesItOnce() throws Exception {
        SharedPool.Lease<ThreadPoolExecutor> kept = shared.acquire();
        SharedPool.Lease<ThreadPoolExecutor> twice = shared.acquire();
        twice.close();
        twice.close();
        twice.closeWithoutWaiting();
        assertThat(shared.owners()).isEqualTo(1);
        assertThat(runOn(kept.get())).startsWith(prefix);
        kept.close();
        assertThat(shared.owners()).isZero();
    }

    @Test
    void theLastReleaseOnAPoolThreadDoesNotWaitForItselfAndThePoolStillStops() throws Exception {
        SharedPool.Lease<ThreadPoolExecutor> lease = shared.acquire();
        CompletableFuture<Boolean> releasedInside = new CompletableFuture<>();
        lease.get().execute(() -> {
            lease.close();
            releasedInside.complete(SharedPool.onPoolThread());
        });
        // Had close waited for its own thread, this would only complete after the forced stop, interrupted.
        assertThat(releasedInside.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitTrue("the pool's threads end", () -> liveThreads().isEmpty());
        assertThat(lease.get().isShutdown()).isTrue();
    }

    @Test
    void tasksQueuedBeforeTheLastReleaseStillRun() throws Exception {
        SharedPool.Lease<ThreadPoolExecutor> lease = shared.acquire();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        lease.get().execute(() -> {
            try {
                gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.incrementAndGet();
        });
        for (int i = 0; i < 5; i++) {
            lease.get().execute(ran::incrementAndGet);
        }
        // Let the first task go only once the release is under way: the queued ones must not be dropped.
        Thread opener = new Thread(() -> {
            while (!lease.get().isShutdown()) {
                Thread.onSpinWait();
            }
            gate.countDown();
        });
        opener.start();
        lease.close();
        opener.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(ran).hasValue(6);
        awaitTrue("the pool's threads end", () -> liveThreads().isEmpty());
    }

    private String runOn(ThreadPoolExecutor pool) throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();
        pool.execute(() -> name.complete(Thread.currentThread().getName()));
        return name.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private List<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .toList();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting until %s", what).isNegative();
            Thread.sleep(10);
        }
    }
}
