package dev.ocpp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStore.Change;
import dev.ocpp.core.delivery.MessageStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public entry point: a store in a directory of its own, SYNC unless asked otherwise. */
class DurableMessageStoreTest {

    @TempDir
    Path dir;

    @Test
    void opensInANewDirectoryWithSyncDurabilityByDefaultAndKeepsChangesAcrossReopen() {
        Path storeDir = dir.resolve("queue").resolve("station-1");
        try (DurableMessageStore store = DurableMessageStore.open(storeDir)) {
            assertThat(store.directory()).isEqualTo(storeDir);
            assertThat(store.durability()).isEqualTo(Durability.SYNC);
            assertThat(store).hasToString("DurableMessageStore[" + storeDir + ", SYNC]");
            store.apply(Messages.change(1));
            store.apply(Messages.change(2));
        }
        assertThat(Files.isDirectory(storeDir)).isTrue();
        try (MessageStore reopened = DurableMessageStore.open(storeDir, Durability.PROCESS)) {
            assertThat(Messages.wholeChanges(reopened.load())).isEqualTo(2);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsUntilTheFirstIsClosed() {
        DurableMessageStore first = DurableMessageStore.open(dir, Durability.PROCESS);
        try {
            assertThatThrownBy(() -> DurableMessageStore.open(dir, Durability.PROCESS))
                    .isInstanceOf(MessageStoreException.class)
                    .hasMessageContaining(dir.toString());
        } finally {
            first.close();
        }
        try (DurableMessageStore second = DurableMessageStore.open(dir, Durability.PROCESS)) {
            second.apply(new Change().putState("opened", "twice"));
            assertThat(second.load().state()).containsEntry("opened", "twice");
        }
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsWithAMessageStoreException() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertThatThrownBy(() -> DurableMessageStore.open(file.resolve("store")))
                .isInstanceOf(MessageStoreException.class)
                .hasMessageContaining("Cannot create the store directory");
    }
}
