package dev.ocpp.examples.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.cli.CsmsCommand;
import dev.ocpp.examples.cli.OcppCli;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.support.Versions;
import dev.ocpp.examples.testing.HostilePeer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Issue 15: a flood from one attacker (127.0.0.2) must not make the CLI CSMS (Netty) slow for the real stations
 * (127.0.0.1). Victim stations do Heartbeat round trips one after another; their p99 is measured without attack,
 * then during a connect/close flood (connections opened and dropped with nothing, half an upgrade request or a whole
 * one) and during a CALL flood from one connected station that ignores the one-outstanding-CALL rule.
 *
 * <p>The bound is deliberately generous, {@code max(20 x baseline p99, 3 s)}: the test runs on a loaded 2-core CI
 * machine where the attacker, the CSMS and the victims share the cores, so only a flood that really starves the
 * victims (calls timing out after 10 s, or p99 in many seconds) may fail it, never scheduling noise. See
 * {@link #boundFor} for what was measured.
 */
@Timeout(120)
class FloodLatencyTest {

    private static final int VICTIMS = 3;
    private static final int CALLS_PER_VICTIM = 300;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AtomicBoolean attacking = new AtomicBoolean();
    private ExampleCsms csms;
    private InetSocketAddress server;
    private List<OcppSession> victims;

    @BeforeEach
    void start() throws Exception {
        csms = startCliCsms();
        opened.add(csms);
        server = new InetSocketAddress("127.0.0.1", csms.port());
        Transports transports = Transports.netty();
        opened.add(transports.client());
        victims = new ArrayList<>();
        for (int i = 0; i < VICTIMS; i++) {
            OcppSession s = OcppClient.builder(transports.client())
                    .endpoint(csms.endpoint())
                    .identity("VICTIM-" + i)
                    .offer(OcppVersion.OCPP16, Handlers.none(Versions.catalog(OcppVersion.OCPP16)))
                    .build()
                    .connect()
                    .get(10, TimeUnit.SECONDS);
            opened.add(s::close);
            victims.add(s);
        }
        heartbeats(50); // warm-up
    }

    @AfterEach
    void stop() throws Exception {
        attacking.set(false);
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aConnectAndCloseFloodFromOneAddressKeepsOtherStationsAnswered() throws Exception {
        long[] baseline = heartbeats(CALLS_PER_VICTIM);
        AtomicLong connections = new AtomicLong();
        attacking.set(true);
        // One attacker thread: with two, on a 2-core machine, the test's own attacker takes the cores from the CSMS and
        // the victims, and measures that rather than the server (see boundFor).
        ExecutorService flooder = Executors.newSingleThreadExecutor();
        Future<?> flood = flooder.submit(() -> connectCloseFlood(connections));
        long[] underFlood;
        try {
            underFlood = heartbeats(CALLS_PER_VICTIM);
        } finally {
            attacking.set(false);
            flooder.shutdown();
            assertThat(flooder.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        flood.get();
        report("connect/close flood (" + connections.get() + " connections)", baseline, underFlood);
        assertThat(connections.get()).as("the flood ran").isPositive();
        assertThat(p(underFlood, 99)).isLessThan(boundFor(baseline));
    }

    /** Opens and drops connections from 127.0.0.2: nothing sent, half an upgrade request, or a whole one. */
    private Void connectCloseFlood(AtomicLong connections) {
        byte[] half = "GET /ocpp/FLOOD HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] whole = HostilePeer.upgradeRequest(server, ExampleCsms.PATH + "/FLOOD", "ocpp1.6");
        for (long i = 0; attacking.get(); i++) {
            try {
                java.net.Socket socket = HostilePeer.socket(HostilePeer.ATTACKER, server);
                try {
                    if (i % 3 == 1) {
                        socket.getOutputStream().write(half);
                    } else if (i % 3 == 2) {
                        socket.getOutputStream().write(whole);
                    }
                } finally {
                    HostilePeer.abort(socket);
                }
                connections.incrementAndGet();
            } catch (IOException refused) {
                // A server that sheds the flood by refusing connections is doing its job.
            }
        }
        return null;
    }

    @Test
    void aCallFloodFromOneStationKeepsOtherStationsAnswered() throws Exception {
        long[] baseline = heartbeats(CALLS_PER_VICTIM);
        AtomicLong calls = new AtomicLong();
        attacking.set(true);
        ExecutorService flooder = Executors.newSingleThreadExecutor();
        Future<?> flood = flooder.submit(() -> callFlood(calls));
        long[] underFlood;
        try {
            underFlood = heartbeats(CALLS_PER_VICTIM);
        } finally {
            attacking.set(false);
            flooder.shutdown();
            assertThat(flooder.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        flood.get();
        report("CALL flood (" + calls.get() + " CALLs)", baseline, underFlood);
        assertThat(calls.get()).as("the flood ran").isPositive();
        assertThat(p(underFlood, 99)).isLessThan(boundFor(baseline));
    }

    /**
     * The p99 a victim may see under a flood, in nanoseconds. Measured on the 2-core machine while other builds ran
     * on it (several runs): baseline p50 0.3-3.8 ms, p99 4-52 ms; under the CALL flood (0.3 to 1.8 million CALLs in
     * the time the victims made 900 calls) p50 0.4-1.6 ms, p99 4-887 ms, worst 1.7-4.7 s; under the connect/close
     * flood from one thread (about 9,400 connections) p50 0.4 ms, p99 131 ms, worst 181 ms, and from two threads
     * (140,000 connections) p99 854 ms, worst 1.3 s. Most of that is the parties sharing two loaded cores rather
     * than the flood itself, hence a bound of 3 s on p99: generous against noise, still well below the 10 s after
     * which a victim's call counts as failed. Those CALL-flood figures predate the Netty server's fair reads (one read
     * of at most 16 KiB per connection per loop turn); with them, on the idle machine: baseline p99 7.6-7.8 ms, under
     * the CALL flood p99 54-57 ms and worst 122-172 ms (was p99 199-222 ms, worst 640-713 ms in the same
     * conditions), under the connect/close flood p99 23-26 ms, worst 28-33 ms.
     */
    private static long boundFor(long[] baseline) {
        return Math.max(20 * p(baseline, 99), TimeUnit.SECONDS.toNanos(3));
    }

    /** Every victim does {@code n} Heartbeats in a row, all victims at once; every call must succeed. */
    private long[] heartbeats(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(victims.size());
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (OcppSession victim : victims) {
                results.add(pool.submit(() -> {
                    List<Long> took = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        long t = System.nanoTime();
                        assertThat(victim.call("Heartbeat", JsonNodeFactory.instance.objectNode())
                                .get(10, TimeUnit.SECONDS).has("currentTime")).isTrue();
                        took.add(System.nanoTime() - t);
                    }
                    return took;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> r : results) {
                all.addAll(r.get());
            }
            Collections.sort(all);
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One station on 127.0.0.2 sends Heartbeat CALLs without waiting for the answers, as fast as it can. */
    private Void callFlood(AtomicLong calls) throws IOException {
        byte[][] frames = new byte[1000][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = HostilePeer.text("[2,\"f" + i + "\",\"Heartbeat\",{}]");
        }
        try (HostilePeer peer = HostilePeer.open(HostilePeer.ATTACKER, server, ExampleCsms.PATH + "/FLOODER",
                "ocpp1.6")) {
            for (int i = 0; attacking.get() && !peer.ended(); i++) {
                peer.write(frames[i % frames.length]);
                calls.incrementAndGet();
                if (i % 100 == 99) {
                    peer.flush();
                }
            }
        } catch (IOException closedByTheCsms) {
            // The CSMS may end a station that breaks the one-outstanding-CALL rule this hard.
        }
        return null;
    }

    private static long p(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void report(String what, long[] baseline, long[] underFlood) {
        System.out.printf("%s: baseline p50 %.2f ms p99 %.2f ms; under flood p50 %.2f ms p99 %.2f ms max %.2f ms"
                        + "; bound %.0f ms%n", what, p(baseline, 50) / 1e6, p(baseline, 99) / 1e6,
                p(underFlood, 50) / 1e6, p(underFlood, 99) / 1e6, underFlood[underFlood.length - 1] / 1e6,
                boundFor(baseline) / 1e6);
    }

    /** {@code ocpp csms --host 127.0.0.1 --port 0} in this JVM; its lines go nowhere. */
    private static ExampleCsms startCliCsms() {
        Writer nowhere = Writer.nullWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(nowhere, true));
        cli.setErr(new PrintWriter(nowhere, true));
        CommandLine.ParseResult parsed = cli.parseArgs("csms", "--host", "127.0.0.1", "--port", "0");
        return ((CsmsCommand) parsed.subcommand().commandSpec().userObject()).start();
    }
}
