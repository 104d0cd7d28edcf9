package dev.ocpp.examples.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.testkit.faults.Chaos;
import dev.ocpp.testkit.faults.FaultProxy;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transaction messages through a bad network: 10 stations of each version run 1,000 transactions in all (4,000
 * messages) through a seeded fault proxy that cuts connections, holds traffic (then resumes or cuts) and delays it,
 * a fault every half second per version on average, plus a cut of every connection at two points. The CSMS must
 * receive every message, in order per station. A message arrives twice only when its CALLRESULT was lost (the
 * station re-sends only the message it still waits for, so a copy is always of the last message handled for that
 * station); the CSMS's transaction tracker flags each copy and answers it with the first answer, so the handlers see
 * every message exactly once and a 1.6 transaction keeps the one transactionId its StartTransaction was given. The seed is printed; {@code -Docpp.test.seed=N} repeats a run.
 */
// Child JVMs, restarts and a bad network take their time on a loaded machine; the suite's 2-minute default is
// for ordinary tests, and every wait inside has its own bound.
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DeliveryThroughFaultsTest {

    private static final int STATIONS_PER_VERSION = 10;
    private static final int TRANSACTIONS_PER_STATION = 50;

    @Test
    void everyTransactionMessageArrivesInOrderThroughCutsHoldsAndDelays() throws Exception {
        long seed = Long.getLong("ocpp.test.seed", System.nanoTime());
        System.out.println("DeliveryThroughFaultsTest seed " + seed);
        List<String> duplicatesFlagged = new CopyOnWriteArrayList<>();
        List<String> duplicateProblems = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RecordingCsms> self = new java.util.concurrent.atomic.AtomicReference<>();
        Map<String, List<CompletableFuture<?>>> calls = new ConcurrentHashMap<>();
        List<Runnable> closers = new ArrayList<>();
        try (RecordingCsms csms = new RecordingCsms(0, 0, 1, true, line -> { },
                b -> Tracking.install16(b, duplicatesFlagged, duplicateProblems, id -> self.get().lastMessageId(id)),
                b -> Tracking.install201(b, duplicatesFlagged, duplicateProblems,
                        id -> self.get().lastMessageId(id)));
             FaultProxy proxy16 = FaultProxy.start(csms.port16());
             FaultProxy proxy201 = FaultProxy.start(csms.port201())) {
            self.set(csms);
            Chaos chaos = Chaos.seeded(seed).every(Duration.ofMillis(500)).mix(0.4, 0.2, 0.2, 0.2)
                    .holds(Duration.ofMillis(200), Duration.ofMillis(2_500))
                    .delayBursts(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(50));
            proxy16.startChaos(chaos);
            proxy201.startChaos(Chaos.seeded(seed + 1).every(Duration.ofMillis(500)).mix(0.4, 0.2, 0.2, 0.2)
                    .holds(Duration.ofMillis(200), Duration.ofMillis(2_500))
                    .delayBursts(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(50)));

            URI via16 = URI.create("ws://127.0.0.1:" + proxy16.port() + "/ocpp");
            URI via201 = URI.create("ws://127.0.0.1:" + proxy201.port() + "/ocpp");
            Duration timeout = Duration.ofSeconds(2);
            List<Thread> runs = new ArrayList<>();
            for (int i = 1; i <= STATIONS_PER_VERSION; i++) {
                String id16 = "F16-" + i;
                Ocpp16ChargePoint cp = Numbered.station16(new TyrusClientTransport(), via16, id16,
                        Numbered.patient(MessageStore.inMemory()), timeout);
                Ocpp16CentralSystemSession s16 = cp.start();
                closers.add(() -> s16.session().close());
                runs.add(run(id16, calls, n -> Numbered.transaction16(s16, id16, n, k -> { }, pause())));
                String id201 = "F201-" + i;
                Ocpp201ChargingStation cs = Numbered.station201(new TyrusClientTransport(), via201, id201,
                        Numbered.patient(MessageStore.inMemory()), timeout);
                Ocpp201CsmsSession s201 = cs.start();
                closers.add(() -> s201.session().close());
                runs.add(run(id201, calls, n -> Numbered.transaction201(s201, n, k -> { }, pause())));
            }
            runs.forEach(Thread::start);
            // Besides the schedule: everything cut at once, twice, as when the CSMS's network drops.
            for (int cut = 1; cut <= 2; cut++) {
                awaitReceived(csms, cut * 1_200, Duration.ofSeconds(120));
                proxy16.cutAll();
                proxy201.cutAll();
            }
            for (Thread t : runs) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            List<CompletableFuture<?>> all = calls.values().stream().flatMap(List::stream).toList();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);
            proxy16.stopChaos();
            proxy201.stopChaos();

            int messages = 0;
            for (String identity : calls.keySet()) {
                List<Integer> expected = IntStream.range(0, TRANSACTIONS_PER_STATION * Numbered.PER_TRANSACTION)
                        .map(k -> k + 1).boxed().toList();
                // Every message handled exactly once, in order: the tracker answered the re-sent copies.
                assertThat(csms.received.get(identity)).as("what %s's CSMS handled, in order", identity)
                        .isEqualTo(expected);
                messages += expected.size();
            }
            assertThat(messages).isEqualTo(2 * STATIONS_PER_VERSION * TRANSACTIONS_PER_STATION
                    * Numbered.PER_TRANSACTION);
            assertThat(csms.problems).as("1.6 transactions started twice, or messages with another id").isEmpty();
            assertThat(duplicateProblems).as("duplicates that were not re-sent copies of the last message").isEmpty();
            FaultProxy.Stats s16 = proxy16.stats();
            FaultProxy.Stats s201 = proxy201.stats();
            assertThat(s16.cuts() + s201.cuts()).as("connections cut").isGreaterThanOrEqualTo(4);
            System.out.println("DeliveryThroughFaultsTest: " + messages + " messages, " + duplicatesFlagged.size()
                    + " re-sent copies flagged and answered by the tracker; 1.6 proxy " + s16 + "; 2.0.1 proxy "
                    + s201);
        } finally {
            closers.forEach(Runnable::run);
        }
    }

    private static Runnable pause() {
        return () -> LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }

    private static Thread run(String identity, Map<String, List<CompletableFuture<?>>> calls,
                              java.util.function.IntFunction<List<CompletableFuture<?>>> transaction) {
        List<CompletableFuture<?>> mine = new CopyOnWriteArrayList<>();
        calls.put(identity, mine);
        Thread t = new Thread(() -> {
            for (int tx = 0; tx < TRANSACTIONS_PER_STATION; tx++) {
                mine.addAll(transaction.apply(1 + tx * Numbered.PER_TRANSACTION));
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }, "transactions-" + identity);
        t.setDaemon(true);
        return t;
    }

    private static void awaitReceived(RecordingCsms csms, int total, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (csms.received.values().stream().mapToInt(List::size).sum() < total) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the CSMS received fewer than " + total + " messages in " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
