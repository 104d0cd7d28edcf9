package dev.ocpp.examples.support;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;
import java.util.Objects;

/**
 * The pair of transport factories an example runs on. The commands always use real WebSockets
 * ({@link #tyrus()}); the seam exists so that the example logic can also run on another transport, such as the
 * in-memory one in tests.
 *
 * <p>Closing the pair closes the client factory, which owns the threads and connections of the stations on it; the
 * server factory owns nothing until a server is started, and each server is closed on its own.
 *
 * @param server starts the CSMS side
 * @param client opens station connections
 */
public record Transports(TransportServerFactory server, TransportClientFactory client) implements AutoCloseable {

    public Transports {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
    }

    /** WebSockets over the standalone Tyrus (Grizzly) transport. */
    public static Transports tyrus() {
        return new Transports(new TyrusServerTransport(), new TyrusClientTransport());
    }

    /** Closes the client factory: its open connections are aborted and its threads stopped. Idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
