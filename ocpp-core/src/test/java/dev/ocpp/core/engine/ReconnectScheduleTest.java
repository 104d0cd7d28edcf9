package dev.ocpp.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.ConnectionEvent;
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
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reconnect schedule of OCPP 2.0.1 Part 4 §5.3 on the manual clock: the station's connector against a scripted
 * transport whose attempts succeed or fail as the test says, with time moved by hand. Nothing here waits.
 */
class ReconnectScheduleTest {

    private static final RetryBackOff BACK_OFF = RetryBackOff.ofSeconds(10, 4, 3);

    private final ManualScheduler clock = new ManualScheduler();
    private final QueueExecutor executor = new QueueExecutor();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final List<ConnectionEvent> events = new ArrayList<>();
    private double random = 0.5;

    private OcppClient client() {
        return OcppClient.builder(transport)
                .endpoint(URI.create("ws://csms.test/ocpp"))
                .identity("CS-1")
                .offer(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()))
                .sessionConfig(SessionConfig.builder().executor(executor).scheduler(clock).build())
                .retryBackOff(BACK_OFF)
                .random(() -> random)
                .onConnectionEvent(events::add)
                .build();
    }

    private void advance(Duration d) {
        clock.advance(d);
        executor.runAll();
    }

    private List<Duration> scheduled() {
        return events.stream().filter(e -> e instanceof ConnectionEvent.ReconnectScheduled)
                .map(e -> ((ConnectionEvent.ReconnectScheduled) e).delay()).collect(Collectors.toList());
    }

    @Test
    void firstWaitIsTheMinimumPlusTheRandomPartWithinTheRange() {
        for (double r : new double[] {0.0, 0.25, 1.0}) {
            events.clear();
            random = r;
            transport.refuseNext(404);
            OcppSession s = client().start();
            executor.runAll();
            Duration first = scheduled().get(0);
            assertThat(first).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(14))
                    .isEqualTo(Duration.ofMillis(10_000 + Math.round(4_000 * r)));
            s.close();
            executor.runAll();
        }
    }

    @Test
    void waitDoublesAfterEachFailureUpToTheRepeatCountThenStays() {
        random = 0;
        for (int i = 0; i < 6; i++) {
            transport.refuseNext(401);
        }
        client().start();
        executor.runAll();
        for (int i = 0; i < 5; i++) {
            Duration wait = scheduled().get(i);
            // Not a moment early: just before the wait is over, no new attempt has started.
            int before = transport.attempts;
            advance(wait.minusMillis(1));
            assertThat(transport.attempts).isEqualTo(before);
            advance(Duration.ofMillis(1));
            assertThat(transport.attempts).isEqualTo(before + 1);
        }
        assertThat(scheduled()).extracting(Duration::toSeconds).startsWith(10L, 20L, 40L, 80L, 80L, 80L);
        assertThat(events).filteredOn(e -> e instanceof ConnectionEvent.HandshakeRefused)
                .allMatch(e -> ((ConnectionEvent.HandshakeRefused) e).status() == 401).hasSizeGreaterThan(5);
    }

    @Test
    void aFreshRandomPartIsAddedToEveryWait() {
        double[] randoms = {0.0, 1.0, 0.5};
        int[] n = {0};
        transport.refuseNext(404);
        transport.refuseNext(404);
        transport.refuseNext(404);
        OcppClient c = OcppClient.builder(transport).endpoint(URI.create("ws://csms.test/ocpp")).identity("CS-1")
                .offer(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()))
                .sessionConfig(SessionConfig.builder().executor(executor).scheduler(clock).build())
                .retryBackOff(BACK_OFF).random(() -> randoms[n[0]++ % 3]).onConnectionEvent(events::add).build();
        c.start();
        executor.runAll();
        advance(scheduled().get(0));
        advance(scheduled().get(1));
        assertThat(scheduled()).extracting(Duration::toMillis).containsExactly(10_000L, 24_000L, 42_000L);
    }

    @Test
    void successfulConnectionResetsTheWaitToTheMinimum() {
        random = 0;
        transport.refuseNext(404);
        transport.refuseNext(404);
        OcppSession s = client().start();
        executor.runAll();
        advance(Duration.ofSeconds(10));
        advance(Duration.ofSeconds(20));
        assertThat(s.state()).isEqualTo(OcppSession.State.CONNECTED);
        transport.current.drop();
        executor.runAll();
        assertThat(scheduled()).extracting(Duration::toSeconds).containsExactly(10L, 20L, 10L);
        assertThat(events.get(events.size() - 2)).isInstanceOf(ConnectionEvent.Disconnected.class);
    }

    @Test
    void backOffChangedAtRunTimeAppliesToTheNextWait() {
        random = 0;
        transport.refuseNext(404);
        transport.refuseNext(404);
        OcppClient c = client();
        c.start();
        executor.runAll();
        c.retryBackOff(RetryBackOff.ofSeconds(3, 0, 1));
        advance(Duration.ofSeconds(10));
        // The second wait follows the new rule: 3 s doubled once.
        assertThat(scheduled()).extracting(Duration::toSeconds).containsExactly(10L, 6L);
    }

    @Test
    void closingStopsTheScheduleAndNoAttemptFollows() {
        transport.refuseNext(404);
        OcppSession s = client().start();
        executor.runAll();
        int attempts = transport.attempts;
        s.close();
        executor.runAll();
        advance(Duration.ofHours(1));
        assertThat(transport.attempts).isEqualTo(attempts);
        assertThat(clock.pending()).isZero();
        assertThat(s.closeFuture()).isCompleted();
    }

    @Test
    void closingAConnectedSessionAnnouncesNoReconnect() {
        OcppSession s = client().start();
        executor.runAll();
        assertThat(s.isOpen()).isTrue();
        s.close();
        executor.runAll();
        // The connection it closed is reported lost, but no reconnect is planned or announced for a closed session.
        assertThat(events).anyMatch(e -> e instanceof ConnectionEvent.Disconnected);
        assertThat(scheduled()).isEmpty();
        assertThat(clock.pending()).isZero();
    }

    /** Attempts fail as scripted (HTTP refusals, then connection refused if asked) and otherwise open at once. */
    private static final class ScriptedTransport implements TransportClientFactory {
        private final ArrayDeque<Integer> refusals = new ArrayDeque<>();
        int attempts;
        FakeConnection current;

        void refuseNext(int status) {
            refusals.add(status);
        }

        @Override
        public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
            attempts++;
            Integer status = refusals.poll();
            if (status != null) {
                return CompletableFuture.failedFuture(status == 0 ? new ConnectException("refused")
                        : new HandshakeRejectedException(status, "scripted"));
            }
            current = new FakeConnection(listener);
            listener.onOpen(current);
            return CompletableFuture.completedFuture(current);
        }
    }
}
