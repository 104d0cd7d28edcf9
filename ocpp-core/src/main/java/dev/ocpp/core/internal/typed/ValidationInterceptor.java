package dev.ocpp.core.internal.typed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OutgoingCall;
import dev.ocpp.core.internal.concurrent.Futures;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.validation.PayloadDirection;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.PayloadValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.ValidationReport;
import dev.ocpp.core.validation.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema validation as a session's {@link CallInterceptor}, for all four payloads of a session (OCPP-J 1.6 §4.2.3,
 * OCPP 2.0.1 Part 4 §4.3 name the CALLERRORs an invalid CALL is answered with):
 * <ul>
 *   <li>an incoming CALL is checked before its handler runs and refused with the CALLERROR of its most basic
 *       violation (details list the violations); an action without a handler is passed on unchecked, so that it
 *       is still answered NotSupported;</li>
 *   <li>the handler's response is checked before it is sent; an invalid one becomes InternalError;</li>
 *   <li>an outgoing CALL is checked before it is queued; an invalid one fails with
 *       {@link PayloadValidationException} and is never sent;</li>
 *   <li>the CALLRESULT is checked before the caller sees it; an invalid one fails the call with
 *       {@link PayloadValidationException}.</li>
 * </ul>
 * {@link ValidationOptions} say which of these are checked and which violations of incoming payloads are tolerated;
 * a call's own {@link dev.ocpp.core.CallOptions#validation()} replaces them for that call. Every finding goes to
 * the session's {@link dev.ocpp.core.OcppEventListener#payloadViolations}.
 *
 * <p>Threads: the outgoing check runs on the caller's thread, the CALLRESULT check in the completion of the
 * engine's future (the handler executor), the incoming checks on the handler executor, as the engine runs the
 * chain there.
 */
public final class ValidationInterceptor implements CallInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationInterceptor.class);

    /** CALLERROR details list at most this many violations, each reason cut to {@link #MAX_REASON} characters. */
    static final int MAX_DETAILED = 8;
    static final int MAX_REASON = 160;

    /** When several violations compete for the CALLERROR code, the most basic breakage wins. */
    private static final List<Violation.Kind> PRECEDENCE = List.of(Violation.Kind.NOT_AN_OBJECT,
            Violation.Kind.TYPE, Violation.Kind.MISSING, Violation.Kind.COUNT, Violation.Kind.UNKNOWN_PROPERTY,
            Violation.Kind.FORMAT, Violation.Kind.TOO_LONG, Violation.Kind.VALUE);

    private final PayloadValidator validator;
    private final ValidationOptions options;
    private final Function<Violation.Kind, ErrorCode> codes;
    private final ObjectMapper mapper;

    /**
     * @param validator the version's schema validator
     * @param options   what is checked and tolerated, unless a call says otherwise
     * @param codes     the CALLERROR code of each violation kind
     * @param mapper    builds the CALLERROR details
     */
    public ValidationInterceptor(PayloadValidator validator, ValidationOptions options,
                                 Function<Violation.Kind, ErrorCode> codes, ObjectMapper mapper) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.options = Objects.requireNonNull(options, "options");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The options this interceptor checks with when a call brings none of its own. */
    public ValidationOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<ObjectNode> outgoing(OutgoingCall call, Outgoing next) {
        ValidationOptions o = call.options().validation() != null ? call.options().validation() : options;
        OcppSession session = call.session();
        String action = call.action();
        List<Violation> fatal = check(o, session, action, null, PayloadDirection.OUTGOING_CALL, call.payload());
        if (!fatal.isEmpty()) {
            return CompletableFuture.failedFuture(new PayloadValidationException(
                    new ValidationReport(action, null, PayloadDirection.OUTGOING_CALL, fatal, false)));
        }
        CompletableFuture<ObjectNode> sent = next.proceed(call);
        if (sent == null || !o.checks(PayloadDirection.INCOMING_RESULT)) {
            return sent;
        }
        CompletableFuture<ObjectNode> result = new CompletableFuture<>();
        sent.whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            try {
                List<Violation> bad = check(o, session, action, null, PayloadDirection.INCOMING_RESULT, answer);
                if (bad.isEmpty()) {
                    result.complete(answer);
                } else {
                    result.completeExceptionally(new PayloadValidationException(
                            new ValidationReport(action, null, PayloadDirection.INCOMING_RESULT, bad, false)));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        // No cancellation hook here: the engine cancels the queued call itself when the future its caller holds is
        // cancelled, whatever the interceptors put in between.
        return result;
    }

    @Override
    public CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
        if (!next.hasHandler()) {
            // Nothing will use the payload: the action is answered NotSupported, whatever it carries.
            return next.proceed(call);
        }
        OcppSession session = call.session();
        List<Violation> fatal = check(options, session, call.action(), call.messageId(),
                PayloadDirection.INCOMING_CALL, call.payload());
        if (!fatal.isEmpty()) {
            throw refusal(codes, mapper, fatal);
        }
        CompletionStage<ObjectNode> stage = next.proceed(call);
        if (stage == null || !options.checks(PayloadDirection.OUTGOING_RESULT)) {
            return stage;
        }
        return stage.thenApply(response -> response == null ? null
                : checkResponse(session, call.action(), call.messageId(), response));
    }

    /** The handler's response, if valid; otherwise the CALLERROR InternalError replaces it. */
    private ObjectNode checkResponse(OcppSession session, String action, String messageId, ObjectNode response) {
        List<Violation> fatal = check(options, session, action, messageId, PayloadDirection.OUTGOING_RESULT,
                response);
        if (!fatal.isEmpty()) {
            LOG.warn("{} handler for {} returned an invalid response: {}", LogSafe.escape(session.identity()),
                    LogSafe.escape(action), LogSafe.escape(fatal.get(0).describe(), 256));
            throw new CompletionException(new CallErrorException(ErrorCode.INTERNAL_ERROR,
                    "could not produce a valid " + action + " response"));
        }
        return response;
    }

    /**
     * Validates when {@code direction} is checked; reports what was found; returns the violations that refuse
     * the payload (tolerated ones, on incoming payloads only, are reported and dropped from the list).
     */
    private List<Violation> check(ValidationOptions o, OcppSession session, String action, String messageId,
                                  PayloadDirection direction, ObjectNode payload) {
        if (!o.checks(direction)) {
            return List.of();
        }
        List<Violation> all = validator.validate(action, direction.isRequest(), payload);
        if (all.isEmpty()) {
            return List.of();
        }
        List<Violation> fatal = all;
        if (direction.isIncoming()) {
            fatal = new ArrayList<>();
            for (Violation v : all) {
                if (!o.tolerates(v)) {
                    fatal.add(v);
                }
            }
        }
        report(session, new ValidationReport(action, messageId, direction, all, fatal.isEmpty()));
        return fatal;
    }

    private static void report(OcppSession session, ValidationReport report) {
        try {
            session.config().listener().payloadViolations(session, report);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed on payloadViolations", e);
        }
    }

    /** The CALLERROR code for a refused incoming CALL with these violations: that of the most basic one. */
    static ErrorCode codeFor(Function<Violation.Kind, ErrorCode> codes, List<Violation> violations) {
        Violation decisive = violations.stream()
                .min(Comparator.comparingInt(v -> PRECEDENCE.indexOf(v.kind())))
                .orElseThrow();
        return codes.apply(decisive.kind());
    }

    /**
     * The CALLERROR for a refused incoming CALL: the code of {@link #codeFor}, a description naming the first
     * field with that code, details listing the violations. Shared with the binder, whose failures read alike.
     */
    static CallErrorException refusal(Function<Violation.Kind, ErrorCode> codes, ObjectMapper mapper,
                                      List<Violation> violations) {
        ErrorCode code = codeFor(codes, violations);
        ObjectNode details = mapper.createObjectNode();
        ArrayNode list = details.putArray("violations");
        for (Violation v : violations.subList(0, Math.min(MAX_DETAILED, violations.size()))) {
            ObjectNode o = list.addObject();
            o.put("field", v.path());
            o.put("kind", v.kind().name());
            o.put("reason", cut(v.message()));
        }
        if (violations.size() > MAX_DETAILED) {
            details.put("more", violations.size() - MAX_DETAILED);
        }
        Violation first = violations.stream()
                .filter(v -> codes.apply(v.kind()) == code).findFirst().orElse(violations.get(0));
        return new CallErrorException(code, cut(first.describe()), details);
    }

    private static String cut(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 3) + "...";
    }

}
