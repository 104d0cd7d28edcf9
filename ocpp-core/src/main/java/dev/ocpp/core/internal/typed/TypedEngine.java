package dev.ocpp.core.internal.typed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.validation.PayloadDirection;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.PayloadValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.ValidationReport;
import dev.ocpp.core.validation.Violation;
import java.time.Duration;
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
 * The typed layer both version modules share: validates payloads against the version's schemas, binds them to the
 * generated classes, adapts typed handlers to the engine's {@link AsyncCallHandler}, and makes typed calls.
 * Everything here runs on the session's handler executor: handler adapters are invoked there, and call futures
 * are completed there by the engine.
 */
public final class TypedEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TypedEngine.class);

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

    public TypedEngine(PayloadValidator validator, ValidationOptions options,
                       Function<Violation.Kind, ErrorCode> codes, ObjectMapper mapper) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.options = Objects.requireNonNull(options, "options");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The CALLERROR code for a refused incoming CALL with these violations. */
    public ErrorCode codeFor(List<Violation> violations) {
        Violation decisive = violations.stream()
                .min(Comparator.comparingInt(v -> PRECEDENCE.indexOf(v.kind())))
                .orElseThrow();
        return codes.apply(decisive.kind());
    }

    /** Wraps a typed handler as the engine's handler for {@code action}. */
    public <Q, R> AsyncCallHandler handler(String action, Class<Q> requestType,
                                           AsyncRequestHandler<? super Q, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        return call -> {
            OcppSession session = call.session();
            List<Violation> fatal = check(session, action, call.messageId(), PayloadDirection.INCOMING_CALL,
                    call.payload());
            if (!fatal.isEmpty()) {
                throw callError(codeFor(fatal), fatal);
            }
            Q request = bindRequest(call.payload(), requestType);
            CompletionStage<? extends R> stage = handler.handle(request,
                    new CallContext(session, call.messageId(), action));
            if (stage == null) {
                return CompletableFuture.completedFuture(null);
            }
            return stage.thenApply(response -> response == null ? null
                    : encodeResult(session, action, call.messageId(), response));
        };
    }

    /**
     * Sends {@code request} as a CALL of {@code action} and binds the answer to {@code responseType}. The future
     * follows {@link OcppSession}'s outcome contract, plus {@link PayloadValidationException} when the request or
     * the answer breaks its schema; it is never completed with a {@link CompletionException} wrapper.
     */
    public <R> CompletableFuture<R> call(OcppSession session, String action, Object request,
                                         Class<R> responseType, Duration timeout) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<R> result = new CompletableFuture<>();
        ObjectNode payload;
        try {
            payload = mapper.valueToTree(request);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        List<Violation> fatal = check(session, action, null, PayloadDirection.OUTGOING_CALL, payload);
        if (!fatal.isEmpty()) {
            result.completeExceptionally(new PayloadValidationException(
                    new ValidationReport(action, null, PayloadDirection.OUTGOING_CALL, fatal, false)));
            return result;
        }
        CompletableFuture<ObjectNode> sent = timeout == null ? session.call(action, payload)
                : session.call(action, payload, timeout);
        sent.whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            try {
                List<Violation> bad = check(session, action, null, PayloadDirection.INCOMING_RESULT, answer);
                if (!bad.isEmpty()) {
                    result.completeExceptionally(new PayloadValidationException(
                            new ValidationReport(action, null, PayloadDirection.INCOMING_RESULT, bad, false)));
                    return;
                }
                result.complete(mapper.treeToValue(answer, responseType));
            } catch (JsonProcessingException e) {
                result.completeExceptionally(new PayloadValidationException(new ValidationReport(action, null,
                        PayloadDirection.INCOMING_RESULT, List.of(bindingViolation(e)), false)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        // Cancelling the typed future frees the queue slot of a call still waiting, as the engine promises.
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) {
                sent.cancel(false);
            }
        });
        return result;
    }

    /** Binds an incoming request; a payload Jackson cannot bind is answered like a schema violation. */
    private <Q> Q bindRequest(ObjectNode payload, Class<Q> type) throws CallErrorException {
        try {
            return mapper.treeToValue(payload, type);
        } catch (JsonProcessingException e) {
            List<Violation> v = List.of(bindingViolation(e));
            throw callError(codeFor(v), v);
        }
    }

    private ObjectNode encodeResult(OcppSession session, String action, String messageId, Object response) {
        ObjectNode out = mapper.valueToTree(response);
        List<Violation> fatal = check(session, action, messageId, PayloadDirection.OUTGOING_RESULT, out);
        if (!fatal.isEmpty()) {
            LOG.warn("{} handler for {} returned an invalid response: {}", session.identity(), action,
                    fatal.get(0).describe());
            throw new CompletionException(new CallErrorException(ErrorCode.INTERNAL_ERROR,
                    "could not produce a valid " + action + " response"));
        }
        return out;
    }

    /**
     * Validates when {@code direction} is checked; reports what was found; returns the violations that refuse
     * the payload (tolerated ones, on incoming payloads only, are reported and dropped from the list).
     */
    private List<Violation> check(OcppSession session, String action, String messageId,
                                  PayloadDirection direction, ObjectNode payload) {
        if (!options.checks(direction)) {
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
                if (!options.tolerates(v)) {
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

    /** The CALLERROR for a refused incoming CALL: names the first field; details list the violations. */
    private CallErrorException callError(ErrorCode code, List<Violation> violations) {
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

    /** A Jackson binding failure as a violation naming the field. */
    static Violation bindingViolation(JsonProcessingException e) {
        String path = "";
        if (e instanceof JsonMappingException m) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
            path = sb.toString();
        }
        Violation.Kind kind = e instanceof InvalidFormatException f ? (hasFormat(f.getTargetType())
                ? Violation.Kind.FORMAT : Violation.Kind.VALUE)
                : e instanceof MismatchedInputException ? Violation.Kind.TYPE : Violation.Kind.VALUE;
        String reason = e.getOriginalMessage();
        int nl = reason == null ? -1 : reason.indexOf('\n');
        return new Violation(kind, path, reason == null ? "cannot be read" : nl > 0 ? reason.substring(0, nl) : reason);
    }

    /**
     * Whether a string bound to {@code type} comes from a schema {@code format} (date-time, uri): one the binder
     * cannot read breaks that format, as {@link Violation.Kind#FORMAT} says, even where the validator let it pass
     * (it accepts e.g. {@code 2025-01-01 10:00:00Z}, which {@link dev.ocpp.core.typed.OcppJson} does not).
     */
    private static boolean hasFormat(Class<?> type) {
        return type != null && (java.time.temporal.Temporal.class.isAssignableFrom(type)
                || type == java.net.URI.class);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
