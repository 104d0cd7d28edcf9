package dev.ocpp.examples.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v201.Ocpp201ChargingStation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of the CSMS: two stations of each version run transactions against a CSMS in a child JVM that is killed
 * with SIGKILL at random moments and started again on the same ports. The stations reconnect and drain their
 * queues: every message each station queued is answered in the end, and appears in the output of one of the CSMS
 * processes (it prints each message before answering it). Nothing is lost.
 */
// Child JVMs, restarts and a bad network take their time on a loaded machine; the suite's 2-minute default is
// for ordinary tests, and every wait inside has its own bound.
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CsmsKillTest {

    private static final int KILLS = 4;

    @Test
    void stationsReconnectAndDrainTheirQueuesAfterTheCsmsIsKilled() throws Exception {
        long seed = Long.getLong("ocpp.test.seed", System.nanoTime());
        System.out.println("CsmsKillTest seed " + seed);
        Random random = new Random(seed);
        Set<String> got = ConcurrentHashMap.newKeySet();
        Map<String, Set<Integer>> accepted = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Thread> producers = new ArrayList<>();
        List<Runnable> closers = new ArrayList<>();

        ChildProcess csms = ChildProcess.start(ChildCsms.class, "0", "0");
        try {
            String[] ports = csms.awaitLine(l -> l.startsWith("ports "), Duration.ofSeconds(60)).split(" ");
            URI endpoint16 = URI.create("ws://127.0.0.1:" + ports[1] + "/ocpp");
            URI endpoint201 = URI.create("ws://127.0.0.1:" + ports[2] + "/ocpp");
            Duration timeout = Duration.ofSeconds(3);
            for (int i = 1; i <= 2; i++) {
                String id16 = "CK16-" + i;
                Ocpp16ChargePoint cp = Numbered.station16(new TyrusClientTransport(), endpoint16, id16,
                        Numbered.patient(MessageStore.inMemory()), timeout);
                var s16 = cp.start();
                closers.add(() -> s16.session().close());
                producers.add(producer(id16, producing, n -> Numbered.transaction16(s16, id16, n,
                        k -> accepted.computeIfAbsent(id16, x -> new TreeSet<>()).add(k), pause()), calls));
                String id201 = "CK201-" + i;
                Ocpp201ChargingStation cs = Numbered.station201(new TyrusClientTransport(), endpoint201, id201,
                        Numbered.patient(MessageStore.inMemory()), timeout);
                var s201 = cs.start();
                closers.add(() -> s201.session().close());
                producers.add(producer(id201, producing, n -> Numbered.transaction201(s201, n,
                        k -> accepted.computeIfAbsent(id201, x -> new TreeSet<>()).add(k), pause()), calls));
            }
            producers.forEach(Thread::start);

            for (int kill = 0; kill < KILLS; kill++) {
                int before = csms.count("got ");
                csms.awaitCount("got ", before + 5 + random.nextInt(60), Duration.ofSeconds(60));
                csms.kill();
                collect(csms, got);
                csms = ChildProcess.start(ChildCsms.class, ports[1], ports[2]);
                csms.awaitLine(l -> l.startsWith("ports "), Duration.ofSeconds(60));
            }
            producing.set(false);
            for (Thread t : producers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            csms.kill();
            collect(csms, got);
        } finally {
            producing.set(false);
            closers.forEach(Runnable::run);
            csms.close();
        }

        int total = 0;
        for (Map.Entry<String, Set<Integer>> e : accepted.entrySet()) {
            for (int n : e.getValue()) {
                assertThat(got).as("received by one of the CSMS processes").contains(e.getKey() + " " + n);
            }
            total += e.getValue().size();
        }
        assertThat(accepted).hasSize(4);
        System.out.println("CsmsKillTest: " + total + " messages accepted and received across " + (KILLS + 1)
                + " CSMS processes");
    }

    private static Runnable pause() {
        return () -> LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }

    private static Thread producer(String identity, AtomicBoolean producing,
                                   java.util.function.IntFunction<List<CompletableFuture<?>>> transaction,
                                   List<CompletableFuture<?>> calls) {
        Thread t = new Thread(() -> {
            int n = 1;
            while (producing.get()) {
                calls.addAll(transaction.apply(n));
                n += Numbered.PER_TRANSACTION;
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }, "producer-" + identity);
        t.setDaemon(true);
        return t;
    }

    private static void collect(ChildProcess csms, Set<String> got) {
        csms.lines().stream().filter(l -> l.startsWith("got ")).forEach(l -> got.add(l.substring(4)));
    }
}
