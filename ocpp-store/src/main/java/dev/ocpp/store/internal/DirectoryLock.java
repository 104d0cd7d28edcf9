package dev.ocpp.store.internal;

import dev.ocpp.core.delivery.MessageStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One store per directory: an exclusive lock on {@value #FILE_NAME} in it, held while the store is open. Two stores
 * writing the same files would each believe its own view, and SQLite in WAL mode would even let them; a second
 * {@code open} must fail instead. The operating system drops the lock when the holding process dies, kill -9
 * included, so a crash never leaves the directory locked.
 *
 * <p>The lock file itself is never deleted: deleting it would let a third opener lock a new file while the second
 * still holds the old one.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock file's name inside the store directory. */
    public static final String FILE_NAME = "store.lock";

    /**
     * Directories locked by this JVM. Checked before a channel to the lock file is even opened: on Linux, closing any
     * channel to a file drops every lock this process holds on it (POSIX record locks are per process), so a failed
     * second attempt in the same JVM must not open and close one.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;

    private DirectoryLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /**
     * Creates {@code directory} if needed and locks it.
     *
     * @throws MessageStoreException if the directory is in use by another store, here or in another process, or
     *                               cannot be created
     */
    public static DirectoryLock acquire(Path directory) {
        Path key;
        try {
            createDurably(directory.toAbsolutePath());
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new MessageStoreException("Cannot create the store directory " + directory, e);
        }
        if (!HELD.add(key)) {
            throw new MessageStoreException("The store in " + directory + " is already open in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new MessageStoreException("The store in " + directory
                        + " is in use by another process (it holds " + FILE_NAME + ")");
            }
            return new DirectoryLock(key, channel);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw new MessageStoreException("Cannot lock the store directory " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw e;
        }
    }

    /**
     * Creates the directory and any missing parents, and forces each new entry into its parent directory. The store's
     * files are synced by the engine, which also syncs the directory they are in when it creates its log, but nothing
     * syncs the directories above: after a power loss a store created just before could otherwise be missing whole,
     * with changes that were reported durable.
     */
    private static void createDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            createDurably(parent);
        }
        Files.createDirectory(directory);
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory for this; there the file system orders it itself.
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was locked through it; the caller reports the original failure.
            }
        }
    }

    /** Releases the lock (closing the channel releases it). Idempotent. */
    @Override
    public synchronized void close() {
        if (channel.isOpen()) {
            closeQuietly(channel);
            HELD.remove(key);
        }
    }
}
