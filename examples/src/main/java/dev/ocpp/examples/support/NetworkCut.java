package dev.ocpp.examples.support;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.net.ConnectException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A station-side network that can be cut: wraps the client transport of the stations it serves so that
 * {@link #cut()} drops their connections at once, without a close handshake (as a pulled cable or a lost mobile link
 * does; the peers see 1006), and fails every connection attempt until {@link #restore()}. The stations cannot tell it
 * from a real outage: they reconnect with their back-off, and what they send meanwhile waits in their delivery
 * queues. Works over any transport, the in-memory one included. Thread-safe.
 */
public final class NetworkCut implements TransportClientFactory {

    private final TransportClientFactory delegate;
    /** The connections made through this network and not yet seen closed. */
    private final Set<TransportConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    public NetworkCut(TransportClientFactory delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@code transports} with their client side going through this network. */
    public Transports over(Transports transports) {
        return new Transports(transports.server(), this);
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        if (down) {
            return CompletableFuture.failedFuture(new ConnectException("network cut (simulated) on the way to "
                    + config.uri()));
        }
        open.removeIf(c -> !c.isOpen());
        return delegate.connect(config, listener).thenApply(c -> {
            open.add(c);
            // Cut while the handshake was under way: the connection is lost with the rest.
            if (down) {
                c.abort();
            }
            return c;
        });
    }

    /** Drops every connection at once and refuses new ones until {@link #restore()}. */
    public void cut() {
        down = true;
        for (TransportConnection c : open) {
            c.abort();
        }
        open.clear();
    }

    /** Lets connections through again; the stations find out at their next attempt. */
    public void restore() {
        down = false;
    }

    /** Whether the network is cut now. */
    public boolean isCut() {
        return down;
    }
}
