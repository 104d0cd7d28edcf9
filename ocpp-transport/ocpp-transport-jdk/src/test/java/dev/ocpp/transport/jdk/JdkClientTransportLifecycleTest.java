package dev.ocpp.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.ConformanceBase;
import dev.ocpp.transport.testsuite.RecordingListener;
import dev.ocpp.transport.testsuite.TransportFixture;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link dev.ocpp.core.spi.TransportClientFactory#close()} promises, for the JDK client: open connections are
 * dropped ({@code onClosed} 1006), a later connect fails with {@link IllegalStateException}, and the threads the
 * transport started are gone. Each test has a transport of its own, not the one the conformance tests share.
 */
class JdkClientTransportLifecycleTest extends ConformanceBase {

    private final JdkClientTransport transport = new JdkClientTransport();
    private final TransportFixture fixture = new TransportFixture() {
        @Override
        public TransportServerFactory serverFactory() {
            return new NettyServerTransport(1);
        }

        @Override
        public TransportClientFactory clientFactory() {
            return transport;
        }
    };

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void closeDropsOpenConnectionsWith1006AndLaterConnectsFailWithIllegalState() throws Exception {
        TransportServer server = startServer(b -> { });
        RecordingListener client = new RecordingListener();
        connect(server, client);
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        transport.close();

        assertThat(client.awaitClosed().code()).isEqualTo(1006);
        assertThat(client.events()).containsExactly("open", "closed 1006");
        client.assertContractKept();
        serverSide.awaitClosed();
        transport.close(); // idempotent

        RecordingListener late = new RecordingListener();
        Throwable failure = catchThrowable(() -> connect(client(uri(server, "CP1"), BOTH).build(), late));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class);
        assertThat(late.events()).isEmpty();
    }

    @Test
    void theTransportsThreadsAreGoneAfterClose() throws Exception {
        TransportServer server = startServer(b -> { });
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        Set<Thread> started = connectOnce(server, before);

        transport.close();

        // Our own pool and timer: close() waits for them, so they are gone when it returns.
        assertThat(started.stream().filter(t -> t.getName().startsWith("ocpp-jdk-client")).filter(Thread::isAlive))
                .isEmpty();
        // java.net.http's selector thread: on Java 21+ close() shuts the client down; on Java 17 nothing can, and the
        // thread ends by itself once the client is unreachable. Collecting is what makes it unreachable, so the wait
        // asks for a collection each round instead of hoping for one; the bound is only when to give up.
        Set<Thread> selectors = started.stream().filter(t -> t.getName().startsWith("HttpClient-"))
                .collect(Collectors.toSet());
        assertThat(selectors).as("java.net.http's selector thread was seen").isNotEmpty();
        long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (selectors.stream().anyMatch(Thread::isAlive) && System.nanoTime() - deadline < 0) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(selectors.stream().filter(Thread::isAlive).map(Thread::getName))
                .as("HttpClient threads after close").isEmpty();
    }

    /**
     * Opens one connection and returns the client threads that appeared meanwhile; in a method of its
     * own so that nothing of the connection stays reachable from the test's stack frame.
     */
    private Set<Thread> connectOnce(TransportServer server, Set<Thread> before) throws Exception {
        RecordingListener client = new RecordingListener();
        connect(server, client).sendText("hello");
        RecordingListener serverSide = handler.nextConnection();
        assertThat(serverSide.nextText()).isEqualTo("hello");
        Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("ocpp-jdk-client") || t.getName().startsWith("HttpClient-"))
                .collect(Collectors.toSet());
        assertThat(started).extracting(Thread::getName).contains("ocpp-jdk-client-timer");
        return started;
    }
}
