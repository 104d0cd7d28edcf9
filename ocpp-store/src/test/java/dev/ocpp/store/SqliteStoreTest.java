package dev.ocpp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStore.Change;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.store.internal.SqliteMessageStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the SQLite store: its file, and failures that come from SQLite itself. */
class SqliteStoreTest {

    @TempDir
    Path dir;

    private Connection jdbc() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMessageStore.FILE_NAME));
    }

    /**
     * SQLite aborts the change at its last statement (a trigger refuses the state key), after the message was
     * already inserted in the same transaction: the transaction is rolled back, nothing of it is kept.
     */
    @Test
    void aChangeSqliteRejectsAtItsLastStatementLeavesNothingOfIt() throws Exception {
        try (MessageStore store = SqliteMessageStore.open(dir, Durability.SYNC)) {
            store.apply(Messages.change(1));
        }
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON state WHEN NEW.key = 'poison' "
                    + "BEGIN SELECT RAISE(ABORT, 'poison is refused'); END");
        }
        try (MessageStore store = SqliteMessageStore.open(dir, Durability.SYNC)) {
            Change rejected = Messages.change(2).putState("poison", "x");
            assertThatThrownBy(() -> store.apply(rejected))
                    .isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining("nothing of the change was stored")
                    .hasStackTraceContaining("poison is refused");
            assertThat(Messages.wholeChanges(store.load())).isEqualTo(1);
            store.apply(Messages.change(2));
        }
        try (MessageStore store = SqliteMessageStore.open(dir, Durability.SYNC)) {
            assertThat(Messages.wholeChanges(store.load())).isEqualTo(2);
        }
    }

    @Test
    void theFileIsAWalDatabaseWithTheDocumentedTablesAndLayoutVersion() throws Exception {
        try (MessageStore store = SqliteMessageStore.open(dir, Durability.PROCESS)) {
            store.apply(Messages.change(1));
        }
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(s, "PRAGMA user_version")).isEqualTo("1");
            assertThat(column(s, "SELECT name FROM pragma_table_info('messages') ORDER BY cid"))
                    .containsExactly("seq", "key", "action", "payload", "attempts", "queued_at", "transaction_of");
            assertThat(column(s, "SELECT name FROM pragma_table_info('state') ORDER BY cid"))
                    .containsExactly("key", "value");
            assertThat(single(s, "SELECT queued_at FROM messages WHERE seq = 1"))
                    .isEqualTo(Messages.message(1).queuedAt().toString());
        }
    }

    @Test
    void aStoreWrittenInALaterLayoutIsRefusedAndLeftAlone() throws Exception {
        try (MessageStore store = SqliteMessageStore.open(dir, Durability.SYNC)) {
            store.apply(Messages.change(1));
        }
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 2");
        }
        assertThatThrownBy(() -> SqliteMessageStore.open(dir, Durability.SYNC))
                .isInstanceOf(MessageStoreException.class)
                .hasMessageContaining("has layout 2, written by a newer version");
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA user_version")).isEqualTo("2");
            assertThat(single(s, "SELECT count(*) FROM messages")).isEqualTo("1");
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
