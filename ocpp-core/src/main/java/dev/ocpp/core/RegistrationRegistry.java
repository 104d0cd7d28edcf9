package dev.ocpp.core;

import dev.ocpp.core.spi.support.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSMS's record of each station's registration status: what its last BootNotification was answered (OCPP 1.6
 * §4.2, OCPP 2.0.1 Part 2 B01-B03). Boot gating reads it to decide what a station may send and what may be sent to
 * it. Thread-safe.
 *
 * <p>A station that reconnects without rebooting does not send BootNotification again (OCPP-J 1.6 §5.4, OCPP 2.0.1
 * Part 4 §5.3), so a CSMS that restarts must remember who was accepted, or it would refuse every reconnecting
 * station's calls until each one happens to reboot. A registry made with {@link #persistent(Store)} loads the
 * statuses when it is created and writes them back after each change (off the caller's thread, coalesced, so a
 * flood of boots costs one write at a time); {@link #flush()} writes at once, e.g. before shutting down.
 *
 * <p>The registry holds at most {@code maxEntries} identities (default {@value #DEFAULT_MAX_ENTRIES}): on a CSMS
 * that lets any identity in, every made-up identity that boots would otherwise stay for good (issue 15). Beyond the
 * bound the identity looked up or recorded longest ago is forgotten, and counts as never booted if it comes back.
 * Stations in use are looked up on every gated call, so the ones forgotten are those that booted and went away.
 */
public final class RegistrationRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationRegistry.class);

    /** Where a persistent registry keeps its statuses. */
    public interface Store {
        /** Everything saved, or an empty map the first time. */
        Map<String, RegistrationStatus> load() throws IOException;

        /** Replaces what is saved with {@code statuses}; must never leave a half-written store behind. */
        void save(Map<String, RegistrationStatus> statuses) throws IOException;
    }

    /** The default bound on the identities held. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    /** In access order, so that the least recently used identity is the first; guarded by itself. */
    private final Map<String, RegistrationStatus> statuses;
    private final int maxEntries;
    private final java.util.concurrent.atomic.AtomicLong forgottenForRoom = new java.util.concurrent.atomic.AtomicLong();
    private final Store store;
    private final Executor writer;
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Object saveLock = new Object();

    private RegistrationRegistry(Store store, Executor writer, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.store = store;
        this.writer = writer;
        this.maxEntries = maxEntries;
        this.statuses = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RegistrationStatus> eldest) {
                if (size() <= RegistrationRegistry.this.maxEntries) {
                    return false;
                }
                forgottenForRoom.incrementAndGet();
                return true;
            }
        };
    }

    /** A registry that forgets everything when the process ends, holding at most {@value #DEFAULT_MAX_ENTRIES}. */
    public static RegistrationRegistry inMemory() {
        return inMemory(DEFAULT_MAX_ENTRIES);
    }

    /**
     * A registry that forgets everything when the process ends, holding at most {@code maxEntries} identities.
     *
     * @param maxEntries at least 1; size it above the stations the CSMS serves
     */
    public static RegistrationRegistry inMemory(int maxEntries) {
        return new RegistrationRegistry(null, null, maxEntries);
    }

    /**
     * A registry restored from {@code store}, which it keeps up to date; writes run on the library's shared
     * executor.
     *
     * @throws UncheckedIOException if the store cannot be read
     */
    public static RegistrationRegistry persistent(Store store) {
        return persistent(store, SessionConfig.defaults().executor());
    }

    /** As {@link #persistent(Store)}, writing on {@code writer}. */
    public static RegistrationRegistry persistent(Store store, Executor writer) {
        return persistent(store, writer, DEFAULT_MAX_ENTRIES);
    }

    /** As {@link #persistent(Store, Executor)}, holding at most {@code maxEntries} identities (at least 1). */
    public static RegistrationRegistry persistent(Store store, Executor writer, int maxEntries) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(writer, "writer");
        RegistrationRegistry r = new RegistrationRegistry(store, writer, maxEntries);
        try {
            Map<String, RegistrationStatus> loaded = store.load();
            synchronized (r.statuses) {
                r.statuses.putAll(loaded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load registration statuses", e);
        }
        return r;
    }

    /**
     * A store in one file of {@code identity=Status} lines (Java properties syntax, so any identity is escaped),
     * replaced atomically on each save: written to a temporary file beside it, forced to disk, then moved over it.
     * A crash leaves the old file or the new one, never a torn one.
     */
    public static Store file(Path path) {
        Objects.requireNonNull(path, "path");
        return new Store() {
            @Override
            public Map<String, RegistrationStatus> load() throws IOException {
                Map<String, RegistrationStatus> out = new TreeMap<>();
                if (!Files.exists(path)) {
                    return out;
                }
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(path)) {
                    p.load(in);
                }
                for (String identity : p.stringPropertyNames()) {
                    String value = p.getProperty(identity);
                    RegistrationStatus.fromValue(value).ifPresentOrElse(s -> out.put(identity, s),
                            () -> LOG.warn("Ignoring unknown registration status {} of {} in {}",
                                    LogSafe.escape(value), LogSafe.escape(identity),
                                    path));
                }
                return out;
            }

            @Override
            public void save(Map<String, RegistrationStatus> snapshot) throws IOException {
                Properties p = new Properties();
                snapshot.forEach((identity, status) -> p.setProperty(identity, status.value()));
                Path dir = path.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
                try {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    p.store(bytes, "OCPP registration statuses");
                    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes.toByteArray());
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                        ch.force(true);
                    }
                    try {
                        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        };
    }

    /** The status {@code identity}'s last BootNotification was answered, if any. */
    public Optional<RegistrationStatus> status(String identity) {
        synchronized (statuses) {
            return Optional.ofNullable(statuses.get(identity));
        }
    }

    /** Records {@code identity}'s status (from a BootNotification answer, or restored by hand). */
    public void record(String identity, RegistrationStatus status) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(status, "status");
        RegistrationStatus before;
        synchronized (statuses) {
            before = statuses.put(identity, status);
        }
        if (before != status) {
            changed();
        }
    }

    /** Forgets {@code identity}: it counts as never booted. */
    public void forget(String identity) {
        RegistrationStatus before;
        synchronized (statuses) {
            before = statuses.remove(identity);
        }
        if (before != null) {
            changed();
        }
    }

    /** A copy of every status, sorted by identity. */
    public Map<String, RegistrationStatus> snapshot() {
        synchronized (statuses) {
            return new TreeMap<>(statuses);
        }
    }

    /** How many identities the registry holds now. */
    public int size() {
        synchronized (statuses) {
            return statuses.size();
        }
    }

    /** The bound on the identities held. */
    public int maxEntries() {
        return maxEntries;
    }

    /** How many identities were forgotten to stay within {@link #maxEntries()}, since the registry was made. */
    public long forgottenForRoom() {
        return forgottenForRoom.get();
    }

    /** Writes the statuses to the store now (a no-op for an in-memory registry). */
    public void flush() {
        if (store == null) {
            return;
        }
        synchronized (saveLock) {
            writeScheduled.set(false);
            try {
                store.save(snapshot());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not save registration statuses", e);
            }
        }
    }

    /** Flushes. */
    @Override
    public void close() {
        flush();
    }

    private void changed() {
        if (store == null || !writeScheduled.compareAndSet(false, true)) {
            return;
        }
        writer.execute(() -> {
            try {
                flush();
            } catch (UncheckedIOException e) {
                LOG.warn("Could not save registration statuses; will try again on the next change", e);
            }
        });
    }
}
