package dev.ocpp.transport.testsuite;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
import java.net.URI;

/**
 * What a transport hands the conformance suite: its two factories. Which capabilities it has is not a flag here but
 * the set of conformance classes its tests extend, so that a capability it lacks is absent from its test report
 * rather than reported as skipped.
 *
 * <p>A fixture may be called from any test thread. It should return a fresh factory, or one that holds no state
 * between tests.
 */
public interface TransportFixture {

    /** The server side of the transport. */
    TransportServerFactory serverFactory();

    /** The client side of the transport, able to reach servers started by {@link #serverFactory()}. */
    TransportClientFactory clientFactory();

    /**
     * Whether {@code thread} belongs to a client factory this fixture shares across tests (and so never closes while
     * they run), such as a pool that grows with the connections it serves. Tests that look for threads left behind
     * by what they closed ignore these; whether a client factory stops its own threads on {@code close()} is each
     * transport's own test. None by default.
     */
    default boolean isSharedClientThread(Thread thread) {
        return false;
    }

    /**
     * The URL a client uses to reach {@code server} under {@code path}, with {@code rawIdentity} as last segment
     * exactly as given (already percent-encoded where needed). By default {@code ws://host:port<path>/<identity>}
     * from {@link TransportServer#localAddress()}; {@code secure} selects {@code wss://}.
     */
    default URI uri(TransportServer server, String path, String rawIdentity, boolean secure) {
        String host = server.localAddress().getAddress() != null
                ? server.localAddress().getAddress().getHostAddress()
                : server.localAddress().getHostString();
        return URI.create((secure ? "wss://" : "ws://") + host + ":" + server.localAddress().getPort() + path + "/"
                + rawIdentity);
    }
}
