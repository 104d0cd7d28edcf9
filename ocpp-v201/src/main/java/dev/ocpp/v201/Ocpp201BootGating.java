package dev.ocpp.v201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
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
 * <p>On the CSMS ({@link Ocpp201Csms.Builder#bootGating}, or {@link Ocpp201CsmsHandlers.Builder#bootGating} with
 * {@link Ocpp201ChargingStationSession#of(dev.ocpp.core.OcppSession, dev.ocpp.core.validation.ValidationOptions,
 * Ocpp201BootGating)} on a mixed-version server):
 * <ul>
 *   <li>a station's calls other than BootNotification are answered CALLERROR {@code SecurityError} until its
 *       BootNotification has been answered Accepted (B01.FR.10, B02.FR.09, B03.FR.07); they reach no handler and
 *       are not validated;</li>
 *   <li>while it is Pending, or before it has booted at all, the CSMS may send GetVariables, SetVariables,
 *       GetBaseReport and GetReport (B02.FR.01), and TriggerMessage, which B02.FR.02 presumes (a Pending station
 *       sends only what it was triggered to send); other calls fail at once with
 *       {@link RegistrationStateException} and are never sent;</li>
 *   <li>after Rejected, the CSMS sends nothing (B03.FR.03).</li>
 * </ul>
 * The status is the one the CSMS's BootNotification handler answered, recorded before the answer is sent, so the
 * station's next call already finds it. {@link #record} sets it directly, e.g. to restore statuses persisted before a
 * restart.
 *
 * <p>The policy acts in the typed layer: calls made on the untyped {@code OcppSession} underneath, and handler sets
 * assembled by hand from the gated {@code Handlers}, are outside it.
 *
 * <p>On the charging station ({@link Ocpp201ChargingStation.Builder#bootGating}, or
 * {@link Ocpp201ChargingStationHandlers.Builder#bootGating} with
 * {@link Ocpp201CsmsSession#of(dev.ocpp.core.OcppSession, dev.ocpp.core.validation.ValidationOptions,
 * Ocpp201BootGating)} on a client that offers several versions):
 * <ul>
 *   <li>until Accepted, the station's own calls other than BootNotification fail at once with
 *       {@link RegistrationStateException} (B01.FR.08); while Pending it may also send NotifyReport (the answer to
 *       GetBaseReport and GetReport) and whatever a TriggerMessage it accepted asked for (B02.FR.02);</li>
 *   <li>after Rejected, the CSMS's calls are answered CALLERROR {@code SecurityError} (B03.FR.08).</li>
 * </ul>
 */
public final class Ocpp201BootGating {

    /** What a CSMS may send to a station it has not accepted (yet). */
    static final Set<String> CSMS_MAY_SEND_BEFORE_ACCEPTED = Set.of("GetVariables", "SetVariables", "GetBaseReport",
            "GetReport", "TriggerMessage");

    private final Map<String, RegistrationStatusEnum> status = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> triggered = new ConcurrentHashMap<>();

    private Ocpp201BootGating() {
    }

    /** A gate that has seen no station yet. */
    public static Ocpp201BootGating create() {
        return new Ocpp201BootGating();
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

    // ------------------------------------------------------------------ CSMS side

    /** The CSMS's handlers, gated: see the class notes. */
    Handlers gateCsmsHandlers(Handlers handlers) {
        Handlers.Builder b = Handlers.builder(handlers.catalog());
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            String action = a.name();
            Optional<AsyncCallHandler> handler = handlers.handler(action);
            if (action.equals("BootNotification")) {
                handler.ifPresent(h -> b.onAsync(action, call -> h.handle(call).thenApply(result -> {
                    recordAnswer(call.session().identity(), result);
                    return result;
                })));
            } else if (a.sentByChargingStation()) {
                b.onAsync(action, call -> {
                    RegistrationStatusEnum s = status.get(call.session().identity());
                    if (s != RegistrationStatusEnum.ACCEPTED) {
                        return CompletableFuture.failedFuture(new CallErrorException(ErrorCode.SECURITY_ERROR,
                                call.session().identity() + " is not registered: BootNotification "
                                        + (s == null ? "not yet sent" : "answered " + s.value())));
                    }
                    return invoke(handler, call);
                });
            }
        }
        return b.build();
    }

    private void recordAnswer(String identity, ObjectNode result) {
        JsonNode s = result == null ? null : result.get("status");
        if (s != null && s.isTextual()) {
            try {
                record(identity, RegistrationStatusEnum.fromValue(s.textValue()));
            } catch (IllegalArgumentException notAStatus) {
                // The answer is invalid and will be replaced by an InternalError; the status stays as it was.
            }
        }
    }

    /** Throws when the CSMS may not send {@code action} to {@code identity} now. */
    void checkCsmsMaySend(String identity, String action) {
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

    // ------------------------------------------------------------------ station side

    /** Called when the station sends BootNotification: the status is unknown until its answer. */
    void bootSent(String identity) {
        status.remove(identity);
        triggered.remove(identity);
    }

    /** Throws when the station {@code identity} may not send {@code action} now. */
    void checkStationMaySend(String identity, String action) {
        RegistrationStatusEnum s = status.get(identity);
        if (s == RegistrationStatusEnum.ACCEPTED || action.equals("BootNotification")) {
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

    /** The station's handlers, gated: see the class notes. */
    Handlers gateStationHandlers(Handlers handlers) {
        Handlers.Builder b = Handlers.builder(handlers.catalog());
        for (Ocpp201Action<?, ?> a : Ocpp201Actions.all()) {
            if (!a.sentByCsms()) {
                continue;
            }
            String action = a.name();
            Optional<AsyncCallHandler> handler = handlers.handler(action);
            b.onAsync(action, call -> {
                String identity = call.session().identity();
                if (status.get(identity) == RegistrationStatusEnum.REJECTED) {
                    return CompletableFuture.failedFuture(new CallErrorException(ErrorCode.SECURITY_ERROR,
                            "this station's BootNotification was Rejected (B03.FR.08)"));
                }
                CompletionStage<ObjectNode> answer = invoke(handler, call);
                return action.equals("TriggerMessage") ? answer.thenApply(result -> {
                    noteTrigger(identity, call.payload(), result);
                    return result;
                }) : answer;
            });
        }
        return b.build();
    }

    /** The wrapped handler's answer, or NotSupported where there was none (as the engine would answer). */
    private static CompletionStage<ObjectNode> invoke(Optional<AsyncCallHandler> handler, IncomingCall call)
            throws Exception {
        if (handler.isEmpty()) {
            return CompletableFuture.failedFuture(new CallErrorException(ErrorCode.NOT_SUPPORTED,
                    "Action is not supported: " + call.action()));
        }
        return handler.get().handle(call);
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
