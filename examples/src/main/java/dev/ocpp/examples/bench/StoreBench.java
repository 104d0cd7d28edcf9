package dev.ocpp.examples.bench;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStore.Change;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.store.Durability;
import dev.ocpp.store.DurableMessageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-store}: what a durable message store costs a station against keeping the queue in memory: the
 * {@code ocpp-store} one (SQLite) and H2's MVStore, the candidate not chosen ({@link MvStoreMessageStore}). For each
 * store, one thread does what the delivery queue does for every transaction message: {@code apply} a change that
 * queues it (the message and its transaction's sequence number), then, once delivered, one that removes it. Then the
 * recovery: opening a store that holds 10,000 queued messages and loading them, as a station does when it starts.
 * Every figure is put against the in-memory store measured in the same run.
 */
@Command(name = "bench-store",
        mixinStandardHelpOptions = true,
        description = {
            "Message store benchmark: queue-and-deliver throughput and recovery time of the durable stores "
                    + "against the in-memory store.",
            "Single thread; each message is one apply that queues it and one that removes it. Recovery is open + "
                    + "load of a store holding --recovery-messages messages. Prints a markdown table."
        })
public final class StoreBench implements Callable<Integer> {

    /** A 2.0.1 TransactionEvent request as a station queues it, about 600 characters. */
    static final String PAYLOAD_TEMPLATE = "{\"eventType\":\"Updated\",\"timestamp\":\"2026-12-07T10:15:30.123Z\","
            + "\"triggerReason\":\"MeterValuePeriodic\",\"seqNo\":%d,\"offline\":true,"
            + "\"transactionInfo\":{\"transactionId\":\"5f1c2b7e-4a0d-4c3e-9b21-7d8e6f0a1b2c\","
            + "\"chargingState\":\"Charging\"},\"evse\":{\"id\":1,\"connectorId\":1},"
            + "\"idToken\":{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\"},"
            + "\"meterValue\":[{\"timestamp\":\"2026-12-07T10:15:30.000Z\",\"sampledValue\":["
            + "{\"value\":12345.6,\"context\":\"Sample.Periodic\",\"measurand\":\"Energy.Active.Import.Register\","
            + "\"location\":\"Outlet\",\"unitOfMeasure\":{\"unit\":\"Wh\"}},"
            + "{\"value\":7200.0,\"context\":\"Sample.Periodic\",\"measurand\":\"Power.Active.Import\","
            + "\"unitOfMeasure\":{\"unit\":\"W\"}}]}]}";

    /** The stores measured. */
    enum StoreKind {
        MEMORY("in-memory", null),
        SQLITE_SYNC("SQLite, SYNC", Durability.SYNC),
        SQLITE_PROCESS("SQLite, PROCESS", Durability.PROCESS),
        MVSTORE_SYNC("MVStore, SYNC", Durability.SYNC),
        MVSTORE_PROCESS("MVStore, PROCESS", Durability.PROCESS);

        final String label;
        final Durability durability;

        StoreKind(String label, Durability durability) {
            this.label = label;
            this.durability = durability;
        }

        MessageStore open(Path dir) {
            return switch (this) {
                case MEMORY -> throw new IllegalStateException("the in-memory store is not opened from a directory");
                case SQLITE_SYNC, SQLITE_PROCESS -> DurableMessageStore.open(dir, durability);
                case MVSTORE_SYNC, MVSTORE_PROCESS -> MvStoreMessageStore.open(dir, durability);
            };
        }
    }

    @Option(names = "--messages", defaultValue = "5000", paramLabel = "N",
            description = "Messages queued and removed in the measured part (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", defaultValue = "1000", paramLabel = "N",
            description = "Messages queued and removed before measuring, per store (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--recovery-messages", defaultValue = "10000", paramLabel = "N",
            description = "Messages in the store whose open + load is timed (default: ${DEFAULT-VALUE}).")
    int recoveryMessages;

    @Option(names = "--recovery-repeats", defaultValue = "3", paramLabel = "N",
            description = "Timed recoveries per store, each cold (a fresh JVM) and warm (in this JVM, after an "
                    + "untimed one); medians are reported (default: ${DEFAULT-VALUE}).")
    int recoveryRepeats;

    @Option(names = "--stores", split = ",", paramLabel = "LIST",
            defaultValue = "memory,sqlite_sync,sqlite_process,mvstore_sync,mvstore_process",
            description = "Stores to measure (default: ${DEFAULT-VALUE}); memory is always measured first.")
    List<StoreKind> stores;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "Measure every store N times, alternating; medians are reported (default: "
                    + "${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the stores are written (default: a new directory in the temporary directory, "
                    + "removed afterwards). Put it on the storage the station would use: fsync costs differ.")
    Path dir;

    @Spec
    CommandSpec spec;

    /** One store's figures in one round. */
    record Result(StoreKind kind, int round, double microsPerMessage, double applyP50, double applyP99,
                  long bytesOnDisk, double writtenPerMessage, double coldRecoveryMillis, double warmRecoveryMillis) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (messages < 1 || warmup < 0 || recoveryMessages < 1 || recoveryRepeats < 1 || rounds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--messages, --recovery-messages, --recovery-repeats and --rounds must be >= 1, --warmup >= 0");
        }
        List<StoreKind> kinds = new ArrayList<>(List.of(StoreKind.MEMORY));
        stores.stream().filter(k -> k != StoreKind.MEMORY).distinct().forEach(kinds::add);
        boolean ownDir = dir == null;
        Path base = ownDir ? Files.createTempDirectory("ocpp-bench-store") : Files.createDirectories(dir);
        out.printf(Locale.ROOT, "Store benchmark: %d messages (+%d warm-up) queued and removed, recovery of %d "
                        + "messages, %d round(s), in %s, Java %s%n", messages, warmup, recoveryMessages, rounds, base,
                Runtime.version());
        out.flush();
        List<Result> results = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                for (StoreKind kind : kinds) {
                    Path storeDir = base.resolve(kind.name().toLowerCase(Locale.ROOT) + "-r" + round);
                    Result r = measure(kind, round, storeDir);
                    results.add(r);
                    out.printf(Locale.ROOT, "[%s, round %d] %.0f messages/s, apply p99 %.0f µs, recovery %.1f ms "
                                    + "cold, %.1f ms warm%n", kind.label, round, 1e6 / r.microsPerMessage(),
                            r.applyP99(), r.coldRecoveryMillis(), r.warmRecoveryMillis());
                    out.flush();
                    deleteTree(storeDir);
                }
            }
        } finally {
            if (ownDir) {
                deleteTree(base);
            }
        }
        out.println();
        out.print(table(results, kinds));
        out.flush();
        return 0;
    }

    private Result measure(StoreKind kind, int round, Path storeDir) throws IOException, InterruptedException {
        Histogram applies = new Histogram(3_600_000_000L, 3);
        double microsPerMessage;
        long bytes;
        double written;
        MessageStore store = kind == StoreKind.MEMORY ? MessageStore.inMemory() : kind.open(storeDir);
        try {
            queueAndDeliver(store, 1, warmup, null);
            long writtenBefore = writtenBytes();
            microsPerMessage = queueAndDeliver(store, warmup + 1, messages, applies) / 1e3 / messages;
            written = writtenBefore < 0 ? Double.NaN : (double) (writtenBytes() - writtenBefore) / messages;
            // While open: what the station carries on its storage (SQLite's WAL included) while it runs.
            bytes = kind == StoreKind.MEMORY ? 0 : sizeOf(storeDir);
        } finally {
            store.close();
        }
        double[] recovery = recovery(kind, storeDir.resolveSibling(storeDir.getFileName() + "-recovery"));
        return new Result(kind, round, microsPerMessage, applies.getValueAtPercentile(50),
                applies.getValueAtPercentile(99), bytes, written, recovery[0], recovery[1]);
    }

    /**
     * Messages {@code first}..{@code first + count - 1}: each queued by one apply and removed by the next. The changes
     * are made before the clock starts, so that only the store is timed. Returns the nanoseconds taken.
     */
    private static long queueAndDeliver(MessageStore store, long first, int count, Histogram applies) {
        List<Change> changes = new ArrayList<>(2 * count);
        for (long seq = first; seq < first + count; seq++) {
            changes.add(new Change().put(message(seq)).putState("tx.5f1c2b7e.seqNo", Long.toString(seq)));
            changes.add(new Change().remove(seq));
        }
        long start = System.nanoTime();
        long t0 = start;
        for (int i = 0; i < changes.size(); i += 2) {
            store.apply(changes.get(i));
            long t1 = System.nanoTime();
            store.apply(changes.get(i + 1));
            long t2 = System.nanoTime();
            if (applies != null) {
                applies.recordValue(Math.max(1, (t1 - t0) / 1000));
                applies.recordValue(Math.max(1, (t2 - t1) / 1000));
            }
            t0 = t2;
        }
        return t0 - start;
    }

    static StoredMessage message(long seq) {
        return new StoredMessage(seq, "msg-" + seq, "TransactionEvent", String.format(Locale.ROOT,
                PAYLOAD_TEMPLATE, seq), 0, Instant.ofEpochSecond(1_796_000_000L + seq), null);
    }

    /**
     * Fills a store with {@code recoveryMessages} queued messages, closes it, and times open + load: cold, each time
     * in a fresh JVM ({@link StoreRecovery}) as when a station starts, and warm, in this JVM after an untimed round.
     * Returns the medians in milliseconds, cold then warm.
     */
    private double[] recovery(StoreKind kind, Path storeDir) throws IOException, InterruptedException {
        MessageStore memory = kind == StoreKind.MEMORY ? MessageStore.inMemory() : null;
        if (memory != null) {
            fill(memory, recoveryMessages);
        } else {
            try (MessageStore store = kind.open(storeDir)) {
                fill(store, recoveryMessages);
            }
        }
        double[] cold = new double[recoveryRepeats];
        for (int i = 0; i < recoveryRepeats; i++) {
            cold[i] = coldRecovery(kind, storeDir);
        }
        double[] warm = new double[recoveryRepeats];
        for (int i = -1; i < recoveryRepeats; i++) {
            long t0 = System.nanoTime();
            long t1;
            int loaded;
            MessageStore store = memory != null ? memory : kind.open(storeDir);
            try {
                loaded = store.load().messages().size();
                t1 = System.nanoTime();
            } finally {
                // Not timed: a station closes its store when it stops, not on its way up.
                if (memory == null) {
                    store.close();
                }
            }
            if (loaded != recoveryMessages) {
                throw new IllegalStateException(kind.label + " loaded " + loaded + " of " + recoveryMessages);
            }
            if (i >= 0) {
                warm[i] = (t1 - t0) / 1e6;
            }
        }
        deleteTree(storeDir);
        return new double[] {median(cold), median(warm)};
    }

    /** Puts {@code count} messages in, 500 per change: quick, and how they were written does not change recovery. */
    static void fill(MessageStore store, int count) {
        for (long seq = 1; seq <= count; seq += 500) {
            Change change = new Change();
            for (long s = seq; s < Math.min(seq + 500, count + 1L); s++) {
                change.put(message(s));
            }
            store.apply(change.putState("tx.5f1c2b7e.seqNo", Long.toString(seq)));
        }
    }

    private double coldRecovery(StoreKind kind, Path storeDir) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), dev.ocpp.examples.cli.OcppCli.class.getName(),
                "bench-store-recovery", "--kind=" + kind.name(), "--dir=" + storeDir,
                "--messages=" + recoveryMessages);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } finally {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String[] words = output.split("\\s+");
        if (p.exitValue() != 0 || words.length != 3 || !words[0].equals("recovered")
                || Integer.parseInt(words[1]) != recoveryMessages) {
            throw new IllegalStateException("Cold recovery of " + kind.label + " failed: " + output);
        }
        return Long.parseLong(words[2]) / 1e6;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String table(List<Result> results, List<StoreKind> kinds) {
        StringBuilder sb = new StringBuilder();
        sb.append("| store | messages/s | µs per message | vs in-memory | apply p50 µs | apply p99 µs | on disk "
                + "| written per message | recovery cold ms | vs in-memory | recovery warm ms | vs in-memory |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double memoryMicros = median(results, StoreKind.MEMORY, Result::microsPerMessage);
        double memoryCold = median(results, StoreKind.MEMORY, Result::coldRecoveryMillis);
        double memoryWarm = median(results, StoreKind.MEMORY, Result::warmRecoveryMillis);
        for (StoreKind kind : kinds) {
            double micros = median(results, kind, Result::microsPerMessage);
            double cold = median(results, kind, Result::coldRecoveryMillis);
            double warm = median(results, kind, Result::warmRecoveryMillis);
            long bytes = (long) median(results, kind, r -> (double) r.bytesOnDisk());
            double written = median(results, kind, Result::writtenPerMessage);
            boolean memory = kind == StoreKind.MEMORY;
            sb.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.1f | %s | %.0f | %.0f | %s | %s | %.1f | %s | %.1f | %s |%n",
                    kind.label, 1e6 / micros, micros, memory ? "1x" : times(micros / memoryMicros),
                    median(results, kind, Result::applyP50), median(results, kind, Result::applyP99),
                    memory ? "-" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6),
                    memory ? "-" : Double.isNaN(written) ? "n/a" : String.format(Locale.ROOT, "%.1f KB",
                            written / 1024),
                    cold, memory ? "1x" : times(cold / memoryCold),
                    warm, memory ? "1x" : times(warm / memoryWarm)));
        }
        long roundsRun = results.stream().mapToInt(Result::round).distinct().count();
        if (roundsRun > 1) {
            sb.append(String.format(Locale.ROOT, "%nMedians of %d rounds. Per round: µs per message; recovery cold "
                    + "and warm, ms:%n%n", roundsRun));
            for (StoreKind kind : kinds) {
                List<Result> rows = results.stream().filter(r -> r.kind() == kind).toList();
                sb.append("- ").append(kind.label).append(": ");
                sb.append(String.join(", ", rows.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f", r.microsPerMessage())).toList()));
                sb.append("; ");
                sb.append(String.join(", ", rows.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f", r.coldRecoveryMillis())).toList()));
                sb.append("; ");
                sb.append(String.join(", ", rows.stream()
                        .map(r -> String.format(Locale.ROOT, "%.1f", r.warmRecoveryMillis())).toList()));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, ratio < 10 ? "%.1fx" : "%.0fx", ratio);
    }

    private static double median(List<Result> results, StoreKind kind,
                                 java.util.function.ToDoubleFunction<Result> value) {
        double[] v = results.stream().filter(r -> r.kind() == kind).mapToDouble(value).sorted().toArray();
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * Bytes this process has caused to be written to storage so far, counted by Linux when pages are dirtied
     * ({@code write_bytes} in {@code /proc/self/io}), so writes the kernel flushes later are counted too: what wears
     * a station's flash. -1 where there is no such file.
     */
    private static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the column shows n/a.
        }
        return -1;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
