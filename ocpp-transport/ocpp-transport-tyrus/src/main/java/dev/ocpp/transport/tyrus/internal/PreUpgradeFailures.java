package dev.ocpp.transport.tyrus.internal;

import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports failures of connections below the WebSocket layer, TLS above all: Grizzly refuses some input (plain HTTP
 * on a TLS port) before the TLS engine ever sees it, so only a filter in front of its TLS filter learns of it.
 * Grizzly hands an exception to every filter before the one that failed.
 */
final class PreUpgradeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PreUpgradeFailures.class);

    private final BiConsumer<InetSocketAddress, Throwable> listener;
    private final HandshakeConnections connections;

    PreUpgradeFailures(BiConsumer<InetSocketAddress, Throwable> listener, HandshakeConnections connections) {
        this.listener = listener;
        this.connections = connections;
    }

    /** Installs the filter just after the transport filter, in front of TLS and HTTP. */
    AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
                int transport = builder.indexOfType(TransportFilter.class);
                builder.add(transport + 1, new Observe());
            }
        };
    }

    private final class Observe extends BaseFilter {
        @Override
        public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
            if (connections.isUpgraded(ctx.getConnection())) {
                return;
            }
            Object peer = ctx.getConnection().getPeerAddress();
            try {
                listener.accept(peer instanceof InetSocketAddress a ? a : null, error);
            } catch (RuntimeException e) {
                LOG.warn("Pre-upgrade failure listener failed", e);
            }
        }
    }
}
