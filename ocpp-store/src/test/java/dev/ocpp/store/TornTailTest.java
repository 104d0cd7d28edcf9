package dev.ocpp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.store.internal.DirectoryLock;
import dev.ocpp.store.internal.SqliteMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A write torn by power loss: the newest file of a store (SQLite's WAL, to which every commit is appended) loses its
 * last bytes, has garbage after a shorter end, or reads as zeros at the end. The store must open and hold the changes
 * up to some point: whole changes, in order, never a part of one.
 */
class TornTailTest {

    private static final int CHANGES = 60;
    private static final long[] DAMAGED_BYTES = {0, 1, 7, 24, 100, 128, 512, 4095, 4096, 4120, 4121, 8192, 12_360,
        20_000, 50_000, 100_000, 250_000};

    @TempDir
    Path dir;

    enum Damage {
        /** The file ends early. */
        CUT,
        /** The file ends early, followed by random bytes: a write that reached the length but not the data. */
        CUT_AND_GARBAGE,
        /** The end reads as zeros, the length unchanged: a file system that extended the file before the data. */
        ZEROS
    }

    /** Where the newest writes are, and how many changes are safe from damage to it. */
    enum Scenario {
        /** SQLite killed with every change still in the WAL (no checkpoint yet). */
        SQLITE_WAL_WITH_EVERY_CHANGE(Candidate.SQLITE),
        /** SQLite closed (its WAL checkpointed into the database) after half the changes, then killed. */
        SQLITE_WAL_AFTER_A_CHECKPOINT(Candidate.SQLITE);

        final Candidate candidate;

        Scenario(Candidate candidate) {
            this.candidate = candidate;
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void aTornTailOfTheNewestFileLosesOnlyTheChangesWrittenThere(Scenario scenario) throws Exception {
        Candidate candidate = scenario.candidate;
        Path image = dir.resolve("image");
        int safe = write(scenario, image);
        Path newest = image.resolve(SqliteMessageStore.FILE_NAME + "-wal");
        long size = Files.size(newest);
        // Up to the whole WAL: a power loss before anything of it reached the device.
        long maxDamage = size;
        Random random = new Random(13);
        List<String> results = new ArrayList<>();
        int tries = 0;
        for (Damage damage : Damage.values()) {
            int previous = CHANGES;
            List<Long> amounts = new ArrayList<>();
            for (long bytes : DAMAGED_BYTES) {
                if (bytes < maxDamage) {
                    amounts.add(bytes);
                }
            }
            amounts.add(maxDamage);
            for (long bytes : amounts) {
                Path copy = dir.resolve("try-" + tries++);
                copy(image, copy);
                damage(copy.resolve(newest.getFileName()), damage, bytes, random);
                int kept;
                try (MessageStore store = candidate.open(copy, Durability.PROCESS)) {
                    kept = Messages.wholeChanges(store.load());
                }
                results.add(damage + " " + bytes + ": " + kept);
                String what = scenario + ", " + damage + " of the last " + bytes + " of " + size + " bytes";
                assertThat(kept).as(what).isBetween(safe, CHANGES);
                if (bytes == 0) {
                    assertThat(kept).as(what).isEqualTo(CHANGES);
                }
                // Every change wrote over 4 KB (its message and the pages above it): a smaller tear is in the last.
                if (bytes <= 4096) {
                    assertThat(kept).as(what).isGreaterThanOrEqualTo(CHANGES - 1);
                }
                // More damage never brings back more changes.
                assertThat(kept).as(what).isLessThanOrEqualTo(previous);
                previous = kept;
            }
        }
        System.out.println(scenario + " (" + newest.getFileName() + ", " + size + " bytes, changes kept):\n  "
                + String.join("\n  ", results));
    }

    /**
     * Not a crash state: SQLite writes its database file only when checkpointing, after the WAL is synced, and a torn
     * checkpoint is redone from the WAL. A database file damaged after a clean close (the WAL gone) is media
     * corruption; the store then fails with a {@link MessageStoreException} rather than load wrong data. A file cut to
     * nothing, though, is a new, empty database to SQLite.
     */
    @Test
    void aDamagedSqliteDatabaseFileAfterACleanCloseFailsClearlyOrLoadsWholeChanges() throws Exception {
        Path image = dir.resolve("image");
        write(Scenario.SQLITE_WAL_WITH_EVERY_CHANGE, image);
        try (MessageStore store = Candidate.SQLITE.open(image, Durability.PROCESS)) {
            assertThat(store.load().messages()).hasSize(CHANGES);
        }
        assertThat(image.resolve(SqliteMessageStore.FILE_NAME + "-wal")).as("removed by the close").doesNotExist();
        Path file = image.resolve(SqliteMessageStore.FILE_NAME);
        long size = Files.size(file);
        Random random = new Random(7);
        int tries = 0;
        int failed = 0;
        for (Damage damage : Damage.values()) {
            for (long bytes : new long[] {1, 100, 4096, 20_000, size / 2}) {
                Path copy = dir.resolve("try-" + tries++);
                copy(image, copy);
                damage(copy.resolve(SqliteMessageStore.FILE_NAME), damage, bytes, random);
                try (MessageStore store = Candidate.SQLITE.open(copy, Durability.PROCESS)) {
                    Messages.wholeChanges(store.load());
                } catch (MessageStoreException e) {
                    assertThat(e).hasMessageContaining("message store");
                    failed++;
                }
            }
        }
        assertThat(failed).as("damaged database files that SQLite refused").isPositive();
        Path emptied = dir.resolve("emptied");
        copy(image, emptied);
        damage(emptied.resolve(SqliteMessageStore.FILE_NAME), Damage.CUT, size, random);
        assertThatCode(() -> {
            try (MessageStore store = Candidate.SQLITE.open(emptied, Durability.PROCESS)) {
                assertThat(store.load().messages()).isEmpty();
            }
        }).doesNotThrowAnyException();
    }

    /** Writes the changes and returns how many of them no damage to the newest file can take away. */
    private int write(Scenario scenario, Path image) throws IOException {
        Path live = dir.resolve("live");
        Candidate candidate = scenario.candidate;
        int safe = 0;
        int first = 1;
        if (scenario == Scenario.SQLITE_WAL_AFTER_A_CHECKPOINT) {
            safe = CHANGES / 2;
            try (MessageStore store = candidate.open(live, Durability.PROCESS)) {
                for (int n = 1; n <= safe; n++) {
                    store.apply(Messages.change(n));
                }
            }
            first = safe + 1;
        }
        MessageStore store = candidate.open(live, Durability.PROCESS);
        try {
            for (int n = first; n <= CHANGES; n++) {
                store.apply(Messages.change(n));
            }
            // The files as a kill -9 right now would leave them.
            copy(live, image);
        } finally {
            store.close();
        }
        return safe;
    }

    private static void damage(Path file, Damage damage, long bytes, Random random) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = ch.size();
            switch (damage) {
                case CUT -> ch.truncate(size - bytes);
                case CUT_AND_GARBAGE -> {
                    ch.truncate(size - bytes);
                    byte[] garbage = new byte[1 + random.nextInt(9000)];
                    random.nextBytes(garbage);
                    ch.write(ByteBuffer.wrap(garbage), size - bytes);
                }
                case ZEROS -> ch.write(ByteBuffer.allocate((int) bytes), size - bytes);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(from)) {
            list.filter(f -> !f.getFileName().toString().equals(DirectoryLock.FILE_NAME)).forEach(files::add);
        }
        for (Path f : files) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
