package dev.ocpp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 at random points: a child JVM ({@link CrashWriter}) applies change after change and reports each one whose
 * apply returned; the test kills it without warning, reopens the same directory, and lets the next child go on from
 * there. Every reported change must be in the store, and no change may be there in part.
 */
// 24 child JVMs in a row take their time on a loaded machine; every wait inside has its own bound.
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashTest {

    /** Kills per candidate. */
    private static final int KILLS = 24;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Candidate.class)
    void everyReturnedApplySurvivesKillNineAndNoChangeIsKeptInPart(Candidate candidate) throws Exception {
        Random random = new Random(0x5EED_0013L + candidate.ordinal());
        Path storeDir = dir.resolve("store");
        int kept = 0;
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < KILLS; round++) {
            // Both modes promise to survive the process being killed.
            Durability durability = round % 2 == 0 ? Durability.SYNC : Durability.PROCESS;
            // Below 0: kill as soon as the child says it is opening the store (during the open, or just before it).
            int killAfter = random.nextInt(140) - 15;
            Path stderr = dir.resolve("child-" + round + ".err");
            Process child = start("write", candidate, storeDir, stderr, durability.name());
            int reported;
            try (BufferedReader out = reader(child)) {
                reported = readUntil(out, killAfter, child, stderr);
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe.
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended after the kill").isTrue();
                // What the child printed before it died is still in the pipe.
                reported = Math.max(reported, lastReported(out, reported));
            } finally {
                child.destroyForcibly();
            }
            try (MessageStore store = candidate.open(storeDir, Durability.PROCESS)) {
                int now = Messages.wholeChanges(store.load());
                assertThat(now).as("round %d: changes in the store against changes reported", round)
                        .isGreaterThanOrEqualTo(reported)
                        .isGreaterThanOrEqualTo(kept);
                rounds.add(String.format("round %d %s, kill after %d: reported %d, stored %d", round, durability,
                        killAfter, reported, now));
                kept = now;
            }
        }
        System.out.println(candidate + ":\n  " + String.join("\n  ", rounds));
        assertThat(kept).as("changes written over all rounds").isPositive();
    }

    /** The directory lock is the operating system's: it holds against another process and goes with it. */
    @ParameterizedTest
    @EnumSource(Candidate.class)
    void aStoreHeldByAnotherLiveProcessCannotBeOpenedUntilThatProcessDies(Candidate candidate) throws Exception {
        Path storeDir = dir.resolve("held");
        Path stderr = dir.resolve("holder.err");
        Process holder = start("hold", candidate, storeDir, stderr);
        try (BufferedReader out = reader(holder)) {
            String line = out.readLine();
            assertThat(line).as("holder's first line; its errors: %s", stderrOf(stderr)).isEqualTo("open");
            assertThatThrownBy(() -> candidate.open(storeDir, Durability.SYNC))
                    .isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("in use by another process");
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
        try (MessageStore store = candidate.open(storeDir, Durability.SYNC)) {
            assertThat(store.load().messages()).isEmpty();
        }
    }

    private Process start(String mode, Candidate candidate, Path storeDir, Path stderr, String... more)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Quick start-up; the child's speed is not measured.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                // sqlite-jdbc unpacks its native library into the temporary directory; a killed JVM leaves it there.
                "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), mode, candidate.name(), storeDir.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Reads the child's reports until it is time to kill it: after {@code killAfter} applies, or when it starts
     * opening the store if {@code killAfter} is negative. Returns the last change reported.
     */
    private static int readUntil(BufferedReader out, int killAfter, Process child, Path stderr) throws IOException {
        int reported = 0;
        int applies = 0;
        while (true) {
            String line = out.readLine();
            if (line == null) {
                child.destroyForcibly();
                fail("the child ended before it was killed; its errors: " + stderrOf(stderr));
            }
            if (line.equals("opening")) {
                if (killAfter < 0) {
                    return reported;
                }
            } else if (line.startsWith("open ")) {
                reported = Integer.parseInt(line.substring(5));
                if (killAfter == 0) {
                    return reported;
                }
            } else if (line.startsWith("ok ")) {
                reported = Integer.parseInt(line.substring(3));
                if (++applies >= killAfter) {
                    return reported;
                }
            } else {
                fail("unexpected line from the child: " + line);
            }
        }
    }

    private static int lastReported(BufferedReader out, int reported) throws IOException {
        int last = reported;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("ok ")) {
                last = Integer.parseInt(line.substring(3));
            }
        }
        return last;
    }

    private static String stderrOf(Path stderr) {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
