package dev.ocpp.testkit.faults;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client transport that records the text frames its connections receive from the wire, before any fault (under the
 * faults, when a {@link FaultyTransport} wraps it): what the server really answered.
 */
final class Tap implements TransportClientFactory {

    private final TransportClientFactory inner;
    final List<String> received = new CopyOnWriteArrayList<>();

    Tap(TransportClientFactory inner) {
        this.inner = inner;
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        return inner.connect(config, new TransportListener() {
            @Override
            public void onOpen(TransportConnection connection) {
                listener.onOpen(connection);
            }

            @Override
            public void onText(TransportConnection connection, String text) {
                received.add(text);
                listener.onText(connection, text);
            }

            @Override
            public void onClosing(TransportConnection connection, int code, String reason) {
                listener.onClosing(connection, code, reason);
            }

            @Override
            public void onClosed(TransportConnection connection, int code, String reason) {
                listener.onClosed(connection, code, reason);
            }

            @Override
            public void onFailure(TransportConnection connection, Throwable cause) {
                listener.onFailure(connection, cause);
            }
        });
    }
}
