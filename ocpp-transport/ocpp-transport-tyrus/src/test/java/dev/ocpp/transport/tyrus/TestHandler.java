package dev.ocpp.transport.tyrus;

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
 * A {@link ServerConnectionHandler} for SPI-level tests: decides with a replaceable function (by default: identity
 * from the path, first offered subprotocol that is served) and records requests and connections.
 */
final class TestHandler implements ServerConnectionHandler {

    final BlockingQueue<HandshakeRequest> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<RecordingListener> connections = new LinkedBlockingQueue<>();
    final BlockingQueue<TransportConnection> serverConnections = new LinkedBlockingQueue<>();
    volatile Function<HandshakeRequest, HandshakeDecision> decide;

    TestHandler(String path, List<String> served) {
        this.decide = r -> acceptFirstServed(r, path, served);
    }

    static HandshakeDecision acceptFirstServed(HandshakeRequest r, String path, List<String> served) {
        String identity = StationIdentities.fromPath(r.rawPath(), path).orElse(null);
        if (identity == null) {
            return HandshakeDecision.reject(404, "no identity");
        }
        String subprotocol = r.offeredSubprotocols().stream().filter(served::contains).findFirst().orElse(null);
        BasicCredentials credentials = r.header("Authorization").flatMap(BasicCredentials::parseHeader).orElse(null);
        return HandshakeDecision.accept(identity, subprotocol, credentials);
    }

    @Override
    public HandshakeDecision onHandshake(HandshakeRequest request) {
        requests.add(request);
        return decide.apply(request);
    }

    @Override
    public TransportListener onConnected(TransportConnection connection) {
        RecordingListener listener = new RecordingListener();
        serverConnections.add(connection);
        connections.add(listener);
        return listener;
    }

    RecordingListener nextConnection() throws InterruptedException {
        RecordingListener l = connections.poll(RecordingListener.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (l == null) {
            throw new AssertionError("no server connection within " + RecordingListener.WAIT);
        }
        return l;
    }

    HandshakeRequest nextRequest() throws InterruptedException {
        HandshakeRequest r = requests.poll(RecordingListener.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no handshake request within " + RecordingListener.WAIT);
        }
        return r;
    }
}
