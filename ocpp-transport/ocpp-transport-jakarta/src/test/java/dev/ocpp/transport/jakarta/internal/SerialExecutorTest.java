package dev.ocpp.transport.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksFromManyThreadsNeverOverlapAndAllRun() throws Exception {
        SerialExecutor serial = new SerialExecutor();
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger ran = new AtomicInteger();
        int threads = 4;
        int perThread = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    serial.execute(() -> {
                        if (inside.incrementAndGet() != 1) {
                            overlapped.set(true);
                        }
                        ran.incrementAndGet();
                        inside.decrementAndGet();
                    });
                }
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        assertThat(ran.get()).isEqualTo(threads * perThread);
        assertThat(overlapped).isFalse();
    }

    @Test
    void taskSubmittedFromATaskRunsAfterItInOrder() {
        SerialExecutor serial = new SerialExecutor();
        List<String> order = new ArrayList<>();

        serial.execute(() -> {
            order.add("first");
            serial.execute(() -> order.add("third"));
            order.add("second");
        });

        assertThat(order).containsExactly("first", "second", "third");
    }

    @Test
    void throwingTaskDoesNotStopLaterOnes() {
        SerialExecutor serial = new SerialExecutor();
        List<String> order = new ArrayList<>();

        serial.execute(() -> {
            serial.execute(() -> order.add("after"));
            throw new IllegalStateException("listener bug");
        });

        assertThat(order).containsExactly("after");
    }
}
