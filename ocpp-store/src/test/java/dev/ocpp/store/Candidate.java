package dev.ocpp.store;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.store.internal.MvStoreMessageStore;
import dev.ocpp.store.internal.SqliteMessageStore;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/** The embedded stores under test, each behind the same contract. */
enum Candidate {
    SQLITE {
        @Override
        MessageStore open(Path dir, Durability durability, IntConsumer afterWrite) {
            return SqliteMessageStore.open(dir, durability, afterWrite);
        }

        @Override
        String dataFile() {
            return SqliteMessageStore.FILE_NAME;
        }
    },
    MVSTORE {
        @Override
        MessageStore open(Path dir, Durability durability, IntConsumer afterWrite) {
            return MvStoreMessageStore.open(dir, durability, afterWrite);
        }

        @Override
        String dataFile() {
            return MvStoreMessageStore.FILE_NAME;
        }

        @Override
        MessageStore openReusingSpaceAtOnce(Path dir, Durability durability) {
            MvStoreMessageStore store = MvStoreMessageStore.open(dir, durability);
            store.retentionTime(0);
            return store;
        }
    };

    abstract MessageStore open(Path dir, Durability durability, IntConsumer afterWrite);

    /** The store's main file in its directory. */
    abstract String dataFile();

    MessageStore open(Path dir, Durability durability) {
        return open(dir, durability, step -> { });
    }

    /**
     * Opened to write over free space as early as it can: MVStore otherwise keeps dead chunks for 45 s, longer than
     * a test runs, so that a test would only ever see chunks appended at the end of the file.
     */
    MessageStore openReusingSpaceAtOnce(Path dir, Durability durability) {
        return open(dir, durability);
    }
}
