package dev.ocpp.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.internal.SharedResources;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Who owns the default pools of {@link SessionConfig}: a started server until it is closed, a client session until
 * it ends; never anything the user passed in. Counted through the pools' owner counts, which other tests in the same
 * JVM may raise but which each step here must move by exactly one.
 */
class DefaultPoolOwnershipTest {

    /** A client transport whose connects never finish: the session stays in its first attempt. */
    private static final TransportClientFactory NEVER_CONNECTS = (config, listener) -> new CompletableFuture<>();

    @Test
    void aServerOwnsTheDefaultPoolsFromStartToCloseAndReleasesThemOnce() {
        int[] before = SharedResources.owners();
        OcppServer server = OcppServer.builder((config, handler) -> new IdleServer())
                .serve(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()))
                .build();
        assertThat(SharedResources.owners()).as("building owns nothing yet").containsExactly(before);

        server.start();
        assertThat(SharedResources.owners()).containsExactly(before[0] + 1, before[1] + 1);

        server.close();
        server.close();
        assertThat(SharedResources.owners()).containsExactly(before);
    }

    @Test
    void eachClientSessionOwnsTheDefaultPoolsUntilItIsClosed() {
        int[] before = SharedResources.owners();
        OcppClient client = OcppClient.builder(NEVER_CONNECTS)
                .endpoint(URI.create("ws://csms.test/ocpp"))
                .identity("CS-1")
                .offer(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()))
                .build();
        OcppSession first = client.start();
        OcppSession second = client.start();
        assertThat(SharedResources.owners()).containsExactly(before[0] + 2, before[1] + 2);

        first.close();
        assertThat(SharedResources.owners()).containsExactly(before[0] + 1, before[1] + 1);
        second.close();
        second.close();
        assertThat(SharedResources.owners()).containsExactly(before);
    }

    @Test
    void executorsTheUserPassedInAreNeitherOwnedNorShutDown() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            int[] before = SharedResources.owners();
            OcppClient client = OcppClient.builder(NEVER_CONNECTS)
                    .endpoint(URI.create("ws://csms.test/ocpp"))
                    .identity("CS-1")
                    .offer(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()))
                    .sessionConfig(SessionConfig.builder().executor(executor)
                            .scheduler(TimeoutScheduler.of(timer)).build())
                    .build();
            OcppSession session = client.start();
            assertThat(SharedResources.owners()).containsExactly(before);
            session.close();
            assertThat(executor.isShutdown()).isFalse();
            assertThat(timer.isShutdown()).isFalse();
            assertThat(executor.submit(() -> "still mine").get(10, TimeUnit.SECONDS)).isEqualTo("still mine");
        } finally {
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    @Test
    void workHandedToTheDefaultsWithoutAnOwnerStillRuns() throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();
        SessionConfig.defaults().executor().execute(() -> ran.complete(Thread.currentThread().getName()));
        assertThat(ran.get(10, TimeUnit.SECONDS)).startsWith("ocpp-handler-");

        CompletableFuture<String> fired = new CompletableFuture<>();
        SessionConfig.defaults().scheduler().schedule(() -> fired.complete(Thread.currentThread().getName()),
                Duration.ofMillis(1));
        assertThat(fired.get(10, TimeUnit.SECONDS)).startsWith("ocpp-timer-");
    }

    private static final class IdleServer implements TransportServer {
        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public void close() {
        }
    }
}
