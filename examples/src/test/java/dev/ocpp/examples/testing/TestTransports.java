package dev.ocpp.examples.testing;

import dev.ocpp.examples.support.Transports;
import dev.ocpp.transport.inmemory.InMemoryNetwork;

/** The transports the integration tests run on. */
public final class TestTransports {

    private TestTransports() {
    }

    /** Real WebSockets on loopback, as the commands use. */
    public static Transports tyrus() {
        return Transports.tyrus();
    }

    /** A fresh in-memory network: no sockets, same contract. Server and client come from the same network. */
    public static Transports inMemory() {
        InMemoryNetwork net = new InMemoryNetwork();
        return new Transports(net.serverTransport(), net.clientTransport());
    }

    /** By name, for parameterized tests: {@code tyrus} or {@code in-memory}. */
    public static Transports named(String name) {
        switch (name) {
            case "tyrus":
                return tyrus();
            case "in-memory":
                return inMemory();
            default:
                throw new IllegalArgumentException(name);
        }
    }
}
