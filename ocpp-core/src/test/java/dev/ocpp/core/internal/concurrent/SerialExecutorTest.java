package dev.ocpp.core.internal.concurrent;

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

    @Test
    void onATargetExecutorTasksRunThereInOrder() {
        List<Runnable> handedOver = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(handedOver::add);
        List<String> order = new ArrayList<>();
        serial.execute(() -> order.add("a"));
        serial.execute(() -> order.add("b"));
        // One drain was handed to the target and nothing ran on the submitting thread.
        assertThat(handedOver).hasSize(1);
        assertThat(order).isEmpty();
        handedOver.get(0).run();
        assertThat(order).containsExactly("a", "b");
        serial.execute(() -> order.add("c"));
        assertThat(handedOver).hasSize(2);
    }

    @Test
    void aTargetThatRefusesDoesNotLoseTasks() throws Exception {
        SerialExecutor serial = new SerialExecutor(task -> {
            throw new java.util.concurrent.RejectedExecutionException("saturated");
        });
        CountDownLatch ran = new CountDownLatch(1);
        serial.execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
