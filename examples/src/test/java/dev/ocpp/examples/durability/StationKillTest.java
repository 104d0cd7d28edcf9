package dev.ocpp.examples.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of a station: a station with the durable store runs transactions in a child JVM and is killed with SIGKILL
 * at random points, then started again on the same store, over and over; a last run drains the queue. The CSMS must
 * have received every message the station had accepted (its call had returned) before each kill: OCPP 1.6 §3.7 and
 * 2.0.1 E04 say transaction messages are delivered, and nothing in between may lose one. 12 kills per version, 24 in
 * all; the seed is printed so that a failing run can be repeated.
 */
// Child JVMs, restarts and a bad network take their time on a loaded machine; the suite's 2-minute default is
// for ordinary tests, and every wait inside has its own bound.
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StationKillTest {

    private static final int KILLS = 12;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ocpp1.6", "ocpp2.0.1"})
    void everyMessageAcceptedBeforeAKillReachesTheCsms(String protocol, @TempDir Path dir) throws Exception {
        long seed = Long.getLong("ocpp.test.seed", System.nanoTime());
        System.out.println("StationKillTest " + protocol + " seed " + seed);
        Random random = new Random(seed);
        String identity = "KILL-" + protocol.replace('.', '_');
        Set<Integer> accepted = new TreeSet<>();
        List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> duplicateProblems = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RecordingCsms> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        // A CSMS as it should be run: a StartTransaction re-sent after a kill is answered with its first answer.
        try (RecordingCsms csms = new RecordingCsms(0, 0, 1, true, line -> { },
                b -> Tracking.install16(b, duplicates, duplicateProblems, id -> self.get().lastMessageId(id)),
                b -> Tracking.install201(b, duplicates, duplicateProblems, id -> self.get().lastMessageId(id)))) {
            self.set(csms);
            int port = protocol.equals("ocpp1.6") ? csms.port16() : csms.port201();
            String endpoint = "ws://127.0.0.1:" + port + "/ocpp";
            Path store = dir.resolve("store");
            for (int kill = 0; kill < KILLS; kill++) {
                try (ChildProcess child = ChildProcess.start(ChildStation.class, protocol, endpoint, identity,
                        store.toString(), "run")) {
                    child.awaitLine(l -> l.startsWith("started"), Duration.ofSeconds(60));
                    // Kill after a random number of accepted messages: mid-transaction, mid-delivery, anywhere.
                    int before = child.count("accepted ");
                    child.awaitCount("accepted ", before + 1 + random.nextInt(12), Duration.ofSeconds(60));
                    child.kill();
                    child.lines().stream().filter(l -> l.startsWith("accepted "))
                            .forEach(l -> accepted.add(Integer.parseInt(l.substring(9))));
                }
            }
            try (ChildProcess drain = ChildProcess.start(ChildStation.class, protocol, endpoint, identity,
                    store.toString(), "drain")) {
                drain.awaitLine("drained"::equals, Duration.ofSeconds(120));
                drain.awaitExit(Duration.ofSeconds(30));
            }

            Set<Integer> received = new TreeSet<>(csms.received.getOrDefault(identity, List.of()));
            assertThat(accepted).as("numbers accepted before the kills").hasSizeGreaterThan(KILLS);
            assertThat(received).as("received by the CSMS").containsAll(accepted);
            assertThat(csms.problems).as("1.6 transactions started twice, or messages with another id").isEmpty();
            assertThat(duplicateProblems).as("duplicates that were not re-sent copies of the last message").isEmpty();
            System.out.println("StationKillTest " + protocol + ": " + accepted.size() + " accepted, "
                    + csms.received.get(identity).size() + " received (with duplicates), "
                    + received.size() + " distinct, " + duplicates.size() + " duplicates flagged");
        }
    }

    @Test
    void theChildProcessHelperSeesTheLinesOfAKilledProcess() throws Exception {
        // The harness itself: what a child printed before SIGKILL is still read.
        try (ChildProcess child = ChildProcess.start(Echo.class, "a", "b")) {
            child.awaitLine("b"::equals, Duration.ofSeconds(30));
            child.kill();
            assertThat(child.lines()).contains("a", "b");
        }
    }

    /** Prints its arguments, then sleeps until killed. */
    public static final class Echo {
        public static void main(String[] args) throws InterruptedException {
            for (String a : args) {
                System.out.println(a);
            }
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
