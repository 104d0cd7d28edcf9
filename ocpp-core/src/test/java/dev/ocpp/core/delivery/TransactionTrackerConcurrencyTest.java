package dev.ocpp.core.delivery;

import static dev.ocpp.core.delivery.TrackerHarness.JSON;
import static dev.ocpp.core.delivery.TrackerHarness.NUMBERED;
import static dev.ocpp.core.delivery.TrackerHarness.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Copies of the same messages arriving on many threads at once, with handlers that answer later on other threads:
 * whatever the interleaving, each message is handled once and every copy gets its answer. The assertions hold for
 * every schedule, so the test does not depend on timing.
 */
class TransactionTrackerConcurrencyTest {

    static final int THREADS = 8;
    static final int MESSAGES = 60;
    static final int STATIONS = 3;

    final ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    final ExecutorService handlers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        handlers.shutdownNow();
    }

    @Test
    void everyMessageIsHandledOnceAndEveryCopyGetsItsAnswerWhateverTheInterleaving() throws Exception {
        // Room for every answer: a copy whose answer was forgotten would rightly be handled again.
        TrackerHarness h = new TrackerHarness(b -> b.maxRememberedAnswers(MESSAGES));
        Map<String, AtomicInteger> handledPerMessage = new ConcurrentHashMap<>();
        h.handler = c -> {
            String key = c.session().identity() + "/" + c.payload().get("seq").asLong();
            int times = handledPerMessage.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            // Answered later, on another thread: copies arrive while the first is in flight.
            return CompletableFuture.supplyAsync(() -> JSON.createObjectNode().put("key", key).put("times", times),
                    handlers);
        };
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ObjectNode>>> runs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            runs.add(callers.submit(() -> {
                List<IncomingCall> calls = new ArrayList<>();
                for (int s = 0; s < STATIONS; s++) {
                    for (int n = 0; n < MESSAGES; n++) {
                        calls.add(h.call("CS" + s, NUMBERED, numbered("T", n, n == 0 ? Phase.START : Phase.UPDATE)));
                    }
                }
                Collections.shuffle(calls, new Random(seed));
                start.await();
                List<CompletableFuture<ObjectNode>> answers = new ArrayList<>();
                for (IncomingCall c : calls) {
                    answers.add(h.receive(c));
                }
                List<ObjectNode> out = new ArrayList<>();
                for (CompletableFuture<ObjectNode> a : answers) {
                    out.add(a.get(30, TimeUnit.SECONDS));
                }
                return out;
            }));
        }
        start.countDown();
        List<ObjectNode> answers = new ArrayList<>();
        for (Future<List<ObjectNode>> r : runs) {
            answers.addAll(r.get(60, TimeUnit.SECONDS));
        }

        assertThat(handledPerMessage).hasSize(STATIONS * MESSAGES);
        assertThat(handledPerMessage.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(answers).hasSize(THREADS * STATIONS * MESSAGES)
                .allSatisfy(a -> assertThat(a.get("times").asInt()).isEqualTo(1));
        assertThat(h.findings(Finding.Duplicate.class)).hasSize((THREADS - 1) * STATIONS * MESSAGES);
        assertThat(h.findings(Finding.Duplicate.class)).allSatisfy(d -> assertThat(d.replayed()).isTrue());
    }
}
