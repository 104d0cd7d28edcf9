package dev.ocpp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.internal.AnswerPlan;
import dev.ocpp.testkit.internal.VersionKit;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What both simulators share: the version they speak, the {@link Journal} of their exchanges, and how they answer
 * the CALLs they receive (queued answers, standing rules, defaults), and taking the CALLs they received, typed.
 * {@link MockCsms} plays the CSMS to test a station; {@link SimulatedStation} plays a station to test a CSMS.
 *
 * <p>Answers are given by request class: {@code enqueue(BootNotificationRequest.class, response)} works with the
 * generated classes of either version ({@code dev.ocpp.v16.messages}, {@code dev.ocpp.v201.messages}); a response of
 * another class than the action's is refused at once. Every answer is checked against the version's schema before
 * it is sent, so a test cannot make a simulator send an invalid answer by mistake (it would go out as CALLERROR
 * InternalError instead).
 *
 * @param <S> the simulator's own type, for chaining
 */
public abstract class Simulator<S extends Simulator<S>> implements AutoCloseable {

    private final VersionKit kit;
    private final Role role;
    private final Clock clock;
    private final Journal journal;
    private final AnswerPlan plan;

    /** For the two simulators of this package. */
    Simulator(OcppVersion version, Role role, Clock clock, int journalCapacity) {
        this.kit = VersionKit.of(version);
        this.role = role;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journal = new Journal(role, clock, journalCapacity);
        this.plan = new AnswerPlan(kit, role, clock);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** The OCPP version this simulator speaks. */
    public OcppVersion version() {
        return kit.version();
    }

    /** The role this simulator plays. */
    public Role role() {
        return role;
    }

    /** The clock that times its journal and its default answers' timestamps. */
    public Clock clock() {
        return clock;
    }

    /** Every exchange of this simulator, both ways. */
    public Journal journal() {
        return journal;
    }

    /** For subclasses: the version's kit. */
    VersionKit kit() {
        return kit;
    }

    /** For subclasses: the answer plan, to build handlers from. */
    AnswerPlan plan() {
        return plan;
    }

    // ------------------------------------------------------------------------------------------------ answers

    /**
     * The next CALL of {@code requestType}'s action is answered with {@code response} (answers queued for one
     * action are used in order, one per CALL; then the standing rule or default applies again).
     */
    public <Q, R> S enqueue(Class<Q> requestType, R response) {
        String action = receivable(requestType);
        plan.enqueue(action, new AnswerPlan.Payload(payloadOf(action, response)));
        return self();
    }

    /** The next CALL of {@code requestType}'s action is answered with this CALLERROR. */
    public S enqueueError(Class<?> requestType, ErrorCode code, String description) {
        plan.enqueue(receivable(requestType), new AnswerPlan.Error(code, description));
        return self();
    }

    /**
     * Every CALL of {@code requestType}'s action (once queued answers are used up) is answered with what
     * {@code answer} returns for its request; an {@link CallErrorException} it throws becomes that CALLERROR.
     */
    public <Q, R> S respondWith(Class<Q> requestType, Function<? super Q, ? extends R> answer) {
        String action = receivable(requestType);
        plan.always(action, new AnswerPlan.Computed(request -> {
            try {
                return CompletableFuture.completedFuture(
                        payloadOf(action, answer.apply(OcppJson.mapper().treeToValue(request, requestType))));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return CompletableFuture.failedFuture(new CompletionException(e));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }));
        return self();
    }

    /** Every CALL of {@code requestType}'s action (once queued answers are used up) gets this CALLERROR. */
    public S respondWithError(Class<?> requestType, ErrorCode code, String description) {
        plan.always(receivable(requestType), new AnswerPlan.Error(code, description));
        return self();
    }

    /** Back to the default answer for {@code requestType}'s action. */
    public S respondWithDefault(Class<?> requestType) {
        plan.reset(receivable(requestType));
        return self();
    }

    // ------------------------------------------------------------------------------------------------ taking

    /**
     * The next CALL of {@code requestType}'s action the peer sent that no earlier {@code takeCall} returned, as the
     * version's generated class, waiting up to {@code timeout} for it. It returns once this simulator has answered
     * that CALL, so a journal assertion made next sees the answer; see {@link #takeExchange}.
     *
     * @throws AssertionError if none came in time; the message lists the exchanges that did
     */
    public <Q> Q takeCall(Class<Q> requestType, Duration timeout) throws InterruptedException {
        return takeExchange(requestType, timeout).request(requestType);
    }

    /**
     * Like {@link #takeCall}, but the whole exchange, with this simulator's answer. The answer is given on another
     * thread than the one the CALL is recorded on, so this waits for it too, within what is left of {@code timeout}.
     * If the answer is not on the wire by then (an answer function that is still running, or a peer that left before
     * it could be sent), the exchange comes back unanswered rather than failing: the CALL did come.
     *
     * @throws AssertionError if no such CALL came in time; the message lists the exchanges that did
     */
    public Exchange takeExchange(Class<?> requestType, Duration timeout) throws InterruptedException {
        String action = receivable(requestType);
        long deadline = System.nanoTime() + timeout.toNanos();
        Exchange call = journal.take(e -> e.caller() == role.peer() && e.action().equals(action), timeout)
                .orElseThrow(() -> new AssertionError("no " + action + " CALL from the " + role.peer()
                        + " within " + timeout + "; exchanges so far:\n" + describeAll()));
        if (call.answered()) {
            return call;
        }
        long sequence = call.sequence();
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return journal.await(e -> e.sequence() == sequence && e.answered(), left).orElse(call);
    }

    private String describeAll() {
        StringBuilder b = new StringBuilder();
        for (Exchange e : journal.exchanges()) {
            b.append("  ").append(e.describe()).append('\n');
        }
        return b.length() == 0 ? "  (none)\n" : b.toString();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The action of {@code requestType}, which this simulator's peer must be allowed to send. */
    String receivable(Class<?> requestType) {
        VersionKit.ActionInfo action = kit.actionOf(requestType).orElseThrow(() -> new IllegalArgumentException(
                requestType.getName() + " is not a request of " + kit.version()));
        if (!action.sentBy(role.peer())) {
            throw new IllegalArgumentException(action.name() + " is not sent by a " + role.peer() + " ("
                    + kit.version() + "), so a " + role + " never answers it");
        }
        return action.name();
    }

    /** The action of {@code requestType}, which this simulator must be allowed to send. */
    String sendable(Class<?> requestType) {
        VersionKit.ActionInfo action = kit.actionOf(requestType).orElseThrow(() -> new IllegalArgumentException(
                requestType.getName() + " is not a request of " + kit.version()));
        if (!action.sentBy(role)) {
            throw new IllegalArgumentException(action.name() + " is not sent by a " + role + " (" + kit.version()
                    + ")");
        }
        return action.name();
    }

    /**
     * Sends {@code request}, a generated request class of {@code expected}, through {@code send} (action name and
     * payload to the CALLRESULT payload) and binds the answer to the action's response class: the typed calls of
     * both simulators.
     *
     * @throws IllegalArgumentException if this simulator speaks another version, or its role does not send the
     *     action
     */
    <R> CompletableFuture<R> typedCall(OcppVersion expected, Object request,
            BiFunction<String, ObjectNode, CompletableFuture<ObjectNode>> send) {
        Objects.requireNonNull(request, "request");
        if (version() != expected) {
            throw new IllegalArgumentException("this " + role + " simulator speaks " + version() + "; "
                    + request.getClass().getName() + " is a request of " + expected);
        }
        String action = sendable(request.getClass());
        @SuppressWarnings("unchecked")
        Class<R> responseType = (Class<R>) kit.action(action).orElseThrow().responseType();
        return send.apply(action, OcppJson.mapper().valueToTree(request)).thenApply(answer -> {
            try {
                return OcppJson.mapper().treeToValue(answer, responseType);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** {@code response} as JSON, after checking it is of {@code action}'s response class. */
    ObjectNode payloadOf(String action, Object response) {
        Class<?> expected = kit.action(action).orElseThrow().responseType();
        if (response == null || !expected.isInstance(response)) {
            throw new IllegalArgumentException("the answer to " + action + " must be a " + expected.getName()
                    + ", not " + (response == null ? "null" : response.getClass().getName()));
        }
        JsonNode node = OcppJson.mapper().valueToTree(response);
        return (ObjectNode) node;
    }
}
