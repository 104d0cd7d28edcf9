package dev.ocpp.v201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OutgoingCall;
import dev.ocpp.core.RegistrationRegistry;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.v201.types.MessageTriggerEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Boot gating: what may flow before a charging station's BootNotification is answered Accepted (OCPP 2.0.1 Part 2,
 * use cases B01-B03). Opt-in, on either side; one instance remembers the registration status of each identity
 * across reconnects (a station that reconnects without rebooting does not boot again, Part 4 §5.3).
 *
 * <p>The policy is a {@link CallInterceptor} of the session, put first in the chain of the 2.0.1 {@code Handlers}
 * (before schema validation) by {@link Ocpp201CsmsHandlers.Builder#bootGating} and
 * {@link Ocpp201ChargingStationHandlers.Builder#bootGating}, which {@link Ocpp201Csms.Builder#bootGating} and
 * {@link Ocpp201ChargingStation.Builder#bootGating} use. So it governs every call of a session serving those
 * handlers, whether made through a typed view or on the untyped {@code OcppSession} underneath (before this policy
 * was an interceptor, untyped calls were outside it), and a mixed-version server or client gets it by serving
 * 2.0.1 with those handlers; the typed views need no gating of their own. Its outgoing checks run on the caller's
 * thread, its incoming ones on the handler executor.
 *
 * <p>On the CSMS:
 * <ul>
 *   <li>a station's calls other than BootNotification are answered CALLERROR {@code SecurityError} until its
 *       BootNotification has been answered Accepted (B01.FR.10, B02.FR.09, B03.FR.07); they reach no handler and
 *       are not validated;</li>
 *   <li>while it is Pending, or before it has booted at all, the CSMS may send GetVariables, SetVariables,
 *       GetBaseReport and GetReport (B02.FR.01), and TriggerMessage, which B02.FR.02 presumes (a Pending station
 *       sends only what it was triggered to send); other calls fail at once with
 *       {@link RegistrationStateException} and are never sent (nor validated);</li>
 *   <li>after Rejected, the CSMS sends nothing (B03.FR.03).</li>
 * </ul>
 * The status is the one the CSMS's BootNotification handler answered, recorded before the answer is sent, so the
 * station's next call already finds it. {@link #record} sets it directly, e.g. to restore statuses persisted before a
 * restart.
 *
 * <p>On the charging station:
 * <ul>
 *   <li>until Accepted, the station's own calls other than BootNotification fail at once with
 *       {@link RegistrationStateException} (B01.FR.08); while Pending it may also send NotifyReport (the answer to
 *       GetBaseReport and GetReport) and whatever a TriggerMessage it accepted asked for (B02.FR.02);</li>
 *   <li>after Rejected, the CSMS's calls are answered CALLERROR {@code SecurityError} (B03.FR.08).</li>
 * </ul>
 * The status is recorded from the BootNotification's answer before the caller sees it, so its next call is judged
 * by it.
 */
public final class Ocpp201BootGating {

    /** What a CSMS may send to a station it has not accepted (yet). */
    static final Set<String> CSMS_MAY_SEND_BEFORE_ACCEPTED = Set.of("GetVariables", "SetVariables", "GetBaseReport",
            "GetReport", "TriggerMessage");

    /** The session attribute under which an interceptor leaves its gating, for {@link #of(OcppSession)}. */
    private static final String ATTRIBUTE = Ocpp201BootGating.class.getName();

    private final StatusView status;
    private final Map<String, Set<String>> triggered = new ConcurrentHashMap<>();

    private Ocpp201BootGating(RegistrationRegistry registry) {
        this.status = new StatusView(registry);
    }

    /** The statuses kept in a {@link RegistrationRegistry}, seen as this version's enum. */
    private static final class StatusView {
        private final RegistrationRegistry registry;

        StatusView(RegistrationRegistry registry) {
            this.registry = registry;
        }

        RegistrationStatusEnum get(String identity) {
            return registry.status(identity).map(s -> RegistrationStatusEnum.fromValue(s.value())).orElse(null);
        }

        void put(String identity, RegistrationStatusEnum s) {
            registry.record(identity, dev.ocpp.core.RegistrationStatus.fromValue(s.value()).orElseThrow());
        }

        void remove(String identity) {
            registry.forget(identity);
        }
    }

    /** A gate that has seen no station yet. */
    public static Ocpp201BootGating create() {
        return new Ocpp201BootGating(RegistrationRegistry.inMemory());
    }

    /**
     * A gate that keeps its statuses in {@code registry}: with a {@link RegistrationRegistry#persistent persistent}
     * one, a restarted CSMS still knows which stations it accepted, so their reconnects (which send no new
     * BootNotification, Part 4 §5.3) are not answered SecurityError.
     */
    public static Ocpp201BootGating create(RegistrationRegistry registry) {
        return new Ocpp201BootGating(java.util.Objects.requireNonNull(registry, "registry"));
    }

    /** The registration status last answered to {@code identity}'s BootNotification, if any. */
    public Optional<RegistrationStatusEnum> status(String identity) {
        return Optional.ofNullable(status.get(identity));
    }

    /** Sets the registration status of {@code identity}, e.g. to restore it after a restart. */
    public void record(String identity, RegistrationStatusEnum registration) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(registration, "registration");
        status.put(identity, registration);
        if (registration != RegistrationStatusEnum.PENDING) {
            triggered.remove(identity);
        }
    }

    /** Forgets {@code identity}: it is treated as never booted again. */
    public void forget(String identity) {
        status.remove(identity);
        triggered.remove(identity);
    }

    // ------------------------------------------------------------------ the interceptors

    /**
     * The CSMS side as a session interceptor: see the class notes. {@link Ocpp201CsmsHandlers.Builder#bootGating}
     * puts it first in the chain, before validation, so that a refused call reaches no handler and is not
     * validated.
     */
    CallInterceptor csmsInterceptor() {
        return new CsmsSide();
    }

    /**
     * The station side as a session interceptor (see the class notes), for a station whose 2.0.1 handlers are not
     * built by {@link Ocpp201ChargingStationHandlers.Builder#bootGating}, such as an untyped one: put it first in
     * the chain ({@link dev.ocpp.core.Handlers.Builder#interceptFirst}), so that a refused call reaches nothing else.
     */
    public CallInterceptor stationInterceptor() {
        return new StationSide();
    }

    /**
     * The gating whose interceptor has seen a call of {@code session}, or {@code null}: lets a typed view made from
     * nothing but the session (e.g. {@link Ocpp201ChargingStationSession#from}) tell the registration status.
     */
    static Ocpp201BootGating of(OcppSession session) {
        return session.attributes().get(ATTRIBUTE) instanceof Ocpp201BootGating g ? g : null;
    }

    private void noteOn(OcppSession session) {
        session.attributes().putIfAbsent(ATTRIBUTE, this);
    }

    private final class CsmsSide implements CallInterceptor {

        @Override
        public CompletableFuture<ObjectNode> outgoing(OutgoingCall call, Outgoing next) {
            noteOn(call.session());
            try {
                checkCsmsMaySend(call.session().identity(), call.action());
            } catch (RegistrationStateException e) {
                return CompletableFuture.failedFuture(e);
            }
            return next.proceed(call);
        }

        @Override
        public CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
            noteOn(call.session());
            String identity = call.session().identity();
            if (call.action().equals("BootNotification")) {
                // Recorded before the CALLRESULT is written, so the station's next call already finds the status.
                CompletionStage<ObjectNode> answer = next.proceed(call);
                return answer == null ? null : answer.thenApply(result -> {
                    recordAnswer(identity, result);
                    return result;
                });
            }
            RegistrationStatusEnum s = status.get(identity);
            if (s != RegistrationStatusEnum.ACCEPTED && sentBy(call.action(), true)) {
                return CompletableFuture.failedFuture(new CallErrorException(ErrorCode.SECURITY_ERROR,
                        identity + " is not registered: BootNotification "
                                + (s == null ? "not yet sent" : "answered " + s.value())));
            }
            return next.proceed(call);
        }
    }

    private final class StationSide implements CallInterceptor {

        @Override
        public CompletableFuture<ObjectNode> outgoing(OutgoingCall call, Outgoing next) {
            noteOn(call.session());
            String identity = call.session().identity();
            if (!call.action().equals("BootNotification")) {
                if (DeliveryQueue.of(call.session())
                        .map(q -> q.takes(call.action(), call.payload(), call.options())).orElse(false)) {
                    // Queued, not sent: the delivery queue sends it once the registration allows (E04.FR.01).
                    return next.proceed(call);
                }
                try {
                    checkStationMaySend(identity, call.action());
                } catch (RegistrationStateException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return next.proceed(call);
            }
            bootSent(identity);
            CompletableFuture<ObjectNode> answer = next.proceed(call);
            if (answer == null) {
                return null;
            }
            // Recorded before the caller sees the answer, so that its next call is judged by the new status. The
            // outcome is passed on as it came (no CompletionException wrapper), as OcppSession promises.
            CompletableFuture<ObjectNode> recorded = new CompletableFuture<>();
            answer.whenComplete((result, failure) -> {
                if (failure != null) {
                    recorded.completeExceptionally(failure);
                    return;
                }
                try {
                    recordAnswer(identity, result);
                    recorded.complete(result);
                } catch (RuntimeException e) {
                    recorded.completeExceptionally(e);
                }
            });
            recorded.whenComplete((r, t) -> {
                if (recorded.isCancelled()) {
                    answer.cancel(false);
                }
            });
            return recorded;
        }

        @Override
        public CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
            noteOn(call.session());
            String identity = call.session().identity();
            if (!sentBy(call.action(), false)) {
                return next.proceed(call);
            }
            if (status.get(identity) == RegistrationStatusEnum.REJECTED) {
                return CompletableFuture.failedFuture(new CallErrorException(ErrorCode.SECURITY_ERROR,
                        "this station's BootNotification was Rejected (B03.FR.08)"));
            }
            CompletionStage<ObjectNode> answer = next.proceed(call);
            return answer == null || !call.action().equals("TriggerMessage") ? answer : answer.thenApply(result -> {
                noteTrigger(identity, call.payload(), result);
                return result;
            });
        }
    }

    /** Whether {@code action} is a 2.0.1 request the charging station (or else the CSMS) sends. */
    private static boolean sentBy(String action, boolean chargingStation) {
        return Ocpp201Actions.byName(action)
                .map(a -> chargingStation ? a.sentByChargingStation() : a.sentByCsms())
                .orElse(false);
    }

    /** Sets the status from a BootNotification answer; one that names no status leaves it as it was. */
    private void recordAnswer(String identity, ObjectNode result) {
        JsonNode s = result == null ? null : result.get("status");
        if (s != null && s.isTextual()) {
            try {
                record(identity, RegistrationStatusEnum.fromValue(s.textValue()));
            } catch (IllegalArgumentException notAStatus) {
                // An invalid answer: validation (when on) refuses it; the status stays as it was.
            }
        }
    }

    /** Throws when the CSMS may not send {@code action} to {@code identity} now. */
    private void checkCsmsMaySend(String identity, String action) {
        RegistrationStatusEnum s = status.get(identity);
        if (s == RegistrationStatusEnum.ACCEPTED) {
            return;
        }
        if (s == RegistrationStatusEnum.REJECTED) {
            throw new RegistrationStateException(action + " not sent: " + identity
                    + "'s BootNotification was Rejected, and a CSMS initiates nothing then (B03.FR.03)");
        }
        if (!CSMS_MAY_SEND_BEFORE_ACCEPTED.contains(action)) {
            throw new RegistrationStateException(action + " not sent: " + identity + " is "
                    + (s == null ? "not registered yet" : "Pending")
                    + "; only GetVariables, SetVariables, GetBaseReport, GetReport and TriggerMessage may go (B02)");
        }
    }

    /** Called when the station sends BootNotification: the status is unknown until its answer. */
    private void bootSent(String identity) {
        status.remove(identity);
        triggered.remove(identity);
    }

    /** Throws when the station {@code identity} may not send {@code action} now. */
    private void checkStationMaySend(String identity, String action) {
        RegistrationStatusEnum s = status.get(identity);
        if (s == RegistrationStatusEnum.ACCEPTED) {
            return;
        }
        if (s == RegistrationStatusEnum.PENDING && (action.equals("NotifyReport")
                || triggered.getOrDefault(identity, Set.of()).contains(action))) {
            return;
        }
        throw new RegistrationStateException(action + " not sent: the BootNotification of " + identity + " is "
                + (s == null ? "not answered yet" : "answered " + s.value())
                + "; until Accepted a station sends only BootNotification (B01.FR.08, B02.FR.02)");
    }

    private void noteTrigger(String identity, ObjectNode request, ObjectNode result) {
        if (result == null || !"Accepted".equals(result.path("status").asText())) {
            return;
        }
        String wanted = request.path("requestedMessage").asText();
        String action;
        try {
            action = switch (MessageTriggerEnum.fromValue(wanted)) {
                case SIGN_CHARGING_STATION_CERTIFICATE, SIGN_V2G_CERTIFICATE, SIGN_COMBINED_CERTIFICATE ->
                        "SignCertificate";
                default -> wanted;
            };
        } catch (IllegalArgumentException unknown) {
            return;
        }
        triggered.computeIfAbsent(identity, k -> ConcurrentHashMap.newKeySet()).add(action);
    }
}
