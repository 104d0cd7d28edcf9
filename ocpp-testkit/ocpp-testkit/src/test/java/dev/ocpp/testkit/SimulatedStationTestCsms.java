package dev.ocpp.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.internal.VersionKit;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The CSMS the simulated-station tests run against: the library's {@link OcppServer} with the version's schema
 * validation, answering every station-initiated action of one version plausibly (overridable per action), and
 * recording every CALL it received, in order.
 */
final class SimulatedStationTestCsms implements AutoCloseable {

    /** One CALL the CSMS received. */
    record Received(String identity, String action, ObjectNode payload) {
    }

    private final OcppVersion version;
    private final OcppServer server;
    private final Map<String, Function<ObjectNode, ObjectNode>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger transactionIds = new AtomicInteger(4100);
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final List<Received> received = new ArrayList<>();

    SimulatedStationTestCsms(OcppVersion version, TransportServerFactory transport) {
        this.version = version;
        VersionKit kit = VersionKit.of(version);
        Handlers.Builder h = Handlers.builder(kit.catalog()).intercept(kit.validation(ValidationOptions.defaults()));
        for (VersionKit.ActionInfo a : kit.actions()) {
            if (a.sentBy(Role.STATION)) {
                h.on(a.name(), this::handle);
            }
        }
        this.server = OcppServer.builder(transport).host("127.0.0.1").port(0).path("/ocpp")
                .serve(version, h.build()).build().start();
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ocpp");
    }

    OcppServer server() {
        return server;
    }

    /** Answers {@code action} with what {@code answer} makes of the request from now on. */
    void answer(String action, Function<ObjectNode, ObjectNode> answer) {
        answers.put(action, answer);
    }

    private ObjectNode handle(IncomingCall call) {
        synchronized (lock) {
            received.add(new Received(call.session().identity(), call.action(), call.payload().deepCopy()));
            lock.notifyAll();
        }
        Function<ObjectNode, ObjectNode> custom = answers.get(call.action());
        return custom != null ? custom.apply(call.payload()) : defaultAnswer(call.action());
    }

    ObjectNode defaultAnswer(String action) {
        ObjectNode out = OcppJson.mapper().createObjectNode();
        String now = OcppJson.format(OffsetDateTime.now());
        switch (action) {
            case "BootNotification" -> out.put("status", "Accepted").put("currentTime", now).put("interval", 60);
            case "Heartbeat" -> out.put("currentTime", now);
            case "Authorize" -> out.putObject(version == OcppVersion.OCPP16 ? "idTagInfo" : "idTokenInfo")
                    .put("status", "Accepted");
            case "StartTransaction" -> {
                out.putObject("idTagInfo").put("status", "Accepted");
                out.put("transactionId", transactionIds.incrementAndGet());
            }
            case "DataTransfer" -> out.put("status", "Accepted");
            default -> {
                // StatusNotification, MeterValues, StopTransaction, TransactionEvent: an empty answer is valid.
            }
        }
        return out;
    }

    /** The CALLs received from {@code identity}, in order. */
    List<Received> received(String identity) {
        synchronized (lock) {
            return received.stream().filter(r -> r.identity().equals(identity)).toList();
        }
    }

    /** The actions of the CALLs received from {@code identity}, in order. */
    List<String> actions(String identity) {
        return received(identity).stream().map(Received::action).toList();
    }

    /** The CALLs of {@code action} received from {@code identity}, in order. */
    List<ObjectNode> payloads(String identity, String action) {
        return received(identity).stream().filter(r -> r.action().equals(action)).map(Received::payload).toList();
    }

    /** Waits until the CALLs received satisfy {@code condition}; fails the test after {@code timeout}. */
    void await(Predicate<List<Received>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.test(List.copyOf(received))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the CSMS did not receive what was awaited within " + timeout
                            + "; it received " + received);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    /** Waits until {@code identity} has sent {@code count} CALLs of {@code action}. */
    void awaitCount(String identity, String action, int count) throws InterruptedException {
        await(all -> all.stream().filter(r -> r.identity().equals(identity) && r.action().equals(action)).count()
                >= count, Duration.ofSeconds(10));
    }

    /** Sends a CALL to the station {@code identity}. */
    CompletableFuture<ObjectNode> call(String identity, String action, ObjectNode payload) {
        return server.call(identity, action, payload);
    }

    @Override
    public void close() {
        server.close();
    }

    /** The keys of the messages {@code station}'s delivery queue takes from now on, in order (live list). */
    static List<String> queuedKeys(SimulatedStation station) {
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        station.delivery().onDelivery(new dev.ocpp.core.delivery.DeliveryListener() {
            @Override
            public void queued(dev.ocpp.core.delivery.StoredMessage message, int depth) {
                keys.add(message.key());
            }
        });
        return keys;
    }

    /** Waits until {@code condition} holds, polling; fails after 10 s. For state the CSMS cannot be told about. */
    static void eventually(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) OcppJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
