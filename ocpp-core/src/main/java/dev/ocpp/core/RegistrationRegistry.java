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
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, RegistrationStatus> statuses = new ConcurrentHashMap<>();
    private final Store store;
    private final Executor writer;
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Object saveLock = new Object();

    private RegistrationRegistry(Store store, Executor writer) {
        this.store = store;
        this.writer = writer;
    }

    /** A registry that forgets everything when the process ends. */
    public static RegistrationRegistry inMemory() {
        return new RegistrationRegistry(null, null);
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
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(writer, "writer");
        RegistrationRegistry r = new RegistrationRegistry(store, writer);
        try {
            r.statuses.putAll(store.load());
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
        return Optional.ofNullable(statuses.get(identity));
    }

    /** Records {@code identity}'s status (from a BootNotification answer, or restored by hand). */
    public void record(String identity, RegistrationStatus status) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(status, "status");
        if (statuses.put(identity, status) != status) {
            changed();
        }
    }

    /** Forgets {@code identity}: it counts as never booted. */
    public void forget(String identity) {
        if (statuses.remove(identity) != null) {
            changed();
        }
    }

    /** A copy of every status, sorted by identity. */
    public Map<String, RegistrationStatus> snapshot() {
        return new TreeMap<>(statuses);
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
