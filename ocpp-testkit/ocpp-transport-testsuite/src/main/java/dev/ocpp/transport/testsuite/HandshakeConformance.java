package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handshake decisions as the SPI carries them, for every transport: subprotocol negotiation, identity decoding,
 * refusals with 404 and 401, credentials and headers reaching the handler, and the addresses of the request.
 * The wire form of the same answers is in {@link WireHandshakeConformance}.
 */
public abstract class HandshakeConformance extends ConformanceBase {

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
    }

    @Test
    void serverPicksTheFirstOfTheClientsOffersThatItServes() throws Exception {
        TransportConnection c = connect(client(uri(server, "CP1"), List.of("ocpp2.0.1", "ocpp1.6")).build(),
                new RecordingListener());

        assertThat(c.info().subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(handler.nextRequest().offeredSubprotocols()).containsExactly("ocpp2.0.1", "ocpp1.6");
        c.close(1000, "");
    }

    @Test
    void clientPreferenceDecidesWhenTheServerServesBoth() throws Exception {
        TransportConnection c = connect(client(uri(server, "CP1"), List.of("ocpp1.6", "ocpp2.0.1")).build(),
                new RecordingListener());

        assertThat(c.info().subprotocol()).isEqualTo("ocpp1.6");
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isEqualTo("ocpp1.6");
        c.close(1000, "");
    }

    @Test
    void noCommonSubprotocolStillOpensTheConnectionWithNoneAgreedOnEitherSide() throws Exception {
        // The engine, not the transport, closes such a connection (HandshakeDecision): the transport must open it.
        TransportConnection c = connect(client(uri(server, "CP1"), List.of("ocpp2.1", "ocpp1.5")).build(),
                new RecordingListener());

        assertThat(c.info().subprotocol()).isNull();
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isNull();
        c.close(1000, "");
    }

    @Test
    void theDecidedSubprotocolIsTheOneBothSidesSeeEvenIfNotTheClientsFirst() throws Exception {
        handler.decideWith(r -> HandshakeDecision.accept("CP1", "ocpp1.6", null));

        TransportConnection c = connect(client(uri(server, "CP1"), BOTH).build(), new RecordingListener());

        assertThat(c.info().subprotocol()).isEqualTo("ocpp1.6");
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isEqualTo("ocpp1.6");
        c.close(1000, "");
    }

    @Test
    void percentEncodedIdentityReachesTheHandlerRawAndTheConnectionDecoded() throws Exception {
        TransportConnection c = connect(client(uri(server, "RDAM%20123"), BOTH).build(), new RecordingListener());

        assertThat(handler.nextRequest().rawPath()).isEqualTo("/ocpp/RDAM%20123");
        TransportConnection serverSide = handler.nextConnection().awaitOpen();
        assertThat(serverSide.info().identity()).isEqualTo("RDAM 123");
        assertThat(serverSide.info().requestUri().getRawPath()).isEqualTo("/ocpp/RDAM%20123");
        assertThat(c.info().identity()).isEqualTo("RDAM 123");
        c.close(1000, "");
    }

    @Test
    void refusedIdentityFailsTheConnectWith404AndOpensNothing() throws Exception {
        handler.decideWith(r -> HandshakeDecision.reject(404, "Unknown station"));
        RecordingListener client = new RecordingListener();

        Throwable failure = catchThrowable(() -> connect(client(uri(server, "NOPE"), BOTH).build(), client));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(handler.hasUntakenConnection()).isFalse();
        assertThat(client.events()).isEmpty();
    }

    @Test
    void refusedCredentialsFailTheConnectWith401AndOpenNothing() throws Exception {
        handler.decideWith(r -> HandshakeDecision.reject(401, "Authentication failed"));
        RecordingListener client = new RecordingListener();

        Throwable failure = catchThrowable(() -> connect(client(uri(server, "CP1"), BOTH)
                .credentials(BasicCredentials.of("CP1", "wrong")).build(), client));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(handler.hasUntakenConnection()).isFalse();
        assertThat(client.events()).isEmpty();
    }

    @Test
    void basicCredentialsAndExtraHeadersReachTheHandlerAndTheConnection() throws Exception {
        // A 1.6 AuthorizationKey is bytes, not text: a colon and a non-UTF-8 byte must survive the trip.
        BasicCredentials sent = new BasicCredentials("CP1", new byte[] {0x01, (byte) 0xff, ':', 'x'});
        TransportConnection c = connect(client(uri(server, "CP1"), BOTH).credentials(sent)
                .headers(Map.of("X-Extra", "yes")).build(), new RecordingListener());

        HandshakeRequest request = handler.nextRequest();
        assertThat(request.header("authorization").flatMap(BasicCredentials::parseHeader)).contains(sent);
        assertThat(request.header("X-Extra")).contains("yes");
        assertThat(handler.nextConnection().awaitOpen().info().credentials()).contains(sent);
        c.close(1000, "");
    }

    @Test
    void handshakeRequestAndConnectionAgreeOnTheAddresses() throws Exception {
        TransportConnection c = connect(server, new RecordingListener());

        HandshakeRequest request = handler.nextRequest();
        TransportConnection serverSide = handler.nextConnection().awaitOpen();
        assertThat(request.localAddress()).isEqualTo(server.localAddress());
        assertThat(request.remoteAddress()).isNotNull();
        assertThat(serverSide.info().remoteAddress()).isEqualTo(request.remoteAddress());
        // A client may not know its own address (ConnectionInfo allows null); if it says, it must be the same one.
        assertThat(c.info().localAddress()).isIn(null, request.remoteAddress());
        c.close(1000, "");
    }
}
