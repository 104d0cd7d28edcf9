package dev.ocpp.store.internal;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.store.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.sqlite.SQLiteConfig;

/**
 * A {@link MessageStore} in an SQLite database ({@value #FILE_NAME}) through sqlite-jdbc, in WAL mode: one table of
 * messages keyed by {@code seq}, one of state entries, and one SQL transaction per {@link #apply}. SQLite's WAL makes a
 * transaction atomic through kill -9, power loss and a torn last write (each frame is checksummed; recovery keeps
 * the frames up to the last complete commit). {@link Durability#SYNC} is {@code synchronous=FULL} (the WAL is
 * fsynced at every commit), {@link Durability#PROCESS} {@code synchronous=NORMAL} (fsynced only at checkpoints).
 */
public final class SqliteMessageStore implements MessageStore {

    /** The database file's name in the store directory; SQLite adds {@code -wal} and {@code -shm} beside it. */
    public static final String FILE_NAME = "messages.db";

    /** The layout written to {@code PRAGMA user_version}; a later layout must not be opened by this code. */
    private static final int FORMAT = 1;

    private static final String CREATE_MESSAGES = "CREATE TABLE IF NOT EXISTS messages ("
            + "seq INTEGER PRIMARY KEY, "
            + "key TEXT NOT NULL, "
            + "action TEXT NOT NULL, "
            + "payload TEXT NOT NULL, "
            + "attempts INTEGER NOT NULL, "
            + "queued_at TEXT NOT NULL, "
            + "transaction_of TEXT)";
    private static final String CREATE_STATE =
            "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID";
    private static final String PUT_MESSAGE = "INSERT INTO messages "
            + "(seq, key, action, payload, attempts, queued_at, transaction_of) VALUES (?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (seq) DO UPDATE SET key = excluded.key, action = excluded.action, "
            + "payload = excluded.payload, attempts = excluded.attempts, queued_at = excluded.queued_at, "
            + "transaction_of = excluded.transaction_of";
    private static final String REMOVE_MESSAGE = "DELETE FROM messages WHERE seq = ?";
    private static final String PUT_STATE = "INSERT INTO state (key, value) VALUES (?, ?) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    private static final String REMOVE_STATE = "DELETE FROM state WHERE key = ?";
    private static final String LOAD_MESSAGES = "SELECT seq, key, action, payload, attempts, queued_at, "
            + "transaction_of FROM messages ORDER BY seq";
    private static final String LOAD_STATE = "SELECT key, value FROM state ORDER BY key";

    private final Path directory;
    private final DirectoryLock lock;
    private final Connection connection;
    private final PreparedStatement putMessage;
    private final PreparedStatement removeMessage;
    private final PreparedStatement putState;
    private final PreparedStatement removeState;
    private final IntConsumer afterWrite;
    private boolean closed;

    private SqliteMessageStore(Path directory, DirectoryLock lock, Connection connection, IntConsumer afterWrite)
            throws SQLException {
        this.directory = directory;
        this.lock = lock;
        this.connection = connection;
        this.afterWrite = afterWrite;
        this.putMessage = connection.prepareStatement(PUT_MESSAGE);
        this.removeMessage = connection.prepareStatement(REMOVE_MESSAGE);
        this.putState = connection.prepareStatement(PUT_STATE);
        this.removeState = connection.prepareStatement(REMOVE_STATE);
    }

    /**
     * Opens (creating if needed) the store in {@code directory}.
     *
     * @throws MessageStoreException if the directory is in use by another store or the database cannot be opened
     */
    public static SqliteMessageStore open(Path directory, Durability durability) {
        return open(directory, durability, step -> { });
    }

    /**
     * As {@link #open(Path, Durability)}, with {@code afterWrite} called after each statement of an {@link #apply}
     * with its index in the change; an exception it throws fails the apply there. For tests of atomicity.
     */
    public static SqliteMessageStore open(Path directory, Durability durability, IntConsumer afterWrite) {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(afterWrite, "afterWrite");
        Path file = directory.toAbsolutePath().resolve(FILE_NAME);
        // sqlite-jdbc reads what follows a '?' in the URL as pragmas: such a path would open another file.
        if (file.toString().indexOf('?') >= 0) {
            throw new MessageStoreException("The store directory's path must not contain '?': " + directory);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        Connection connection = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(durability == Durability.SYNC
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            connection = config.createConnection("jdbc:sqlite:" + file);
            verifyPragmas(connection, durability, file);
            connection.setAutoCommit(false);
            createSchema(connection, file);
            return new SqliteMessageStore(directory, lock, connection, afterWrite);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            lock.close();
            if (e instanceof MessageStoreException mse) {
                throw mse;
            }
            throw new MessageStoreException("Cannot open the message store " + file, e);
        }
    }

    /**
     * A file system that cannot hold a WAL (no shared memory, some network file systems) leaves SQLite in its
     * previous journal mode without an error; the durability this store promises rests on WAL, so that must fail.
     */
    private static void verifyPragmas(Connection connection, Durability durability, Path file) throws SQLException {
        try (Statement s = connection.createStatement()) {
            String mode;
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                mode = rs.next() ? rs.getString(1) : "?";
            }
            int synchronous;
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                synchronous = rs.next() ? rs.getInt(1) : -1;
            }
            int expected = durability == Durability.SYNC ? 2 : 1;
            if (!"wal".equalsIgnoreCase(mode) || synchronous != expected) {
                throw new MessageStoreException("SQLite did not take WAL mode with synchronous=" + expected
                        + " for " + file + " (journal_mode=" + mode + ", synchronous=" + synchronous + ")");
            }
        }
    }

    private static void createSchema(Connection connection, Path file) throws SQLException {
        try (Statement s = connection.createStatement()) {
            int format;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                format = rs.next() ? rs.getInt(1) : 0;
            }
            if (format > FORMAT) {
                connection.rollback();
                throw new MessageStoreException(file + " has layout " + format
                        + ", written by a newer version of this library; this one reads up to " + FORMAT);
            }
            s.execute(CREATE_MESSAGES);
            s.execute(CREATE_STATE);
            if (format < FORMAT) {
                s.execute("PRAGMA user_version = " + FORMAT);
            }
            connection.commit();
        }
    }

    @Override
    public synchronized Snapshot load() {
        checkOpen();
        try {
            List<StoredMessage> messages = new ArrayList<>();
            Map<String, String> state = new LinkedHashMap<>();
            try (Statement s = connection.createStatement()) {
                try (ResultSet rs = s.executeQuery(LOAD_MESSAGES)) {
                    while (rs.next()) {
                        messages.add(new StoredMessage(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getInt(5), Instant.parse(rs.getString(6)), rs.getString(7)));
                    }
                }
                try (ResultSet rs = s.executeQuery(LOAD_STATE)) {
                    while (rs.next()) {
                        state.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            // Both reads ran in one read transaction, so they saw the same state; end it.
            connection.commit();
            return new Snapshot(messages, state);
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
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
                putMessage.setLong(1, m.seq());
                putMessage.setString(2, m.key());
                putMessage.setString(3, m.action());
                putMessage.setString(4, m.payload());
                putMessage.setInt(5, m.attempts());
                putMessage.setString(6, m.queuedAt().toString());
                putMessage.setString(7, m.transactionOf());
                putMessage.executeUpdate();
                afterWrite.accept(step++);
            }
            for (long seq : change.removes()) {
                removeMessage.setLong(1, seq);
                removeMessage.executeUpdate();
                afterWrite.accept(step++);
            }
            for (Map.Entry<String, String> e : change.statePuts().entrySet()) {
                putState.setString(1, e.getKey());
                putState.setString(2, e.getValue());
                putState.executeUpdate();
                afterWrite.accept(step++);
            }
            for (String key : change.stateRemoves()) {
                removeState.setString(1, key);
                removeState.executeUpdate();
                afterWrite.accept(step++);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw new MessageStoreException("Cannot write to the message store in " + directory
                    + "; nothing of the change was stored", e);
        }
    }

    /**
     * Undoes what the failed transaction wrote. Should that fail too, the connection's state is unknown, and the store
     * closes rather than let a later commit carry half of this change.
     */
    private void rollbackAfter(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            closeQuietly();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new MessageStoreException("The message store in " + directory + " is closed");
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // Already failing; the caller reports the first failure.
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The open already failed; that failure is reported.
            }
        }
    }

    /**
     * Closes the database (SQLite then checkpoints the WAL into the database file and removes it) and releases the
     * directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Closing the connection closes its statements.
            connection.close();
        } catch (SQLException e) {
            throw new MessageStoreException("Cannot close the message store in " + directory, e);
        } finally {
            lock.close();
        }
    }
}
