package dev.ocpp.core.engine;

import static dev.ocpp.core.engine.EngineHarness.idOf;
import static dev.ocpp.core.engine.EngineHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Incoming CALLs: handler lookup, outcomes, error mapping per version, ordering and limits. */
class DispatchTest {

    private static final ActionCatalog CATALOG = ActionCatalog.of(Set.of("Heartbeat", "Reset", "DataTransfer",
            "Authorize"));

    private final CompletableFuture<ObjectNode> slow = new CompletableFuture<>();
    private final CompletableFuture<ObjectNode> fast = new CompletableFuture<>();

    private Handlers handlers() {
        return Handlers.builder(CATALOG)
                .on("Heartbeat", c -> obj("{\"currentTime\":\"2026-01-01T00:00:00Z\"}"))
                .on("Reset", c -> {
                    throw new CallErrorException(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION, "type is required",
                            obj("{\"field\":\"type\"}"));
                })
                .on("DataTransfer", c -> {
                    throw new IllegalStateException("secret internals at com.example.Foo");
                })
                .onAsync("Slow", c -> slow)
                .onAsync("Fast", c -> fast)
                .on("Null", c -> null)
                .build();
    }

    private EngineHarness v16() {
        return new EngineHarness(OcppVersion.OCPP16, handlers());
    }

    private EngineHarness v201() {
        return new EngineHarness(OcppVersion.OCPP201, handlers());
    }

    @Test
    void handlerResultIsSentAsCallResultWithTheCallsId() {
        EngineHarness h = v201();
        h.receive("[2,\"m1\",\"Heartbeat\",{}]");
        assertThat(h.takeSent()).as("nothing is handled on the I/O thread").isEmpty();
        h.runTasks();
        JsonNode r = h.takeOnlySent();
        assertThat(r.toString()).isEqualTo("[3,\"m1\",{\"currentTime\":\"2026-01-01T00:00:00Z\"}]");
    }

    @Test
    void inlineHandlersAnswerOnTheTransportThreadWithoutTheExecutor() {
        EngineHarness h = new EngineHarness(OcppVersion.OCPP201, handlers(), b -> b.inlineHandlers(true));
        h.receive("[2,\"m1\",\"Heartbeat\",{}]");
        // Answered within receive(), on the thread that played the transport; no task was queued.
        JsonNode r = h.takeOnlySent();
        assertThat(r.toString()).isEqualTo("[3,\"m1\",{\"currentTime\":\"2026-01-01T00:00:00Z\"}]");
    }

    @Test
    void unknownActionIsAnsweredNotImplemented() {
        EngineHarness h = v201();
        h.receive("[2,\"m1\",\"NoSuchAction\",{}]");
        h.runTasks();
        JsonNode r = h.takeOnlySent();
        assertThat(r.get(0).asInt()).isEqualTo(4);
        assertThat(r.get(2).asText()).isEqualTo("NotImplemented");
        assertThat(r.get(4)).isEqualTo(obj("{}"));
    }

    @Test
    void knownActionWithoutHandlerIsAnsweredNotSupported() {
        EngineHarness h = v16();
        h.receive("[2,\"m1\",\"Authorize\",{}]");
        h.runTasks();
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("NotSupported");
    }

    @Test
    void actionNamesAreCaseSensitive() {
        EngineHarness h = v201();
        h.receive("[2,\"m1\",\"heartbeat\",{}]");
        h.runTasks();
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("NotImplemented");
    }

    @Test
    void handlerThrowingCallErrorSendsItsOwnCodeDescriptionAndDetailsSpelledForTheVersion() {
        EngineHarness h16 = v16();
        h16.receive("[2,\"m1\",\"Reset\",{}]");
        h16.runTasks();
        assertThat(h16.takeOnlySent().toString()).isEqualTo(
                "[4,\"m1\",\"OccurenceConstraintViolation\",\"type is required\",{\"field\":\"type\"}]");

        EngineHarness h201 = v201();
        h201.receive("[2,\"m1\",\"Reset\",{}]");
        h201.runTasks();
        assertThat(h201.takeOnlySent().get(2).asText()).isEqualTo("OccurrenceConstraintViolation");
    }

    @Test
    void anyOtherHandlerExceptionBecomesInternalErrorWithoutLeakingItsText() {
        EngineHarness h = v201();
        h.receive("[2,\"m1\",\"DataTransfer\",{}]");
        h.runTasks();
        JsonNode r = h.takeOnlySent();
        assertThat(r.get(2).asText()).isEqualTo("InternalError");
        assertThat(r.toString()).doesNotContain("secret").doesNotContain("IllegalState").doesNotContain("com.");
    }

    @Test
    void handlerReturningNullIsAnInternalError() {
        EngineHarness h = v201();
        h.receive("[2,\"m1\",\"Null\",{}]");
        h.runTasks();
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("InternalError");
    }

    @Test
    void asyncHandlerFailingWithCallErrorSendsThatError() {
        EngineHarness h = v201();
        h.receive("[2,\"m1\",\"Slow\",{}]");
        h.runTasks();
        slow.completeExceptionally(new CallErrorException(ErrorCode.SECURITY_ERROR, "not accepted yet"));
        assertThat(h.takeOnlySent().toString()).isEqualTo("[4,\"m1\",\"SecurityError\",\"not accepted yet\",{}]");
    }

    @Test
    void answersGoBackInTheOrderHandlersFinish() {
        EngineHarness h = v201();
        h.receive("[2,\"first\",\"Slow\",{}]");
        h.receive("[2,\"second\",\"Fast\",{}]");
        h.runTasks();
        assertThat(h.takeSent()).isEmpty();
        fast.complete(obj("{\"n\":2}"));
        slow.complete(obj("{\"n\":1}"));
        List<JsonNode> sent = h.takeSent();
        assertThat(sent).extracting(EngineHarness::idOf).containsExactly("second", "first");
    }

    @Test
    void callWhoseIdIsStillBeingHandledGetsACallError() {
        EngineHarness h = v201();
        h.receive("[2,\"dup\",\"Slow\",{}]");
        h.runTasks();
        h.receive("[2,\"dup\",\"Slow\",{}]");
        h.runTasks();
        JsonNode r = h.takeOnlySent();
        assertThat(idOf(r)).isEqualTo("dup");
        assertThat(r.get(2).asText()).isEqualTo("RpcFrameworkError");
        slow.complete(obj("{}"));
        assertThat(h.takeOnlySent().get(0).asInt()).isEqualTo(3);
        // Once answered, the id may be used again (retries may reuse ids: 2.0.1 errata §4.6).
        h.receive("[2,\"dup\",\"Heartbeat\",{}]");
        h.runTasks();
        assertThat(h.takeOnlySent().get(0).asInt()).isEqualTo(3);
    }

    @Test
    void duplicateIdOnOcpp16IsAnsweredWithGenericError() {
        EngineHarness h = v16();
        h.receive("[2,\"dup\",\"Slow\",{}]");
        h.runTasks();
        h.receive("[2,\"dup\",\"Slow\",{}]");
        assertThat(h.takeOnlySent().get(2).asText()).isEqualTo("GenericError");
    }

    @Test
    void tooManyIncomingCallsInProgressAreRefusedAndTheConnectionKeepsWorking() {
        EngineHarness h = new EngineHarness(OcppVersion.OCPP201, handlers(), b -> b.maxIncomingCallsInProgress(1));
        h.receive("[2,\"a\",\"Slow\",{}]");
        h.receive("[2,\"b\",\"Fast\",{}]");
        h.runTasks();
        JsonNode refused = h.takeOnlySent();
        assertThat(idOf(refused)).isEqualTo("b");
        assertThat(refused.get(2).asText()).isEqualTo("RpcFrameworkError");
        slow.complete(obj("{}"));
        h.takeSent();
        h.receive("[2,\"c\",\"Heartbeat\",{}]");
        h.runTasks();
        assertThat(h.takeOnlySent().get(0).asInt()).isEqualTo(3);
    }

    @Test
    void longErrorDescriptionIsCutTo255CharactersOnOcpp201ButNotOn16() {
        String longText = "x".repeat(400);
        Handlers hs = Handlers.builder(CATALOG).on("Reset", c -> {
            throw new CallErrorException(ErrorCode.GENERIC_ERROR, longText);
        }).build();
        EngineHarness h201 = new EngineHarness(OcppVersion.OCPP201, hs);
        h201.receive("[2,\"m\",\"Reset\",{}]");
        h201.runTasks();
        assertThat(h201.takeOnlySent().get(3).asText()).hasSize(255);
        EngineHarness h16 = new EngineHarness(OcppVersion.OCPP16, hs);
        h16.receive("[2,\"m\",\"Reset\",{}]");
        h16.runTasks();
        assertThat(h16.takeOnlySent().get(3).asText()).hasSize(400);
    }

    @Test
    void malformedFramesAreAnsweredAndTheSessionKeepsWorking() {
        EngineHarness h = v201();
        h.receive("this is not json");
        h.receive("[2,\"m1\",\"Heartbeat\",\"payload\"]");
        h.receive("[9,\"m2\"]");
        List<JsonNode> answers = h.takeSent();
        assertThat(answers).extracting(n -> n.get(2).asText())
                .containsExactly("RpcFrameworkError", "FormatViolation", "MessageTypeNotSupported");
        assertThat(answers).extracting(EngineHarness::idOf).containsExactly("-1", "m1", "m2");
        assertThat(h.events.malformed).hasSize(3);
        h.receive("[2,\"m3\",\"Heartbeat\",{}]");
        h.runTasks();
        assertThat(h.takeOnlySent().get(0).asInt()).isEqualTo(3);
    }

    @Test
    void sendFrameRunsItsHandlerAndIsNeverAnswered() {
        AtomicInteger seen = new AtomicInteger();
        Handlers hs = Handlers.builder(ActionCatalog.none()).on("NotifyPeriodicEventStream", c -> {
            seen.incrementAndGet();
            return obj("{}");
        }).build();
        EngineHarness h = new EngineHarness(OcppVersion.OCPP21, hs);
        h.receive("[6,\"s1\",\"NotifyPeriodicEventStream\",{}]");
        h.receive("[6,\"s2\",\"Unknown\",{}]");
        h.runTasks();
        assertThat(seen).hasValue(1);
        assertThat(h.takeSent()).isEmpty();
    }
}
