package dev.ocpp.core.engine;

import static dev.ocpp.core.engine.EngineHarness.idOf;
import static dev.ocpp.core.engine.EngineHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A peer's CALL read after the answer to one of our calls is handled only once that answer's outcome has been
 * delivered, whatever order the executor runs its tasks in: a station's TriggerMessage handler that follows the
 * BootNotification answer must see the boot taken in (the boot gating, the station runtime and the caller's own
 * stages all take it in as the call's future completes).
 */
class OutcomeOrderTest {

    private final AtomicReference<CompletableFuture<ObjectNode>> boot = new AtomicReference<>();
    private final List<String> seenByHandler = new ArrayList<>();
    private final EngineHarness h = new EngineHarness(OcppVersion.OCPP201,
            Handlers.builder(ActionCatalog.none()).on("TriggerMessage", c -> {
                CompletableFuture<ObjectNode> b = boot.get();
                seenByHandler.add(b != null && b.isDone() ? "boot answered" : "boot not yet answered");
                return obj("{\"status\":\"Accepted\"}");
            }).build());

    @Test
    void aCallReadAfterTheAnswerToOursIsHandledAfterThatAnswerIsDelivered() {
        boot.set(h.session.call("BootNotification", obj("{}")));
        String id = idOf(h.takeOnlySent());
        h.receive("[3,\"" + id + "\",{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"t\"}]");
        h.receive("[2,\"t-1\",\"TriggerMessage\",{\"requestedMessage\":\"Heartbeat\"}]");

        h.executor.runAllNewestFirst();

        assertThat(seenByHandler).containsExactly("boot answered");
        assertThat(h.takeOnlySent().get(0).asInt()).isEqualTo(3);
    }

    @Test
    void anInterceptorTakesInTheAnswerBeforeALaterCallIsHandledEvenWhenTheAnswerComesBeforeTheChainReturned() {
        // As the boot gating does: the interceptor records the answer in a stage on the call's outcome.
        AtomicBoolean recorded = new AtomicBoolean();
        CallInterceptor recorder = new CallInterceptor() {
            @Override
            public CompletableFuture<ObjectNode> outgoing(dev.ocpp.core.OutgoingCall call, Outgoing next) {
                CompletableFuture<ObjectNode> answer = next.proceed(call);
                answer.whenComplete((r, e) -> recorded.set(true));
                return answer;
            }
        };
        List<Boolean> seen = new ArrayList<>();
        EngineHarness fast = new EngineHarness(OcppVersion.OCPP201, Handlers.builder(ActionCatalog.none())
                .intercept(recorder)
                .on("TriggerMessage", c -> {
                    seen.add(recorded.get());
                    return obj("{\"status\":\"Accepted\"}");
                }).build());
        // A peer (and a machine) so fast that the answer, the next CALL and their handling all happen while the
        // CALL is still being handed to the transport: before the interceptor's stage could be attached, unless the
        // CALL is written only after the chain returned.
        fast.connection.afterSend = text -> {
            if (text.contains("BootNotification")) {
                String id = idOf(EngineHarness.obj("{\"x\":" + text + "}").get("x"));
                fast.receive("[3,\"" + id + "\",{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"t\"}]");
                fast.receive("[2,\"t-1\",\"TriggerMessage\",{\"requestedMessage\":\"Heartbeat\"}]");
                fast.executor.runAllNewestFirst();
            }
        };

        fast.session.call("BootNotification", obj("{}"));
        fast.runTasks();

        assertThat(seen).containsExactly(true);
    }

    @Test
    void aCallReadBeforeTheAnswerToOursIsNotHeldBack() {
        boot.set(h.session.call("BootNotification", obj("{}")));
        String id = idOf(h.takeOnlySent());
        h.receive("[2,\"t-1\",\"TriggerMessage\",{\"requestedMessage\":\"Heartbeat\"}]");
        h.executor.runAllNewestFirst();
        assertThat(seenByHandler).containsExactly("boot not yet answered");

        h.receive("[3,\"" + id + "\",{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"t\"}]");
        h.runTasks();
        assertThat(boot.get()).isDone();
    }

    @Test
    void callsHeldBackForAnOutcomeAreAllHandledOnceItIsDelivered() {
        boot.set(h.session.call("BootNotification", obj("{}")));
        String id = idOf(h.takeOnlySent());
        h.receive("[3,\"" + id + "\",{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"t\"}]");
        h.receive("[2,\"t-1\",\"TriggerMessage\",{\"requestedMessage\":\"Heartbeat\"}]");
        h.receive("[2,\"t-2\",\"TriggerMessage\",{\"requestedMessage\":\"StatusNotification\"}]");

        h.executor.runAllNewestFirst();

        assertThat(seenByHandler).containsExactly("boot answered", "boot answered");
        assertThat(h.takeSent()).hasSize(2);
    }
}
