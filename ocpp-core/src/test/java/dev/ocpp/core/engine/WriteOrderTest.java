package dev.ocpp.core.engine;

import static dev.ocpp.core.engine.EngineHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Frames reach the transport in the order the frame listener hears of them, even when whoever hears of one writes
 * the next from another thread at once: a mock CSMS that sees its BootNotification answer in its journal and then
 * sends TriggerMessage must not have the TriggerMessage overtake the answer on the wire; nor may a close of the
 * session, made as soon as the answer was heard of, keep the answer from the wire.
 */
class WriteOrderTest {

    private final AtomicReference<Thread> caller = new AtomicReference<>();
    private final AtomicReference<EngineHarness> harness = new AtomicReference<>();

    /** On hearing of the CALLRESULT, calls from another thread, and returns once that call is written or waiting. */
    private final FrameListener callAtOnce = (session, direction, text) -> {
        if (direction != FrameListener.Direction.OUT || !text.startsWith("[3,")) {
            return;
        }
        Thread t = new Thread(() -> harness.get().session.call("TriggerMessage",
                obj("{\"requestedMessage\":\"Heartbeat\"}")), "write-order-caller");
        caller.set(t);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // Either the CALL went out already (the old way) or its writer waits for this frame's write to end.
        while (harness.get().connection.sent.isEmpty() && t.getState() != Thread.State.BLOCKED
                && t.getState() != Thread.State.TERMINATED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    };

    @Test
    void aFrameWrittenByWhoeverHeardOfTheLastOneGoesOutAfterIt() throws Exception {
        EngineHarness h = new EngineHarness(OcppVersion.OCPP201,
                Handlers.builder(ActionCatalog.none()).on("BootNotification",
                        c -> obj("{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"t\"}")).build(),
                b -> b.frameListener(callAtOnce));
        harness.set(h);

        h.receive("[2,\"b-1\",\"BootNotification\",{}]");
        h.runTasks();
        caller.get().join(TimeUnit.SECONDS.toMillis(10));

        List<Integer> types = new ArrayList<>();
        h.takeSent().forEach(f -> types.add(f.get(0).asInt()));
        assertThat(types).as("message types in wire order").containsExactly(3, 2);
    }

    /** On hearing of the CALLRESULT, closes the session from another thread, as a mock dropping a station does. */
    private final FrameListener closeAtOnce = (session, direction, text) -> {
        if (direction != FrameListener.Direction.OUT || !text.startsWith("[3,")) {
            return;
        }
        Thread t = new Thread(() -> harness.get().session.close(1001, "going away"), "write-order-closer");
        caller.set(t);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // Either the close went through already (the old way) or it waits for this frame's write to end.
        while (harness.get().connection.open && t.getState() != Thread.State.BLOCKED
                && t.getState() != Thread.State.TERMINATED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    };

    @Test
    void aCloseByWhoeverHeardOfTheLastFrameComesAfterIt() throws Exception {
        EngineHarness h = new EngineHarness(OcppVersion.OCPP201,
                Handlers.builder(ActionCatalog.none()).on("BootNotification",
                        c -> obj("{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"t\"}")).build(),
                b -> b.frameListener(closeAtOnce));
        harness.set(h);

        h.receive("[2,\"b-1\",\"BootNotification\",{}]");
        h.runTasks();
        caller.get().join(TimeUnit.SECONDS.toMillis(10));

        assertThat(h.takeSent()).as("the answer the listener heard of").hasSize(1)
                .allSatisfy(f -> assertThat(f.get(0).asInt()).isEqualTo(3));
        assertThat(h.connection.closeCode).isEqualTo(1001);
    }
}
