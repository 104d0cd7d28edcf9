package dev.ocpp.examples.support;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The pair of transport factories an example runs on. The commands use real WebSockets, on Tyrus ({@link #tyrus()},
 * the default) or Netty ({@link #netty()}), chosen by name with {@link #named(String)}; the seam also lets the
 * example logic run on another transport, such as the in-memory one in tests.
 *
 * <p>Closing the pair closes the client factory, which owns the threads and connections of the stations on it; the
 * server factory owns nothing until a server is started, and each server is closed on its own.
 *
 * @param server starts the CSMS side
 * @param client opens station connections
 */
public record Transports(TransportServerFactory server, TransportClientFactory client) implements AutoCloseable {

    /** The names {@link #named(String)} accepts, the default first. */
    public static final List<String> NAMES = List.of("tyrus", "netty");

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

    /** WebSockets over the Netty transport (native epoll where available). */
    public static Transports netty() {
        return new Transports(new NettyServerTransport(), new NettyClientTransport());
    }

    /**
     * The transports called {@code name}: {@code tyrus} or {@code netty}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted names, for any other name
     */
    public static Transports named(String name) {
        String n = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "tyrus":
                return tyrus();
            case "netty":
                return netty();
            default:
                throw new IllegalArgumentException("Unknown transport '" + name + "'; expected one of "
                        + String.join(", ", NAMES));
        }
    }
}
