package dev.ocpp.store;

import dev.ocpp.core.delivery.MessageStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of the crash tests. {@code write CANDIDATE DIR DURABILITY}: opens the store, continues the
 * sequence of {@link Messages#change changes} from what it holds, and prints {@code ok N} once change N's apply
 * returned, until killed. {@code hold CANDIDATE DIR}: opens the store, prints {@code open} and keeps it open until
 * killed or its standard input ends.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        // Own stream, flushed after every line: what the parent reads is exactly what was reported before the kill.
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        Candidate candidate = Candidate.valueOf(args[1]);
        Path dir = Path.of(args[2]);
        if (args[0].equals("hold")) {
            try (MessageStore store = candidate.open(dir, Durability.SYNC)) {
                out.println("open");
                out.flush();
                while (System.in.read() >= 0) {
                    // Held until the parent closes our input or kills us.
                }
            }
            return;
        }
        Durability durability = Durability.valueOf(args[3]);
        out.println("opening");
        out.flush();
        MessageStore store = candidate.open(dir, durability);
        long n = store.load().messages().size();
        out.println("open " + n);
        out.flush();
        while (true) {
            n++;
            store.apply(Messages.change(n));
            out.println("ok " + n);
            out.flush();
        }
    }
}
