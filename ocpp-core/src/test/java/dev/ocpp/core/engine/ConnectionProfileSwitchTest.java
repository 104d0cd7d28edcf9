package dev.ocpp.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.ConnectionProfile;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.testing.FakeConnection;
import dev.ocpp.core.testing.ManualScheduler;
import dev.ocpp.core.testing.QueueExecutor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * A running station moved to another connection profile ({@link OcppClient#switchProfile}: 1.6 security white paper
 * A05, 2.0.1 A05/B10), on the manual clock against a transport that lets the test take hosts down: the next attempts
 * use the new endpoint and credentials, a success keeps them for good, and too many failures fall back.
 */
class ConnectionProfileSwitchTest {

    private static final URI PLAIN = URI.create("ws://csms.test/ocpp");
    private static final URI SECURE = URI.create("wss://csms.test:8443/ocpp");
    private static final byte[] PASSWORD = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ManualScheduler clock = new ManualScheduler();
    private final QueueExecutor executor = new QueueExecutor();
    private final Transport transport = new Transport();
    private final List<ConnectionEvent> events = new ArrayList<>();
    private final OcppClient client = OcppClient.builder(transport)
            .endpoint(PLAIN)
            .identity("CS-1")
            .password(PASSWORD)
            .offer(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()))
            .sessionConfig(SessionConfig.builder().executor(executor).scheduler(clock).build())
            .retryBackOff(RetryBackOff.ofSeconds(1, 0, 0))
            .random(() -> 0)
            .onConnectionEvent(events::add)
            .build();

    private static SSLContext tls() throws NoSuchAlgorithmException {
        return SSLContext.getDefault();
    }

    private void advance(Duration d) {
        clock.advance(d);
        executor.runAll();
    }

    private OcppSession connected() {
        OcppSession s = client.start();
        executor.runAll();
        assertThat(transport.attempts).hasSize(1);
        return s;
    }

    @Test
    void theProfileBuiltWithIsInForceAndNamesItsSecurityProfile() {
        assertThat(client.connectedProfile()).isEmpty();
        assertThat(client.connectionProfile().endpoint()).isEqualTo(PLAIN);
        assertThat(client.connectionProfile().securityProfile()).isEqualTo(1);
        assertThat(client.uri()).isEqualTo(URI.create("ws://csms.test/ocpp/CS-1"));
    }

    @Test
    void aSwitchLeavesTheOpenConnectionAloneAndTheNextAttemptUsesTheNewProfile() throws Exception {
        OcppSession s = connected();
        SSLContext tls = tls();

        CompletableFuture<ConnectionProfile> switched =
                client.switchProfile(ConnectionProfile.of(SECURE).withPassword(PASSWORD).withSslContext(tls), 3);
        executor.runAll();

        assertThat(transport.current.isOpen()).isTrue();
        assertThat(switched).isNotDone();
        assertThat(client.uri()).isEqualTo(URI.create("wss://csms.test:8443/ocpp/CS-1"));
        // What the station is connected with, and reports, is still the profile before.
        assertThat(client.connectedProfile()).map(ConnectionProfile::securityProfile).contains(1);

        s.disconnect(1012, "Security profile changed");
        executor.runAll();
        // A move, not a loss: the first attempt with the new profile does not wait for the back-off.
        advance(Duration.ZERO);

        ClientTransportConfig used = transport.attempts.get(1);
        assertThat(used.uri()).isEqualTo(URI.create("wss://csms.test:8443/ocpp/CS-1"));
        assertThat(used.sslContext()).isSameAs(tls);
        assertThat(used.credentials().username()).isEqualTo("CS-1");
        assertThat(used.credentials().password()).isEqualTo(PASSWORD);
        assertThat(switched.get().securityProfile()).isEqualTo(2);
        assertThat(client.connectionProfile().securityProfile()).isEqualTo(2);
        assertThat(client.connectedProfile()).map(ConnectionProfile::securityProfile).contains(2);
        assertThat(events).filteredOn(e -> e instanceof ConnectionEvent.Connected).last()
                .matches(e -> ((ConnectionEvent.Connected) e).tls());
    }

    @Test
    void onceConnectedWithTheNewProfileTheOldOneIsNeverTriedAgain() throws Exception {
        OcppSession s = connected();
        CompletableFuture<ConnectionProfile> switched =
                client.switchProfile(ConnectionProfile.of(SECURE).withPassword(PASSWORD).withSslContext(tls()), 1);
        s.disconnect(1012, "Security profile changed");
        executor.runAll();
        advance(Duration.ofSeconds(1));
        assertThat(switched).isCompleted();

        // The secure endpoint goes down for longer than the trial allowed: still no way back to plain ws.
        transport.down.add("wss");
        transport.current.drop();
        executor.runAll();
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofSeconds(1));
        }

        assertThat(transport.attempts.subList(2, transport.attempts.size()))
                .isNotEmpty().allMatch(c -> c.uri().getScheme().equals("wss"));
        assertThat(client.connectionProfile().securityProfile()).isEqualTo(2);
    }

    @Test
    void afterTheGivenNumberOfFailedAttemptsTheClientFallsBackToTheProfileBefore() throws Exception {
        OcppSession s = connected();
        transport.down.add("wss");
        CompletableFuture<ConnectionProfile> switched =
                client.switchProfile(ConnectionProfile.of(SECURE).withPassword(PASSWORD).withSslContext(tls()), 2);
        s.disconnect(1012, "Security profile changed");
        executor.runAll();

        advance(Duration.ZERO);
        assertThat(transport.attempts).hasSize(2);
        assertThat(switched).as("one failure of two allowed").isNotDone();
        // After a failure with it, the back-off applies again.
        advance(Duration.ofMillis(999));
        assertThat(transport.attempts).hasSize(2);
        advance(Duration.ofMillis(1));

        assertThat(switched).isCompletedExceptionally();
        assertThat(client.connectedProfile()).map(ConnectionProfile::endpoint).contains(PLAIN);
        assertThatThrownBy(switched::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("2 attempt(s)");
        assertThat(client.connectionProfile().endpoint()).isEqualTo(PLAIN);

        advance(Duration.ofSeconds(1));
        ClientTransportConfig last = transport.attempts.get(transport.attempts.size() - 1);
        assertThat(last.uri()).isEqualTo(URI.create("ws://csms.test/ocpp/CS-1"));
        assertThat(last.sslContext()).isNull();
        assertThat(transport.current.isOpen()).isTrue();
        assertThat(transport.attempts).extracting(c -> c.uri().getScheme())
                .containsExactly("ws", "wss", "wss", "ws");
    }

    @Test
    void aSecondSwitchSupersedesTheFirstAndKeepsTheProfileThatWorkedAsTheFallBack() throws Exception {
        OcppSession s = connected();
        transport.down.add("wss");
        CompletableFuture<ConnectionProfile> first =
                client.switchProfile(ConnectionProfile.of(SECURE).withPassword(PASSWORD).withSslContext(tls()), 5);
        CompletableFuture<ConnectionProfile> second = client.switchProfile(
                ConnectionProfile.of(URI.create("wss://other.test/ocpp")).withSslContext(tls()), 1);

        assertThatThrownBy(first::get).hasCauseInstanceOf(IllegalStateException.class);
        s.disconnect(1012, "Security profile changed");
        executor.runAll();
        advance(Duration.ofSeconds(1));

        assertThat(second).isCompletedExceptionally();
        assertThat(client.connectionProfile().endpoint()).isEqualTo(PLAIN);
    }

    @Test
    void aSessionThatEndsDuringTheTrialFailsItAndLeavesTheClientOnTheProfileBefore() throws Exception {
        OcppSession s = connected();
        CompletableFuture<ConnectionProfile> switched =
                client.switchProfile(ConnectionProfile.of(SECURE).withPassword(PASSWORD).withSslContext(tls()), 3);

        s.close(1000, "Switched off");
        executor.runAll();

        assertThatThrownBy(switched::get).hasCauseInstanceOf(ConnectionClosedException.class);
        assertThat(client.connectionProfile().endpoint()).isEqualTo(PLAIN);
    }

    @Test
    void aTlsContextNeedsAWssEndpointAndTheAttemptsAtLeastOne() throws Exception {
        SSLContext tls = tls();
        assertThatThrownBy(() -> ConnectionProfile.of(PLAIN).withSslContext(tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wss");
        assertThatThrownBy(() -> client.switchProfile(ConnectionProfile.of(SECURE), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProfileNeverShowsThePassword() {
        ConnectionProfile p = ConnectionProfile.of(PLAIN).withPassword(PASSWORD);
        assertThat(p.toString()).doesNotContain("0123456789abcdef").contains("security profile 1");
        byte[] copy = p.password().orElseThrow();
        copy[0] = 'X';
        assertThat(p.password().orElseThrow()).isEqualTo(PASSWORD);
    }

    /** Opens every attempt at once unless its scheme or host is down. */
    private static final class Transport implements TransportClientFactory {
        final List<ClientTransportConfig> attempts = new ArrayList<>();
        final Set<String> down = new HashSet<>();
        FakeConnection current;

        @Override
        public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
            attempts.add(config);
            if (down.contains(config.uri().getScheme()) || down.contains(config.uri().getHost())) {
                return CompletableFuture.failedFuture(new HandshakeRejectedException(503, "down"));
            }
            current = new FakeConnection(listener);
            listener.onOpen(current);
            return CompletableFuture.completedFuture(current);
        }
    }
}
