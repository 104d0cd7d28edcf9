package dev.ocpp.core.engine;

import static dev.ocpp.core.engine.EngineHarness.idOf;
import static dev.ocpp.core.engine.EngineHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallQueueFullException;
import dev.ocpp.core.CallTimeoutException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppProtocolException;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.Violation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Outgoing calls: matching, the one-outstanding rule, queueing, timeouts, unknown ids, connection loss. */
class CorrelationTest {

    private final EngineHarness h = new EngineHarness(OcppVersion.OCPP201,
            Handlers.builder(ActionCatalog.none()).on("Heartbeat", c -> obj("{\"currentTime\":\"t\"}")).build());

    private static Throwable causeOf(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void callIsSentAsCallFrameAndCompletesWithMatchingCallResult() {
        CompletableFuture<ObjectNode> f = h.session.call("Reset", obj("{\"type\":\"Immediate\"}"));
        JsonNode call = h.takeOnlySent();
        assertThat(call.get(0).asInt()).isEqualTo(2);
        assertThat(idOf(call)).hasSizeLessThanOrEqualTo(36);
        assertThat(call.get(2).asText()).isEqualTo("Reset");
        assertThat(call.get(3)).isEqualTo(obj("{\"type\":\"Immediate\"}"));

        h.receive("[3,\"" + idOf(call) + "\",{\"status\":\"Accepted\"}]");
        assertThat(f).isNotDone(); // completion is handed to the executor, never done on the I/O thread
        h.runTasks();
        assertThat(f).isCompletedWithValue(obj("{\"status\":\"Accepted\"}"));
        assertThat(h.events.ended).hasSize(1);
    }

    @Test
    void callErrorCompletesFutureWithTypedExceptionWhateverTheSpelling() {
        CompletableFuture<ObjectNode> f = h.session.call("Reset", obj("{}"));
        String id = idOf(h.takeOnlySent());
        h.receive("[4,\"" + id + "\",\"OccurenceConstraintViolation\",\"missing type\",{\"field\":\"type\"}]");
        h.runTasks();
        Throwable cause = causeOf(f);
        assertThat(cause).isInstanceOf(CallErrorException.class);
        CallErrorException e = (CallErrorException) cause;
        assertThat(e.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
        assertThat(e.wireCode()).isEqualTo("OccurenceConstraintViolation");
        assertThat(e.description()).isEqualTo("missing type");
        assertThat(e.details().get("field").asText()).isEqualTo("type");
    }

    @Test
    void unknownErrorCodeFromPeerReadsAsGenericErrorButKeepsItsWireText() {
        CompletableFuture<ObjectNode> f = h.session.call("Reset", obj("{}"));
        h.receive("[4,\"" + idOf(h.takeOnlySent()) + "\",\"VendorSpecificOops\",\"\",{}]");
        h.runTasks();
        CallErrorException e = (CallErrorException) causeOf(f);
        assertThat(e.code()).isEqualTo(ErrorCode.GENERIC_ERROR);
        assertThat(e.wireCode()).isEqualTo("VendorSpecificOops");
    }

    @Test
    void onlyOneCallIsOutstandingAndTheRestGoOutInFifoOrder() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        CompletableFuture<ObjectNode> c = h.session.call("C", obj("{}"));
        JsonNode first = h.takeOnlySent();
        assertThat(first.get(2).asText()).isEqualTo("A");
        assertThat(h.takeSent()).isEmpty();

        h.receive("[3,\"" + idOf(first) + "\",{}]");
        JsonNode second = h.takeOnlySent();
        assertThat(second.get(2).asText()).isEqualTo("B");

        h.receive("[4,\"" + idOf(second) + "\",\"GenericError\",\"\",{}]");
        JsonNode third = h.takeOnlySent();
        assertThat(third.get(2).asText()).isEqualTo("C");
        h.receive("[3,\"" + idOf(third) + "\",{}]");
        h.runTasks();
        assertThat(a).isCompleted();
        assertThat(causeOf(b)).isInstanceOf(CallErrorException.class);
        assertThat(c).isCompleted();
        assertThat(h.takeSent()).isEmpty();
    }

    @Test
    void timeoutFailsTheCallAndReleasesTheNextQueuedOne() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        h.takeOnlySent();
        h.advance(Duration.ofSeconds(29));
        assertThat(a).isNotDone();
        assertThat(h.takeSent()).isEmpty();
        h.advance(Duration.ofSeconds(1));
        assertThat(causeOf(a)).isInstanceOf(CallTimeoutException.class).hasMessageContaining("A");
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("B");
        assertThat(b).isNotDone();
    }

    @Test
    void perCallTimeoutOverridesTheSessionDefault() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"), Duration.ofSeconds(2));
        h.takeOnlySent();
        h.advance(Duration.ofSeconds(2));
        assertThat(causeOf(a)).isInstanceOf(CallTimeoutException.class);
    }

    @Test
    void perSessionTimeoutIsConfigurable() {
        EngineHarness quick = new EngineHarness(OcppVersion.OCPP16, Handlers.none(ActionCatalog.none()),
                b -> b.callTimeout(Duration.ofMillis(500)));
        CompletableFuture<ObjectNode> a = quick.session.call("A", obj("{}"));
        quick.advance(Duration.ofMillis(499));
        assertThat(a).isNotDone();
        quick.advance(Duration.ofMillis(1));
        assertThat(causeOf(a)).isInstanceOf(CallTimeoutException.class);
    }

    @Test
    void answerArrivingAfterTimeoutIsDroppedAndReportedNotAnswered() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        String id = idOf(h.takeOnlySent());
        h.advance(Duration.ofSeconds(30));
        h.receive("[3,\"" + id + "\",{}]");
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(CallTimeoutException.class);
        assertThat(h.takeSent()).isEmpty();
        assertThat(h.events.unmatched).hasSize(1);
    }

    @Test
    void answeredCallCancelsItsTimer() {
        h.session.call("A", obj("{}"));
        h.receive("[3,\"" + idOf(h.takeOnlySent()) + "\",{}]");
        assertThat(h.scheduler.pending()).isZero();
    }

    @Test
    void fullQueueFailsTheCallAtOnceWithTypedException() {
        EngineHarness small = new EngineHarness(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none()),
                b -> b.maxQueuedCalls(2));
        small.session.call("A", obj("{}"));
        small.session.call("B", obj("{}"));
        small.session.call("C", obj("{}"));
        CompletableFuture<ObjectNode> d = small.session.call("D", obj("{}"));
        small.runTasks();
        assertThat(causeOf(d)).isInstanceOf(CallQueueFullException.class);
        assertThat(small.takeSent()).hasSize(1);
    }

    @Test
    void crossingCallsAreBothServed() {
        CompletableFuture<ObjectNode> ours = h.session.call("Reset", obj("{}"));
        String ourId = idOf(h.takeOnlySent());
        // The peer's CALL crosses ours: it is handled while ours is still outstanding.
        h.receive("[2,\"peer-1\",\"Heartbeat\",{}]");
        h.runTasks();
        JsonNode answer = h.takeOnlySent();
        assertThat(answer.get(0).asInt()).isEqualTo(3);
        assertThat(idOf(answer)).isEqualTo("peer-1");
        h.receive("[3,\"" + ourId + "\",{}]");
        h.runTasks();
        assertThat(ours).isCompleted();
    }

    @Test
    void responseWithUnknownIdIsDroppedUnansweredAndReported() {
        h.receive("[3,\"nobody-asked\",{}]");
        h.receive("[4,\"nobody-asked-either\",\"GenericError\",\"\",{}]");
        h.runTasks();
        assertThat(h.takeSent()).isEmpty();
        assertThat(h.events.unmatched).extracting(Frame::messageId)
                .containsExactly("nobody-asked", "nobody-asked-either");
    }

    @Test
    void responseForAQueuedCallsIdDoesNotCompleteIt() {
        h.session.call("A", obj("{}"));
        h.session.call("B", obj("{}"));
        List<Frame.Call> started = h.events.started;
        String queuedId = started.get(1).messageId();
        h.receive("[3,\"" + queuedId + "\",{}]");
        h.runTasks();
        assertThat(h.events.unmatched).hasSize(1);
    }

    @Test
    void connectionLossFailsOutstandingAndQueuedCallsAtOnce() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        h.link.onClosed(h.connection, 1006, "gone");
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(ConnectionClosedException.class);
        assertThat(causeOf(b)).isInstanceOf(ConnectionClosedException.class);
        assertThat(h.session.closeFuture()).isCompleted();
        assertThat(h.events.closed).isEqualTo(1);
    }

    @Test
    void aCallOnAConnectionTheTransportClosedButHasNotYetReportedIsNotSentAndFailsAsNotConnected() {
        // The transport has closed the connection (isOpen() is false) but its onClosed is still on the way: a CALL
        // made now must not be written to it, and fails as never sent once the close arrives.
        h.connection.open = false;
        CompletableFuture<ObjectNode> f = h.session.call("A", obj("{}"));
        h.runTasks();
        assertThat(f).isNotDone();
        assertThat(h.takeSent()).isEmpty();

        h.link.onClosed(h.connection, 1006, "gone");
        h.runTasks();
        assertThat(causeOf(f)).isInstanceOf(dev.ocpp.core.NotConnectedException.class)
                .hasMessageContaining("was not sent");
    }

    @Test
    void aQueuedCallIsNotMovedOntoAConnectionTheTransportHasClosed() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        String first = idOf(h.takeOnlySent());
        // A's answer was read just before the connection closed, and is delivered after it did.
        h.connection.open = false;
        h.receive("[3,\"" + first + "\",{}]");
        h.runTasks();
        assertThat(a).isCompleted();
        h.link.onClosed(h.connection, 1006, "gone");
        h.runTasks();
        assertThat(causeOf(b)).isInstanceOf(dev.ocpp.core.NotConnectedException.class);
        assertThat(h.takeSent()).isEmpty();
    }

    @Test
    void transportFailureAlsoFailsEverythingPending() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        h.link.onFailure(h.connection, new java.io.IOException("reset by peer"));
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(ConnectionClosedException.class).hasCauseInstanceOf(
                java.io.IOException.class);
    }

    @Test
    void callOnClosedSessionFailsWithConnectionClosed() {
        h.link.onClosed(h.connection, 1000, "");
        CompletableFuture<ObjectNode> f = h.session.call("A", obj("{}"));
        h.runTasks();
        assertThat(causeOf(f)).isInstanceOf(ConnectionClosedException.class);
        assertThat(h.takeSent()).isEmpty();
    }

    @Test
    void failedWriteFailsTheCallAndMovesTheQueueOn() {
        h.connection.failSends = true;
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        h.connection.failSends = false;
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(ConnectionClosedException.class);
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("B");
        assertThat(b).isNotDone();
    }

    @Test
    void cancelledQueuedCallIsNeverSent() {
        h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        h.session.call("C", obj("{}"));
        String first = idOf(h.takeOnlySent());
        b.cancel(false);
        h.receive("[3,\"" + first + "\",{}]");
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("C");
    }

    @Test
    void malformedAnswerWithKnownIdFailsTheCallAtOnceInsteadOfTimingOut() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        String id = idOf(h.takeOnlySent());
        h.receive("[3,\"" + id + "\",\"not an object\"]");
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(OcppProtocolException.class);
        assertThat(h.takeSent()).as("a CALLRESULT is never answered with a CALLERROR").isEmpty();
    }

    /*
     * A broken answer that still names the outstanding call's id fails that call at once (OcppProtocolException).
     * It also frees the one-outstanding-CALL slot, so the call queued behind must go out now: if the engine failed
     * the call but forgot to send the next one, every later call on the connection would wait forever (each new one
     * is queued behind a CALL that never leaves). Both the broken-CALLRESULT and broken-CALLERROR paths are checked,
     * as they are told apart in the engine.
     */

    @Test
    void malformedCallResultFailsItsCallAndTheNextQueuedCallGoesOutAndCompletes() {
        assertBrokenAnswerReleasesTheQueue("[3,\"%s\",\"not an object\"]");
    }

    @Test
    void callResultWithTooManyElementsFailsItsCallAndTheNextQueuedCallGoesOut() {
        assertBrokenAnswerReleasesTheQueue("[3,\"%s\",{},{}]");
    }

    @Test
    void malformedCallErrorFailsItsCallAndTheNextQueuedCallGoesOutAndCompletes() {
        // errorDetails must be an object; an array makes the CALLERROR unreadable but its id is still known.
        assertBrokenAnswerReleasesTheQueue("[4,\"%s\",\"GenericError\",\"\",[]]");
    }

    @Test
    void callErrorMissingItsDescriptionFailsItsCallAndTheNextQueuedCallGoesOut() {
        assertBrokenAnswerReleasesTheQueue("[4,\"%s\",\"GenericError\"]");
    }

    private void assertBrokenAnswerReleasesTheQueue(String brokenAnswerTemplate) {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        String idA = idOf(h.takeOnlySent());

        h.receive(String.format(brokenAnswerTemplate, idA));
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(OcppProtocolException.class).hasMessageContaining("Malformed answer to A");

        List<JsonNode> sent = h.takeSent();
        assertThat(sent).as("the queued CALL goes out as soon as the broken answer is read").hasSize(1);
        JsonNode callB = sent.get(0);
        assertThat(callB.get(0).asInt()).isEqualTo(2);
        assertThat(callB.get(2).asText()).isEqualTo("B");

        h.receive("[3,\"" + idOf(callB) + "\",{\"ok\":true}]");
        h.runTasks();
        assertThat(b).isCompletedWithValue(obj("{\"ok\":true}"));
        // Nothing is left armed: B's timer was cancelled by its answer, A's by its failure.
        assertThat(h.scheduler.pending()).isZero();
    }

    /*
     * One level up: the CALLRESULT is well-formed, but the typed layer cannot bind it to the response class. That
     * call fails with PayloadValidationException; the queue is the engine's business and must move on regardless.
     * (The response classes are JDK types: the tests run on the module path, where Jackson cannot reach a class
     * declared here. A CALLRESULT payload is always an object, which no Integer can be read from.)
     */
    @Test
    void typedCallWhoseResultCannotBeBoundFailsAndTheNextQueuedTypedCallStillGoesOut() {
        TypedEngine typed = new TypedEngine(Violation.Kind::errorCode, OcppJson.mapper());
        CompletableFuture<Integer> a = typed.call(h.session, "A", obj("{}"), Integer.class, null);
        CompletableFuture<ObjectNode> b = typed.call(h.session, "B", obj("{}"), ObjectNode.class, null);
        String idA = idOf(h.takeOnlySent());

        h.receive("[3,\"" + idA + "\",{\"count\":\"many\"}]");
        h.runTasks();
        assertThat(causeOf(a)).isInstanceOf(PayloadValidationException.class);
        JsonNode callB = h.takeOnlySent();
        assertThat(callB.get(2).asText()).isEqualTo("B");
        h.receive("[3,\"" + idOf(callB) + "\",{\"count\":2}]");
        h.runTasks();
        assertThat(b).isCompletedWithValue(obj("{\"count\":2}"));
    }

    @Test
    void onOcpp21AMalformedCallResultIsAnsweredFirstAndThenTheQueuedCallGoesOut() {
        EngineHarness v21 = new EngineHarness(OcppVersion.OCPP21, Handlers.none(ActionCatalog.none()));
        CompletableFuture<ObjectNode> a = v21.session.call("A", obj("{}"));
        v21.session.call("B", obj("{}"));
        String id = idOf(v21.takeOnlySent());
        v21.receive("[3,\"" + id + "\",[]]");
        v21.runTasks();
        assertThat(causeOf(a)).isInstanceOf(OcppProtocolException.class);
        List<JsonNode> sent = v21.takeSent();
        assertThat(sent).extracting(f -> f.get(0).asInt()).as("CALLRESULTERROR, then the next CALL")
                .containsExactly(5, 2);
        assertThat(sent.get(1).get(2).asText()).isEqualTo("B");
    }

    /*
     * The timer race. transmit() writes the CALL and only then arms its timeout, so a fast peer's answer can be
     * read (on the transport's I/O thread) before the timer exists. Settling then finds no timer to cancel, and
     * armTimer must cancel the timer it is handed itself; otherwise a timeout stays scheduled for a call that is
     * long over: a leak per fast answer on a busy connection (the default scheduler holds each task for the whole
     * call timeout). The fake connection delivers the answer from inside sendText, which is exactly that
     * ordering, with no threads or timing involved.
     */

    @Test
    void answerArrivingBeforeTheTimeoutIsArmedLeavesNoTimerBehind() {
        h.connection.afterSend = text -> {
            JsonNode frame = readFrame(text);
            if (frame.get(0).asInt() == 2) {
                h.receive("[3,\"" + idOf(frame) + "\",{}]");
            }
        };
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        h.runTasks();
        assertThat(a).isCompletedWithValue(obj("{}"));
        assertThat(h.scheduler.pending()).as("timeouts still armed after the answer").isZero();

        h.advance(Duration.ofSeconds(31));
        assertThat(h.events.failures).isEmpty();
    }

    @Test
    void queuedCallAnsweredBeforeItsTimeoutIsArmedLeavesNoTimerAndTheNextCallKeepsItsOwn() {
        CompletableFuture<ObjectNode> a = h.session.call("A", obj("{}"));
        CompletableFuture<ObjectNode> b = h.session.call("B", obj("{}"));
        CompletableFuture<ObjectNode> c = h.session.call("C", obj("{}"));
        String idA = idOf(h.takeOnlySent());
        // From now on, B is answered the moment it is written: while the engine is still inside transmit(B).
        h.connection.afterSend = text -> {
            JsonNode frame = readFrame(text);
            if (frame.get(0).asInt() == 2 && frame.get(2).asText().equals("B")) {
                h.receive("[3,\"" + idOf(frame) + "\",{\"b\":1}]");
            }
        };
        h.receive("[3,\"" + idA + "\",{}]");
        h.runTasks();
        assertThat(a).isCompleted();
        assertThat(b).isCompletedWithValue(obj("{\"b\":1}"));
        List<JsonNode> sent = h.takeSent();
        assertThat(sent).extracting(f -> f.get(2).asText()).containsExactly("B", "C");
        assertThat(h.scheduler.pending()).as("only C's timeout is armed").isEqualTo(1);

        // C still times out on its own schedule, and nothing else fires.
        h.advance(Duration.ofSeconds(29));
        assertThat(c).isNotDone();
        h.advance(Duration.ofSeconds(1));
        assertThat(causeOf(c)).isInstanceOf(CallTimeoutException.class).hasMessageContaining("C");
        assertThat(h.events.failures).hasSize(1);
        assertThat(h.scheduler.pending()).isZero();
    }

    private static JsonNode readFrame(String text) {
        try {
            return EngineHarness.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onOcpp21AMalformedCallResultIsAnsweredWithCallResultError() {
        EngineHarness v21 = new EngineHarness(OcppVersion.OCPP21, Handlers.none(ActionCatalog.none()));
        v21.session.call("A", obj("{}"));
        String id = idOf(v21.takeOnlySent());
        v21.receive("[3,\"" + id + "\",[]]");
        JsonNode reply = v21.takeOnlySent();
        assertThat(reply.get(0).asInt()).isEqualTo(5);
        assertThat(idOf(reply)).isEqualTo(id);
        assertThat(reply.get(2).asText()).isEqualTo("FormatViolation");
    }

    @Test
    void messageIdsAreUniqueAndComeFromThePluggableGenerator() {
        AtomicInteger n = new AtomicInteger();
        EngineHarness custom = new EngineHarness(OcppVersion.OCPP16, Handlers.none(ActionCatalog.none()),
                b -> b.idGenerator(() -> "id-" + n.incrementAndGet()));
        custom.session.call("A", obj("{}"));
        assertThat(idOf(custom.takeOnlySent())).isEqualTo("id-1");
    }

    @Test
    void sendIsOnlyForOcpp21AndIsNeverQueuedBehindCalls() {
        assertThatThrownBy(() -> h.session.send("NotifyPeriodicEventStream", obj("{}")))
                .isInstanceOf(UnsupportedOperationException.class);
        EngineHarness v21 = new EngineHarness(OcppVersion.OCPP21, Handlers.none(ActionCatalog.none()));
        v21.session.call("A", obj("{}"));
        v21.takeOnlySent();
        v21.session.send("NotifyPeriodicEventStream", obj("{}"));
        JsonNode send = v21.takeOnlySent();
        assertThat(send.get(0).asInt()).isEqualTo(6);
    }
}
