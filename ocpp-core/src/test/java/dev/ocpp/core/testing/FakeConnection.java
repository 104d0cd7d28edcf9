package dev.ocpp.core.testing;

import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A client connection that opened at once, for scripted transports in tests of the client's connector: writes succeed
 * while it is open, {@link #drop()} loses it as a network would, and closing reports the close to the listener.
 * Station CS-1, OCPP 2.0.1. Not thread-safe: for tests on the manual clock and queue executor.
 */
public final class FakeConnection implements TransportConnection {

    private final TransportListener listener;
    private boolean open = true;

    public FakeConnection(TransportListener listener) {
        this.listener = listener;
    }

    /** The connection is lost (1006), as a network failure would end it. */
    public void drop() {
        open = false;
        listener.onClosed(this, 1006, "dropped");
    }

    @Override
    public ConnectionInfo info() {
        return new ConnectionInfo("CS-1", "ocpp2.0.1", null, null, null, List.of(), Optional.empty());
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return open ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IOException("closed"));
    }

    @Override
    public void close(int code, String reason) {
        if (open) {
            open = false;
            listener.onClosed(this, code, reason);
        }
    }

    @Override
    public void abort() {
        close(1006, "");
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
