package dev.ocpp.core.internal.concurrent;

import java.util.concurrent.CompletionException;

/** What the library's future stages share. */
public final class Futures {

    private Futures() {
    }

    /**
     * The failure a stage reported, without the {@link CompletionException} layers that dependent stages wrap around
     * it: what a caller acts on (a CALLERROR, a timeout, a lost connection) is the cause inside.
     */
    public static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
