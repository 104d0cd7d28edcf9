package dev.ocpp.store;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.store.internal.SqliteMessageStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link MessageStore} kept in a directory of its own, for a station's delivery queue: the transaction messages
 * that OCPP requires a station to keep until the CSMS has them (OCPP 1.6 §3.7, OCPP 2.0.1 E04), and the queue's
 * state, survive the process being killed and (with {@link Durability#SYNC}) the station losing power.
 *
 * <p>Each {@link #apply} is atomic and on disk when it returns: after a crash at any moment, kill -9, power loss or a
 * write torn half-way, the store opens and holds every change whose {@code apply} returned (for
 * {@link Durability#PROCESS}: every change, unless the operating system went down too) and, of the change being
 * written, all or nothing.
 *
 * <p>One store per directory: {@link #open} locks the directory, and a second open, in this process or another, fails
 * with a {@link MessageStoreException} until the first is closed or its process has ended. Calls must not overlap
 * (the delivery queue makes them one at a time) but may come from different threads.
 *
 * <pre>{@code
 * try (DurableMessageStore store = DurableMessageStore.open(Path.of("/var/lib/station/queue"), Durability.SYNC)) {
 *     // give it to the station's delivery queue
 * }
 * }</pre>
 *
 * <p>The store is an SQLite database in WAL mode, through sqlite-jdbc, which carries SQLite as a native library for
 * 20 platforms (Linux with glibc on x86, ARM, RISC-V and POWER, with musl on x86 and aarch64; macOS; Windows;
 * FreeBSD); elsewhere {@link #open} fails. It unpacks the library at first use:
 * <ul>
 *   <li>into {@code java.io.tmpdir}, or the directory in the system property {@code org.sqlite.tmpdir}, which must
 *       allow executing it (not a {@code noexec} mount); a JVM killed with -9 leaves that copy (about 1 MB) behind,
 *       so on a station that restarts its JVM without rebooting, point {@code org.sqlite.tmpdir} at a directory the
 *       start script empties;</li>
 *   <li>on Java 24 and later loading it is a restricted operation that prints a warning, and later Java releases
 *       will refuse it, unless the JVM is started with {@code --enable-native-access=org.xerial.sqlitejdbc} (module
 *       path) or {@code --enable-native-access=ALL-UNNAMED} (class path).</li>
 * </ul>
 */
public final class DurableMessageStore implements MessageStore {

    private final MessageStore engine;
    private final Path directory;
    private final Durability durability;

    private DurableMessageStore(MessageStore engine, Path directory, Durability durability) {
        this.engine = engine;
        this.directory = directory;
        this.durability = durability;
    }

    /**
     * Opens the store in {@code directory}, creating the directory and the store if needed, with
     * {@link Durability#SYNC}.
     *
     * @throws MessageStoreException if the directory is in use by another open store, or the store cannot be opened
     */
    public static DurableMessageStore open(Path directory) {
        return open(directory, Durability.SYNC);
    }

    /**
     * Opens the store in {@code directory}, creating the directory and the store if needed.
     *
     * @param directory  a directory for this store alone
     * @param durability what a returned {@link #apply} has survived
     * @throws MessageStoreException if the directory is in use by another open store, here or in another process, or
     *                               the store cannot be opened
     */
    public static DurableMessageStore open(Path directory, Durability durability) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        return new DurableMessageStore(SqliteMessageStore.open(directory, durability), directory, durability);
    }

    /** {@inheritDoc} */
    @Override
    public Snapshot load() {
        return engine.load();
    }

    /**
     * Writes {@code change} atomically; when this returns it is on disk as {@link #durability()} says.
     *
     * @throws MessageStoreException if it could not be written (then nothing of it was), or the store is closed
     */
    @Override
    public void apply(Change change) {
        engine.apply(Objects.requireNonNull(change, "change"));
    }

    /** Closes the store's files and releases the directory. Idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    /** The directory the store is kept in. */
    public Path directory() {
        return directory;
    }

    /** What a returned {@link #apply} has survived. */
    public Durability durability() {
        return durability;
    }

    @Override
    public String toString() {
        return "DurableMessageStore[" + directory + ", " + durability + "]";
    }
}
