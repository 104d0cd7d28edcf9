package dev.ocpp.examples.bench;

import dev.ocpp.core.delivery.MessageStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-store-recovery} (hidden): one cold recovery for {@link StoreBench}, in a JVM of its own as at a
 * station's start: opens the store in {@code --dir} and loads it, and prints {@code recovered <messages> <nanoseconds>}.
 * For the in-memory store, which nothing can reopen, the messages are first put in (not timed) and then loaded.
 */
@Command(name = "bench-store-recovery",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Internal: times open + load of a store in a fresh JVM for bench-store.")
public final class StoreRecovery implements Callable<Integer> {

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "The store.")
    StoreBench.StoreKind kind;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The store's directory.")
    Path dir;

    @Option(names = "--messages", required = true, paramLabel = "N",
            description = "For the in-memory store: how many messages to put in before loading.")
    int messages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MessageStore memory = null;
        if (kind == StoreBench.StoreKind.MEMORY) {
            memory = MessageStore.inMemory();
            StoreBench.fill(memory, messages);
        }
        long t0 = System.nanoTime();
        MessageStore store = memory != null ? memory : kind.open(dir);
        int loaded;
        long t1;
        try {
            loaded = store.load().messages().size();
            t1 = System.nanoTime();
        } finally {
            store.close();
        }
        out.printf(Locale.ROOT, "recovered %d %d%n", loaded, t1 - t0);
        out.flush();
        return 0;
    }
}
