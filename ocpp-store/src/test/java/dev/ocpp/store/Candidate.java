package dev.ocpp.store;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.store.internal.SqliteMessageStore;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * The embedded stores under test, each behind the same contract. H2's MVStore was the second candidate; it was
 * measured and not chosen, and lives on in the examples' benchmark (see examples/BENCHMARKS.md). Another engine tried
 * later joins here and gets every test.
 */
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
    };

    abstract MessageStore open(Path dir, Durability durability, IntConsumer afterWrite);

    /** The store's main file in its directory. */
    abstract String dataFile();

    MessageStore open(Path dir, Durability durability) {
        return open(dir, durability, step -> { });
    }
}
