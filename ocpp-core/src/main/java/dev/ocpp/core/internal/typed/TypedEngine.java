package dev.ocpp.core.internal.typed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.internal.concurrent.Futures;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.validation.PayloadDirection;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.ValidationReport;
import dev.ocpp.core.validation.Violation;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The binding half of the typed layer both version modules share: binds payloads to the generated classes and back,
 * adapts typed handlers to the engine's {@link AsyncCallHandler}, and makes typed calls. Schema validation is not
 * here: it is the session's {@link ValidationInterceptor}, which runs outside the handlers this adapts and around
 * every call, typed or not. A payload Jackson cannot bind is refused like a schema violation, with the same
 * CALLERROR codes (incoming CALL) or {@link PayloadValidationException} (CALLRESULT). Everything here runs on the
 * session's handler executor: handler adapters are invoked there, and call futures are completed there by the
 * engine.
 */
public final class TypedEngine {

    private final Function<Violation.Kind, ErrorCode> codes;
    private final ObjectMapper mapper;
    /**
     * One reader per bound class: {@code treeToValue} would look the type and its deserializer up in the mapper's
     * caches on every call, a measurable part of a small message's cost (examples/BENCHMARKS.md, issue 14).
     */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };

    public TypedEngine(Function<Violation.Kind, ErrorCode> codes, ObjectMapper mapper) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Binds {@code payload} to {@code type} as {@code mapper.treeToValue} would, through the cached reader. */
    private <T> T bind(ObjectNode payload, Class<T> type) throws JsonProcessingException {
        try {
            return readers.get(type).readValue(payload);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) { // a tree is in memory: no other I/O can fail
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The CALLERROR code for a refused incoming CALL with these violations. */
    public ErrorCode codeFor(List<Violation> violations) {
        return ValidationInterceptor.codeFor(codes, violations);
    }

    /** Wraps a typed handler as the engine's handler for {@code action}. */
    public <Q, R> AsyncCallHandler handler(String action, Class<Q> requestType,
                                           AsyncRequestHandler<? super Q, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        return call -> {
            Q request = bindRequest(call.payload(), requestType);
            CompletionStage<? extends R> stage = handler.handle(request,
                    new CallContext(call.session(), call.messageId(), action));
            if (stage == null) {
                return CompletableFuture.completedFuture(null);
            }
            return stage.thenApply(response -> response == null ? null : (ObjectNode) mapper.valueToTree(response));
        };
    }

    /**
     * Sends {@code request} as a CALL of {@code action} and binds the answer to {@code responseType}. The future
     * follows {@link OcppSession}'s outcome contract (which includes what the session's interceptors refuse, e.g.
     * {@link PayloadValidationException} for a request or answer that breaks its schema), plus
     * {@link PayloadValidationException} when the answer cannot be bound; it is never completed with a
     * {@link CompletionException} wrapper.
     *
     * @param options the call's settings; {@code null} for the session's
     */
    public <R> CompletableFuture<R> call(OcppSession session, String action, Object request,
                                         Class<R> responseType, CallOptions options) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<R> result = new CompletableFuture<>();
        ObjectNode payload;
        try {
            payload = mapper.valueToTree(request);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        CompletableFuture<ObjectNode> sent = session.call(action, payload,
                options == null ? CallOptions.defaults() : options);
        sent.whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            try {
                result.complete(bind(answer, responseType));
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
            return bind(payload, type);
        } catch (JsonProcessingException e) {
            throw ValidationInterceptor.refusal(codes, mapper, List.of(bindingViolation(e)));
        }
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

}
