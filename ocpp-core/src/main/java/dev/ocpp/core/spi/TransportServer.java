package dev.ocpp.core.spi;

import java.net.InetSocketAddress;

/** A running server transport. Closing it stops accepting and closes every connection it holds. */
public interface TransportServer extends AutoCloseable {

    /** The address the server listens on, with the actual port when port 0 was asked for. */
    InetSocketAddress localAddress();

    /** Stops the server; idempotent. Blocks until the listening socket is released. */
    @Override
    void close();
}
