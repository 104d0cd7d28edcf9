package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every thread the library starts has an owner that stops it: once the servers, client sessions and client transports
 * a test opened are closed, no thread of the library (ocpp-*) or of the Grizzly/Tyrus pools it started is left, over
 * real WebSockets on 127.0.0.1. A servlet container redeploying the application would otherwise keep them, and the
 * old class loader with them.
 *
 * <p>Runs in a JVM of its own (a separate surefire execution), since any other test that leaves something open
 * would leave threads this test has to count as leaked. The wait for threads to end is bounded by
 * {@link #THREADS_GONE}, well below the minute after which the shared pools' idle threads would end anyway: a
 * pool that nobody stopped is caught here, not excused by its idle expiry.
 */
class ThreadOwnershipTest {

    private static final ActionCatalog CATALOG = ActionCatalog.of(Set.of("Heartbeat", "Reset"));
    private static final Duration THREADS_GONE = Duration.ofSeconds(10);
    private static final long WAIT_SECONDS = 20;

    @BeforeEach
    void noLibraryThreadRunsBefore() throws InterruptedException {
        assertThat(awaitNoLibraryThreads()).as("library threads before the test").isEmpty();
    }

    @Test
    void noLibraryThreadIsLeftOnceEveryServerClientSessionAndClientTransportIsClosed() throws Exception {
        OcppServer server = startServer(0);
        TyrusClientTransport transport = new TyrusClientTransport();
        OcppSession station = connect(transport, server.port(), "CS-1");
        exchange(server, station, "CS-1");
        assertThat(libraryThreads()).as("threads in use while connected")
                .anyMatch(name -> name.startsWith("ocpp-handler-"))
                .anyMatch(name -> name.startsWith("ocpp-ws-client"));

        station.close();
        transport.close();
        server.close();

        assertThat(awaitNoLibraryThreads()).as("library threads left after closing everything").isEmpty();
    }

    @Test
    void aServerStoppedAndStartedAgainOnTheSamePortLeavesNoThreadsAfterEachStopAndServesAfterTheRestart()
            throws Exception {
        int port;
        OcppServer first = startServer(0);
        port = first.port();
        try (TyrusClientTransport transport = new TyrusClientTransport()) {
            OcppSession station = connect(transport, port, "CS-1");
            exchange(first, station, "CS-1");
            station.close();
        }
        first.close();
        assertThat(awaitNoLibraryThreads()).as("library threads left after the first stop").isEmpty();

        OcppServer second = startServer(port);
        try (TyrusClientTransport transport = new TyrusClientTransport()) {
            OcppSession station = connect(transport, port, "CS-2");
            exchange(second, station, "CS-2");
            station.close();
        }
        second.close();
        assertThat(awaitNoLibraryThreads()).as("library threads left after the second stop").isEmpty();
    }

    private static OcppServer startServer(int port) {
        return OcppServer.builder(new TyrusServerTransport())
                .transport(t -> t.host("127.0.0.1").port(port).pingInterval(Duration.ofSeconds(30)))
                .serve(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                        .on("Heartbeat", call -> JsonNodeFactory.instance.objectNode()
                                .put("currentTime", "2025-01-01T12:00:00Z"))
                        .build())
                .build()
                .start();
    }

    private static OcppSession connect(TyrusClientTransport transport, int port, String identity) throws Exception {
        return OcppClient.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp"))
                .identity(identity)
                .offer(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                        .on("Reset", call -> JsonNodeFactory.instance.objectNode().put("status", "Accepted"))
                        .build())
                // Pings keep the timers of both transports busy, as in production.
                .pingInterval(Duration.ofSeconds(30))
                .build()
                .connect()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A call each way, so that the handler pools, timers and transport threads of both sides have all run. */
    private static void exchange(OcppServer server, OcppSession station, String identity) throws Exception {
        ObjectNode heartbeat = station.call("Heartbeat", JsonNodeFactory.instance.objectNode())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(heartbeat.get("currentTime").asText()).isEqualTo("2025-01-01T12:00:00Z");
        ObjectNode reset = server.call(identity, "Reset", JsonNodeFactory.instance.objectNode().put("type", "Soft"))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(reset.get("status").asText()).isEqualTo("Accepted");
    }

    /** Waits up to {@link #THREADS_GONE} for the library's threads to end; returns those still alive then. */
    private static List<String> awaitNoLibraryThreads() throws InterruptedException {
        long deadline = System.nanoTime() + THREADS_GONE.toNanos();
        List<String> left = libraryThreads();
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20); // thread ends raise no event to wait on
            left = libraryThreads();
        }
        return left;
    }

    private static List<String> libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(ThreadOwnershipTest::isLibraryThread)
                .sorted()
                .toList();
    }

    private static boolean isLibraryThread(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("ocpp-") || n.contains("grizzly") || n.contains("tyrus");
    }
}
