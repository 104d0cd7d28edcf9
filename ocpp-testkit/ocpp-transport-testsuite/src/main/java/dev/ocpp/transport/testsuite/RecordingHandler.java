package dev.ocpp.transport.testsuite;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link ServerConnectionHandler} standing in for the RPC engine: it decides each upgrade with a replaceable
 * function (by default the engine's rule: identity from the path, the first subprotocol in the client's order that
 * is served, credentials from the {@code Authorization} header) and records every request and connection.
 */
public final class RecordingHandler implements ServerConnectionHandler {

    private final BlockingQueue<HandshakeRequest> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<RecordingListener> connections = new LinkedBlockingQueue<>();
    private volatile Function<HandshakeRequest, HandshakeDecision> decide;

    /** A handler serving {@code served} below {@code path}. */
    public RecordingHandler(String path, List<String> served) {
        this.decide = r -> acceptFirstServed(r, path, served);
    }

    /** The default decision: see the class description; 404 when the path holds no identity. */
    public static HandshakeDecision acceptFirstServed(HandshakeRequest r, String path, List<String> served) {
        String identity = StationIdentities.fromPath(r.rawPath(), path).orElse(null);
        if (identity == null) {
            return HandshakeDecision.reject(404, "no identity");
        }
        String subprotocol = r.offeredSubprotocols().stream().filter(served::contains).findFirst().orElse(null);
        BasicCredentials credentials = r.header("Authorization").flatMap(BasicCredentials::parseHeader).orElse(null);
        return HandshakeDecision.accept(identity, subprotocol, credentials);
    }

    /** Decides the requests from now on with {@code decision}. */
    public void decideWith(Function<HandshakeRequest, HandshakeDecision> decision) {
        this.decide = decision;
    }

    @Override
    public HandshakeDecision onHandshake(HandshakeRequest request) {
        requests.add(request);
        return decide.apply(request);
    }

    @Override
    public TransportListener onConnected(TransportConnection connection) {
        RecordingListener listener = new RecordingListener();
        connections.add(listener);
        return listener;
    }

    /** The listener of the next server-side connection, waiting for it if needed. */
    public RecordingListener nextConnection() throws InterruptedException {
        RecordingListener l = connections.poll(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (l == null) {
            throw new AssertionError("no server connection within " + Await.WAIT);
        }
        return l;
    }

    /** The next upgrade request, waiting for it if needed. */
    public HandshakeRequest nextRequest() throws InterruptedException {
        HandshakeRequest r = requests.poll(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no handshake request within " + Await.WAIT);
        }
        return r;
    }

    /** Whether a server-side connection was opened and not yet taken by {@link #nextConnection()}. */
    public boolean hasUntakenConnection() {
        return !connections.isEmpty();
    }

    /** Whether an upgrade request arrived and was not yet taken by {@link #nextRequest()}. */
    public boolean hasUntakenRequest() {
        return !requests.isEmpty();
    }
}
