package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link dev.ocpp.core.spi.TransportListener} and {@link TransportConnection} contract, for every transport:
 * events one at a time in the documented order, nothing after {@code onClosed}, a closed connection refusing sends,
 * {@code close} and {@code abort} idempotent, and {@code connect} failing with an {@link IOException} without any
 * event when nothing listens.
 */
public abstract class ListenerContractConformance extends ConformanceBase {

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
    }

    @Test
    void connectCompletesOnlyAfterOnOpen() throws Exception {
        RecordingListener client = new RecordingListener();

        TransportConnection c = connect(server, client);

        assertThat(client.opened).isCompletedWithValue(c);
        assertThat(c.isOpen()).isTrue();
        c.close(1000, "");
    }

    @Test
    void afterCloseSendFailsIsOpenIsFalseAndNothingFollowsOnClosed() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(server, client);
        RecordingListener serverSide = handler.nextConnection();

        c.close(1000, "bye");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);

        assertThat(c.isOpen()).isFalse();
        Throwable sendFailure = catchThrowable(() -> Await.done(c.sendText("late")));
        assertThat(sendFailure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        c.close(1000, "again");
        c.abort();
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1000);
        assertThat(serverSide.closing.getNow(null)).isEqualTo(new RecordingListener.Closed(1000, "bye"));
        // The side that started the close hears no onClosing: that event is for a close the peer started.
        assertThat(client.events()).containsExactly("open", "closed 1000");
        client.assertContractKept();
        serverSide.assertContractKept();
    }

    @Test
    void listenerClosingInsideOnOpenStillGetsItsEventsInOrder() throws Exception {
        // What the engine does when no subprotocol was agreed: close from within onOpen (with 1002, which
        // ClientCloseCodeConformance checks on the wire; here an application code every client may send).
        RecordingListener client = new RecordingListener() {
            @Override
            public void onOpen(TransportConnection connection) {
                super.onOpen(connection);
                connection.close(4002, "No agreed OCPP subprotocol");
            }
        };
        connect(server, client);

        assertThat(client.awaitClosed().code()).isEqualTo(4002);
        RecordingListener serverSide = handler.nextConnection();
        assertThat(serverSide.awaitClosed().code()).isEqualTo(4002);
        client.assertContractKept();
        serverSide.assertContractKept();
    }

    @Test
    void connectReturnsAtOnceAndFailsWithIOExceptionWhenNothingListens() throws Exception {
        TransportServer gone = startServer(b -> { });
        URI nowhere = uri(gone, "CP1");
        gone.close();
        RecordingListener client = new RecordingListener();

        CompletableFuture<TransportConnection> stage = fixture().clientFactory()
                .connect(client(nowhere, BOTH).build(), client).toCompletableFuture();

        Throwable failure = catchThrowable(() -> Await.done(stage));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .isNotInstanceOf(HandshakeRejectedException.class);
        assertThat(client.events()).isEmpty();
    }

    @Test
    void bothSidesSeeEveryEventOnceAndInOrderAcrossAWholeConnection() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(server, client);
        RecordingListener serverSide = handler.nextConnection();
        TransportConnection s = serverSide.awaitOpen();

        c.sendText("ping");
        assertThat(serverSide.nextText()).isEqualTo("ping");
        s.sendText("pong");
        assertThat(client.nextText()).isEqualTo("pong");
        s.close(1000, "done");

        assertThat(client.awaitClosed()).isEqualTo(new RecordingListener.Closed(1000, "done"));
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1000);
        assertThat(client.events()).containsExactly("open", "text", "closing 1000", "closed 1000");
        assertThat(serverSide.events()).containsExactly("open", "text", "closed 1000");
        client.assertContractKept();
        serverSide.assertContractKept();
    }
}
