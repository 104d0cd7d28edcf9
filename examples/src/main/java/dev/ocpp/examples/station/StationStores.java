package dev.ocpp.examples.station;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.store.DurableMessageStore;
import java.nio.file.Path;

/**
 * Where {@code station --store DIR} keeps each simulated station's delivery queue and open transactions: the one
 * place in the examples that opens the durable {@link MessageStore} ({@link DurableMessageStore}, SQLite in WAL mode
 * with a sync on every change). Everything else (the command, the simulator, the tests) only calls
 * {@link #open(Path)}. A directory holds one station's store and is locked while it is open, so a second station
 * (or process) on it fails at once instead of sharing it.
 */
public final class StationStores {

    private StationStores() {
    }

    /**
     * The store kept in {@code dir} (made if missing), for one station. The caller owns it and closes it once the
     * station has stopped; one store serves one station at a time.
     *
     * @throws MessageStoreException if the directory cannot be made or the store cannot be opened
     */
    public static MessageStore open(Path dir) {
        return DurableMessageStore.open(dir.toAbsolutePath().normalize());
    }
}
