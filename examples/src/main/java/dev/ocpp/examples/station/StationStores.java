package dev.ocpp.examples.station;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where {@code station --store DIR} keeps each simulated station's delivery queue and open transactions: the one
 * place in the examples where the durable {@link MessageStore} plugs in. Everything else (the command, the
 * simulator, the tests) only calls {@link #open(Path)}.
 *
 * <p>Until the durable store module is wired in, {@link #open(Path)} hands out a {@link MessageStore#inMemory()} store,
 * one per directory, kept for the life of this JVM: a station started again on the same directory in the same
 * process (what the crash-recovery tests do) finds what the previous one left, but nothing survives the process.
 * The directory is made all the same, so that a wrong {@code --store} fails now rather than after the swap.
 */
public final class StationStores {

    /** The in-memory stand-ins, by absolute directory. Replaced by real files along with the body of open(). */
    private static final ConcurrentMap<Path, MessageStore> IN_MEMORY = new ConcurrentHashMap<>();

    private StationStores() {
    }

    /**
     * The store kept in {@code dir} (made if missing), for one station. The caller owns it and closes it once the
     * station has stopped; one store serves one station at a time.
     *
     * @throws MessageStoreException if the directory cannot be made or the store cannot be opened
     */
    public static MessageStore open(Path dir) {
        Path where = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(where);
        } catch (IOException e) {
            throw new MessageStoreException("cannot make the store directory " + where + ": " + e.getMessage(), e);
        }
        // The durable store replaces this line: open (or create) the store files in `where`.
        return IN_MEMORY.computeIfAbsent(where, w -> MessageStore.inMemory());
    }
}
