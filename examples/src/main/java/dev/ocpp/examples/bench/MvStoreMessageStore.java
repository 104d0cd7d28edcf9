package dev.ocpp.examples.bench;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.store.Durability;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * A {@link MessageStore} in an H2 MVStore file ({@value #FILE_NAME}): one map of messages keyed by {@code seq}, one
 * of state entries, and one MVStore commit per {@link #apply}. The candidate that was measured against SQLite for
 * {@code ocpp-store} and not chosen (see {@code BENCHMARKS.md}); kept here so that {@link StoreBench} still measures
 * it. One store per file: MVStore locks its file itself.
 *
 * <p>An MVStore commit writes one new chunk (copy-on-write pages, checksummed footer) and switches to it, so a commit
 * is atomic through a crash as long as nothing else commits in between. Two of MVStore's defaults would commit in
 * between, both turned off here:
 * <ul>
 *   <li>the background writer commits every second ({@code autoCommitDelay}): off with
 *       {@code autoCommitDisabled()}, which also leaves no thread to stop;</li>
 *   <li>a write to a map commits by itself once the unsaved pages pass {@code autoCommitBufferSize}; in H2 2.4
 *       {@code autoCommitDisabled()} does not turn this off, so it is set to 0 separately. Left on, a large change
 *       could be cut in two on disk.</li>
 * </ul>
 * Without the background writer the chunk is written by the committing thread, so {@code commit()} returns with the
 * change in the operating system's hands (it survives kill -9); {@link Durability#SYNC} then forces the file
 * ({@code sync()}, {@code FileChannel.force}) so that it survives power loss too. A failed apply rolls the maps back
 * to the last commit, since MVStore would otherwise write the half-applied maps with the next commit or at close.
 */
public final class MvStoreMessageStore implements MessageStore {

    /** The store file's name in the store directory. */
    public static final String FILE_NAME = "messages.mv.db";

    /** The layout kept as MVStore's store version; a later layout must not be opened by this code. */
    private static final int FORMAT = 1;

    /** First byte of an encoded message, so that the encoding can change later. */
    private static final byte MESSAGE_ENCODING = 1;

    private final Path directory;
    private final Durability durability;
    private final MVStore store;
    private final MVMap<Long, byte[]> messages;
    private final MVMap<String, String> state;
    private final IntConsumer afterWrite;
    private boolean closed;

    private MvStoreMessageStore(Path directory, Durability durability, MVStore store, IntConsumer afterWrite) {
        this.directory = directory;
        this.durability = durability;
        this.store = store;
        this.afterWrite = afterWrite;
        this.messages = store.openMap("messages", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.state = store.openMap("state", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
    }

    /**
     * Opens (creating if needed) the store in {@code directory}.
     *
     * @throws MessageStoreException if the directory is in use by another store or the file cannot be opened
     */
    public static MvStoreMessageStore open(Path directory, Durability durability) {
        return open(directory, durability, step -> { });
    }

    /**
     * As {@link #open(Path, Durability)}, with {@code afterWrite} called after each map write of an {@link #apply}
     * with its index in the change; an exception it throws fails the apply there. For tests of atomicity.
     */
    public static MvStoreMessageStore open(Path directory, Durability durability, IntConsumer afterWrite) {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(afterWrite, "afterWrite");
        Path file = directory.toAbsolutePath().resolve(FILE_NAME);
        MVStore store = null;
        try {
            java.nio.file.Files.createDirectories(directory);
            store = new MVStore.Builder()
                    .fileName(file.toString())
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .open();
            int format = store.getStoreVersion();
            if (format > FORMAT) {
                throw new MessageStoreException(file + " has layout " + format
                        + ", written by a newer version of this library; this one reads up to " + FORMAT);
            }
            MvStoreMessageStore opened = new MvStoreMessageStore(directory, durability, store, afterWrite);
            if (format < FORMAT) {
                store.setStoreVersion(FORMAT);
            }
            // Creating the maps and the layout version is a change like any other: on disk before use.
            opened.commit();
            return opened;
        } catch (java.io.IOException | RuntimeException e) {
            if (store != null) {
                store.closeImmediately();
            }
            if (e instanceof MessageStoreException mse) {
                throw mse;
            }
            throw new MessageStoreException("Cannot open the message store " + file, e);
        }
    }

    @Override
    public synchronized Snapshot load() {
        checkOpen();
        try {
            List<StoredMessage> list = new ArrayList<>(messages.size());
            // MVMap iterates in key order: LongDataType compares as signed longs, as seq is.
            for (Map.Entry<Long, byte[]> e : messages.entrySet()) {
                list.add(decode(e.getKey(), e.getValue()));
            }
            return new Snapshot(list, new LinkedHashMap<>(state));
        } catch (RuntimeException e) {
            throw new MessageStoreException("Cannot read the message store in " + directory, e);
        }
    }

    @Override
    public synchronized void apply(Change change) {
        checkOpen();
        if (change.isEmpty()) {
            return;
        }
        int step = 0;
        try {
            for (StoredMessage m : change.puts()) {
                messages.put(m.seq(), encode(m));
                afterWrite.accept(step++);
            }
            for (long seq : change.removes()) {
                messages.remove(seq);
                afterWrite.accept(step++);
            }
            for (Map.Entry<String, String> e : change.statePuts().entrySet()) {
                state.put(e.getKey(), e.getValue());
                afterWrite.accept(step++);
            }
            for (String key : change.stateRemoves()) {
                state.remove(key);
                afterWrite.accept(step++);
            }
        } catch (RuntimeException e) {
            rollbackAfter(e);
            throw new MessageStoreException("Cannot write to the message store in " + directory
                    + "; nothing of the change was stored", e);
        }
        commit();
    }

    /**
     * Writes the pending map changes as one chunk and, for {@link Durability#SYNC}, forces the file. A failure here
     * leaves the store unusable: MVStore closes itself when a chunk cannot be written, and after a failed force the
     * operating system may have dropped the written pages (so later writes could not be trusted either).
     */
    private void commit() {
        try {
            store.commit();
            if (durability == Durability.SYNC) {
                store.sync();
            }
        } catch (RuntimeException e) {
            try {
                store.closeImmediately();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            closed = true;
            throw new MessageStoreException("Cannot write to the message store in " + directory
                    + "; the change may or may not have been stored, and the store is closed", e);
        }
    }

    /** Forgets the failed change's writes: left in the maps, they would go to disk with the next commit or at close. */
    private void rollbackAfter(Exception cause) {
        try {
            store.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            closed = true;
            store.closeImmediately();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new MessageStoreException("The message store in " + directory + " is closed");
        }
    }

    /** Closes the file (nothing is pending: every apply committed) and releases its lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            store.close();
        } catch (RuntimeException e) {
            throw new MessageStoreException("Cannot close the message store in " + directory, e);
        }
    }

    /**
     * A message as bytes: the encoding version, then key, action, payload (each as an int length and UTF-8 bytes),
     * attempts, queuedAt as seconds and nanoseconds, and transactionOf (a presence byte, then as the strings). The
     * seq is the map key and is not repeated.
     */
    static byte[] encode(StoredMessage m) {
        byte[] key = m.key().getBytes(StandardCharsets.UTF_8);
        byte[] action = m.action().getBytes(StandardCharsets.UTF_8);
        byte[] payload = m.payload().getBytes(StandardCharsets.UTF_8);
        byte[] transactionOf = m.transactionOf() == null ? null : m.transactionOf().getBytes(StandardCharsets.UTF_8);
        int size = 1 + 4 + key.length + 4 + action.length + 4 + payload.length + 4 + 8 + 4 + 1
                + (transactionOf == null ? 0 : 4 + transactionOf.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MESSAGE_ENCODING);
        putBytes(b, key);
        putBytes(b, action);
        putBytes(b, payload);
        b.putInt(m.attempts());
        b.putLong(m.queuedAt().getEpochSecond());
        b.putInt(m.queuedAt().getNano());
        if (transactionOf == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1);
            putBytes(b, transactionOf);
        }
        return b.array();
    }

    static StoredMessage decode(long seq, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte encoding = b.get();
        if (encoding != MESSAGE_ENCODING) {
            throw new IllegalStateException("Message " + seq + " has unknown encoding " + encoding);
        }
        String key = getString(b);
        String action = getString(b);
        String payload = getString(b);
        int attempts = b.getInt();
        Instant queuedAt = Instant.ofEpochSecond(b.getLong(), b.getInt());
        String transactionOf = b.get() == 0 ? null : getString(b);
        return new StoredMessage(seq, key, action, payload, attempts, queuedAt, transactionOf);
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        b.putInt(bytes.length);
        b.put(bytes);
    }

    private static String getString(ByteBuffer b) {
        byte[] bytes = new byte[b.getInt()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
