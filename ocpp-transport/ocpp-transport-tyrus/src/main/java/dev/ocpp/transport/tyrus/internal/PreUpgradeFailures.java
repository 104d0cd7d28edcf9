package dev.ocpp.transport.tyrus.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.ssl.SSLUtils;
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

    /**
     * When the TLS engine refuses a handshake it prepares an alert saying why (bad_certificate, protocol_version,
     * ...) for its next wrap, but Grizzly closes the connection without asking for it. The peer would then see a bare
     * close and never learn why, above all under TLS 1.3, where a client's handshake is already complete when the
     * server checks its certificate. Written from here, in front of the TLS filter, the alert goes to the network as
     * is. Only after a TLS failure: after any other (a reset connection, say) the engine may be mid-handshake, and a
     * wrap would produce handshake data instead.
     */
    private static void sendPendingAlert(FilterChainContext ctx, Throwable error) {
        SSLEngine engine = SSLUtils.getSSLEngine(ctx.getConnection());
        if (engine == null || engine.isOutboundDone() || !causedByTls(error)) {
            return;
        }
        try {
            ByteBuffer alert = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), alert);
            alert.flip();
            if (alert.hasRemaining()) {
                ctx.write(Buffers.wrap(ctx.getMemoryManager(), alert));
            }
        } catch (SSLException | RuntimeException e) {
            LOG.debug("No TLS alert sent after a failed handshake", e);
        }
    }

    private static boolean causedByTls(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private final class Observe extends BaseFilter {
        @Override
        public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
            if (connections.isUpgraded(ctx.getConnection())) {
                return;
            }
            sendPendingAlert(ctx, error);
            Object peer = ctx.getConnection().getPeerAddress();
            try {
                listener.accept(peer instanceof InetSocketAddress a ? a : null, error);
            } catch (RuntimeException e) {
                LOG.warn("Pre-upgrade failure listener failed", e);
            }
        }
    }
}
