package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ordered, bounded send queue with close after flush that transports build on. */
class BoundedOutboxTest {

    /** A channel whose writes stay in flight until the test settles them. */
    private static final class ManualChannel implements BoundedOutbox.Channel {
        final List<String> written = new ArrayList<>();
        final List<BoundedOutbox.WriteCompletion> pending = new ArrayList<>();
        final List<String> closes = new ArrayList<>();

        @Override
        public synchronized void write(String text, BoundedOutbox.WriteCompletion done) {
            written.add(text);
            pending.add(done);
        }

        @Override
        public synchronized void close(int code, String reason) {
            closes.add(code + " " + reason);
        }

        BoundedOutbox.WriteCompletion take() {
            synchronized (this) {
                assertThat(pending).as("writes in flight").hasSize(1);
                return pending.remove(0);
            }
        }
    }

    private static final IOException UNSENT = new IOException("connection closed");

    private final ManualChannel channel = new ManualChannel();
    private final BoundedOutbox outbox = new BoundedOutbox(3, channel, () -> UNSENT);

    private CompletableFuture<Void> send(String text) {
        return outbox.offer(text).orElseThrow().toCompletableFuture();
    }

    @Test
    void writesOneTextAtATimeInTheOrderTheyWereQueued() {
        CompletableFuture<Void> a = send("a");
        CompletableFuture<Void> b = send("b");
        CompletableFuture<Void> c = send("c");

        assertThat(channel.written).containsExactly("a");
        channel.take().succeeded();
        assertThat(a).isCompleted();
        assertThat(channel.written).containsExactly("a", "b");
        channel.take().succeeded();
        channel.take().succeeded();
        assertThat(channel.written).containsExactly("a", "b", "c");
        assertThat(b).isCompleted();
        assertThat(c).isCompleted();
        assertThat(outbox.queued()).isZero();
    }

    @Test
    void refusesTextsBeyondTheBoundWithoutQueueingThem() {
        send("in flight");
        send("1");
        send("2");
        send("3");

        Optional<CompletionStage<Void>> overflow = outbox.offer("4");

        assertThat(overflow).isEmpty();
        assertThat(outbox.queued()).isEqualTo(3);
        channel.take().succeeded();
        assertThat(outbox.offer("5")).isPresent(); // one left the queue, so one fits again
        for (int i = 0; i < 4; i++) {
            channel.take().succeeded();
        }
        assertThat(channel.written).containsExactly("in flight", "1", "2", "3", "5");
    }

    @Test
    void closeWaitsForTheTextsQueuedBeforeItAndIsWrittenOnce() {
        CompletableFuture<Void> a = send("a");
        CompletableFuture<Void> b = send("b");

        assertThat(outbox.close(1000, "bye")).isTrue();
        assertThat(outbox.close(1001, "again")).isFalse();
        assertThat(outbox.isClosing()).isTrue();
        assertThat(channel.closes).isEmpty();
        channel.take().succeeded();
        assertThat(channel.closes).isEmpty();
        channel.take().succeeded();

        assertThat(channel.closes).containsExactly("1000 bye");
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
    }

    @Test
    void textQueuedAfterTheCloseWasWrittenFailsAndIsNeverWritten() {
        outbox.close(1000, null);

        CompletableFuture<Void> late = send("late");

        assertThat(channel.closes).containsExactly("1000 ");
        assertThat(channel.written).isEmpty();
        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::get).hasCause(UNSENT);
    }

    @Test
    void failedWriteFailsOnlyItsOwnTextAndTheNextIsStillWritten() {
        CompletableFuture<Void> a = send("a");
        CompletableFuture<Void> b = send("b");
        IOException broken = new IOException("broken pipe");

        channel.take().failed(broken);

        assertThatThrownBy(a::get).isInstanceOf(ExecutionException.class).hasCause(broken);
        assertThat(channel.written).containsExactly("a", "b");
        channel.take().succeeded();
        assertThat(b).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void writeThatThrowsCountsAsAFailedWrite() {
        BoundedOutbox throwing = new BoundedOutbox(2, new BoundedOutbox.Channel() {
            @Override
            public void write(String text, BoundedOutbox.WriteCompletion done) {
                throw new IllegalStateException("remote busy");
            }

            @Override
            public void close(int code, String reason) {
            }
        }, () -> UNSENT);

        CompletableFuture<Void> a = throwing.offer("a").orElseThrow().toCompletableFuture();
        CompletableFuture<Void> b = throwing.offer("b").orElseThrow().toCompletableFuture();

        assertThatThrownBy(a::get).cause().isInstanceOf(IOException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(b).isCompletedExceptionally();
    }

    @Test
    void completionReportedTwiceSettlesTheTextOnceAndStartsOneNextWrite() {
        CompletableFuture<Void> a = send("a");
        send("b");
        BoundedOutbox.WriteCompletion first = channel.take();

        first.succeeded();
        first.failed(new IOException("late report"));
        first.succeeded();

        assertThat(a).isCompleted().isNotCompletedExceptionally();
        assertThat(channel.written).containsExactly("a", "b");
        assertThat(channel.pending).hasSize(1);
    }

    @Test
    void writesCompletedInsideTheWriteCallDoNotRecurse() {
        List<String> written = new ArrayList<>();
        int count = 100_000; // deep enough to overflow the stack if each completion pumped recursively
        BoundedOutbox immediate = new BoundedOutbox(count, new BoundedOutbox.Channel() {
            @Override
            public void write(String text, BoundedOutbox.WriteCompletion done) {
                written.add(text);
                done.succeeded();
            }

            @Override
            public void close(int code, String reason) {
                written.add("close");
            }
        }, () -> UNSENT);

        for (int i = 0; i < count; i++) {
            assertThat(immediate.offer(Integer.toString(i))).isPresent();
        }
        immediate.close(1000, "done");

        assertThat(written).hasSize(count + 1).endsWith("close");
        assertThat(written.get(0)).isEqualTo("0");
        assertThat(written.get(count - 1)).isEqualTo(Integer.toString(count - 1));
    }

    @Test
    void closeNowOvertakesAStuckWriteAndFailsTheQueuedTexts() {
        CompletableFuture<Void> stuck = send("stuck");
        CompletableFuture<Void> queued = send("queued");
        outbox.close(1000, "bye");

        assertThat(outbox.closeNow(1001, "flush timed out")).isTrue();
        assertThat(outbox.closeNow(1001, "flush timed out")).isFalse();

        assertThat(channel.closes).containsExactly("1001 flush timed out");
        assertThatThrownBy(queued::get).hasCause(UNSENT);
        assertThat(stuck).isNotDone();
        channel.take().succeeded(); // the stuck write ends after all
        assertThat(stuck).isCompleted();
        assertThat(channel.written).containsExactly("stuck");
        assertThat(channel.closes).hasSize(1);
    }

    @Test
    void terminatedOutboxFailsWhatIsQueuedAndWritesNothingMoreNotEvenTheClose() {
        CompletableFuture<Void> inFlight = send("a");
        CompletableFuture<Void> queued = send("b");
        outbox.close(1000, "bye");

        outbox.terminate();
        CompletableFuture<Void> late = send("c");
        channel.take().failed(new IOException("reset"));

        assertThat(inFlight).isCompletedExceptionally();
        assertThatThrownBy(queued::get).hasCause(UNSENT);
        assertThatThrownBy(late::get).hasCause(UNSENT);
        assertThat(channel.written).containsExactly("a");
        assertThat(channel.closes).isEmpty();
        assertThat(outbox.closeNow(1001, "too late")).isFalse();
        assertThat(outbox.queued()).isZero();
    }

    @Test
    void concurrentSendersKeepTheirOwnOrderAndEveryTextCompletesExactlyOnce() throws Exception {
        int senders = 4;
        int perSender = 2_000;
        ExecutorService io = Executors.newSingleThreadExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        BoundedOutbox shared = new BoundedOutbox(senders * perSender, new BoundedOutbox.Channel() {
            @Override
            public void write(String text, BoundedOutbox.WriteCompletion done) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                written.add(text);
                // Completed on another thread, as an I/O thread would.
                io.execute(() -> {
                    inFlight.decrementAndGet();
                    done.succeeded();
                });
            }

            @Override
            public void close(int code, String reason) {
                written.add("close");
            }
        }, () -> UNSENT);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        List<java.util.concurrent.Future<List<CompletableFuture<Void>>>> results = new ArrayList<>();
        try {
            for (int s = 0; s < senders; s++) {
                int sender = s;
                results.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < perSender; i++) {
                        mine.add(shared.offer(sender + ":" + i).orElseThrow().toCompletableFuture());
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (var r : results) {
                all.addAll(r.get(30, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            io.shutdownNow();
        }

        assertThat(all).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        assertThat(written).hasSize(senders * perSender).doesNotHaveDuplicates();
        assertThat(maxInFlight.get()).isEqualTo(1);
        for (int s = 0; s < senders; s++) {
            String prefix = s + ":";
            assertThat(written.stream().filter(t -> t.startsWith(prefix)).toList())
                    .isSortedAccordingTo((x, y) -> Integer.compare(
                            Integer.parseInt(x.substring(prefix.length())),
                            Integer.parseInt(y.substring(prefix.length()))));
        }
    }

    @Test
    void capacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new BoundedOutbox(0, channel, () -> UNSENT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
