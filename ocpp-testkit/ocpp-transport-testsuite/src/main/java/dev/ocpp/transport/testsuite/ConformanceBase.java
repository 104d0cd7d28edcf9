package dev.ocpp.transport.testsuite;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * What every conformance class shares: the fixture, a {@link RecordingHandler}, and servers and clients on
 * 127.0.0.1 with ephemeral ports, keep-alive off unless a test turns it on (so that no ping a test did not ask for
 * can change what it sees). Servers a test starts are closed after it.
 *
 * <p>JUnit makes a new instance for each test, and {@link #fixture()} is called many times in one test: it should
 * return the same fixture each time (a field of the subclass), since an in-memory transport only connects clients
 * and servers of one fixture.
 */
public abstract class ConformanceBase {

    /** The path every server of the suite serves below. */
    protected static final String PATH = "/ocpp";
    /** The subprotocols the servers of the suite serve, in the order the clients offer them by default. */
    protected static final List<String> BOTH = List.of("ocpp2.0.1", "ocpp1.6");

    /** The handler of the servers started by {@link #startServer}. */
    protected final RecordingHandler handler = new RecordingHandler(PATH, BOTH);
    private final java.util.List<TransportServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The transport under test; the same object on every call within one test. */
    protected abstract TransportFixture fixture();

    /**
     * Starts a server of the transport under test on 127.0.0.1, any free port, path {@link #PATH}, serving
     * {@link #BOTH}, no pings, then as {@code settings} changes it; closed after the test.
     */
    protected TransportServer startServer(Consumer<ServerTransportConfig.Builder> settings) throws Exception {
        ServerTransportConfig.Builder b = ServerTransportConfig.builder()
                .host("127.0.0.1").port(0).path(PATH).subprotocols(BOTH).pingInterval(Duration.ZERO);
        settings.accept(b);
        TransportServer server = fixture().serverFactory().start(b.build(), handler);
        servers.add(server);
        return server;
    }

    /** The {@code ws://} URL of {@code rawIdentity} on {@code server}. */
    protected URI uri(TransportServer server, String rawIdentity) {
        return fixture().uri(server, PATH, rawIdentity, false);
    }

    /** A client configuration for {@code uri} offering {@code subprotocols}, no pings. */
    protected static ClientTransportConfig.Builder client(URI uri, List<String> subprotocols) {
        return ClientTransportConfig.builder(uri).subprotocols(subprotocols).pingInterval(Duration.ZERO);
    }

    /** Connects with the transport under test and waits for the open connection. */
    protected TransportConnection connect(ClientTransportConfig config, TransportListener listener) throws Exception {
        return Await.done(fixture().clientFactory().connect(config, listener));
    }

    /** Connects to {@code server} as {@code CP1}, offering {@link #BOTH}. */
    protected TransportConnection connect(TransportServer server, TransportListener listener) throws Exception {
        return connect(client(uri(server, "CP1"), BOTH).build(), listener);
    }

    @AfterEach
    void closeServers() {
        servers.forEach(TransportServer::close);
    }
}
