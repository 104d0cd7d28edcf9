package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.security.pki.CertificateSigningRequest;
import dev.ocpp.security.pki.KeyPairs;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link SimulatedStation} as the station under test: one per scenario, on the endpoint's transport, with the
 * physical actions of the simulator. Its fixed default answers do not follow what the CSMS set (SimulatedStation's
 * class notes), so this adapter keeps the little state the station scenarios look at (reservations, the local list
 * version, charging profiles) and plays the follow-ups a conformant station sends (log upload status, the security
 * event of an untrusted firmware signer, a SignCertificate with a real CSR). {@link #plain()} leaves all that out,
 * for the tests that need a station getting it wrong.
 */
final class SimulatedStationUnderTest implements StationUnderTest {

    /**
     * The station scenarios this adapter passes: all but STATION-E04-offline-queue and STATION-E13-retry, as the
     * simulator keeps no queue of transaction messages (its scripted steps fail without a connection or on a
     * CALLERROR, and are not sent again).
     */
    static final List<Scenario> SCENARIOS = Catalogue.forRole(Role.STATION).stream()
            .filter(s -> !Set.of("STATION-E04-offline-queue", "STATION-E13-retry").contains(s.id())).toList();

    private static final long WAIT_SECONDS = 10;
    /** Back within a fraction of a second once the mock CSMS lets it in again. */
    private static final RetryBackOff QUICK_RECONNECT = new RetryBackOff(Duration.ofMillis(50), Duration.ofMillis(50),
            1);

    private final boolean conformant;
    private final Function<SimulatedStation, SimulatedStation> tweak;
    private SimulatedStation station;

    SimulatedStationUnderTest() {
        this(true, s -> s);
    }

    private SimulatedStationUnderTest(boolean conformant, Function<SimulatedStation, SimulatedStation> tweak) {
        this.conformant = conformant;
        this.tweak = tweak;
    }

    /** The simulator with its fixed defaults only, changed by {@code tweak} before it starts. */
    static SimulatedStationUnderTest plain(Function<SimulatedStation, SimulatedStation> tweak) {
        return new SimulatedStationUnderTest(false, tweak);
    }

    /** This adapter's conformant station, changed by {@code tweak} (its answers override this adapter's). */
    static SimulatedStationUnderTest conformant(Function<SimulatedStation, SimulatedStation> tweak) {
        return new SimulatedStationUnderTest(true, tweak);
    }

    @Override
    public void start(StationEndpoint endpoint) {
        station = SimulatedStation.builder(endpoint.version()).identity(endpoint.identity())
                .endpoint(endpoint.url()).transport(endpoint.transport()).retryBackOff(QUICK_RECONNECT).build();
        if (conformant) {
            new Conformant(station).install();
        }
        station = tweak.apply(station);
        // After an accepted boot a station reports its connectors (1.6 §4.9, 2.0.1 B01), which the simulator leaves
        // to its test; the transaction scenarios wait for it before they begin.
        SimulatedStation s = station;
        s.start().thenCompose(booted -> s.statusNotification(1, "Available")).exceptionally(e -> null);
    }

    @Override
    public void stop() {
        station.close();
    }

    /** The simulator of the running scenario. */
    SimulatedStation simulated() {
        return station;
    }

    @Override
    public void presentIdToken(String idToken) throws Exception {
        await(station.presentIdToken(idToken));
    }

    @Override
    public void plugIn(int connector) throws Exception {
        if (station.isPluggedIn(connector)) {
            return;
        }
        try {
            await(station.plugIn(connector));
        } catch (ExecutionException e) {
            // A remote start plugged the cable in meanwhile.
            if (!(e.getCause() instanceof IllegalStateException)) {
                throw e;
            }
        }
    }

    @Override
    public void unplug(int connector) throws Exception {
        await(station.unplug(connector));
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> step) throws Exception {
        step.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The state and follow-ups of a station that keeps its promises, on top of the simulator's defaults. */
    private static final class Conformant {
        private final SimulatedStation station;
        private final boolean v16;
        private final Set<Integer> reservations = ConcurrentHashMap.newKeySet();
        private final Set<Integer> profiles = ConcurrentHashMap.newKeySet();
        private final AtomicInteger localListVersion = new AtomicInteger();

        Conformant(SimulatedStation station) {
            this.station = station;
            this.v16 = station.version() == OcppVersion.OCPP16;
        }

        void install() {
            answer("ReserveNow", q -> {
                reservations.add(q.path(v16 ? "reservationId" : "id").asInt());
                return "{'status':'Accepted'}";
            });
            answer("CancelReservation", q -> "{'status':'"
                    + (reservations.remove(q.path("reservationId").asInt()) ? "Accepted" : "Rejected") + "'}");
            answer("SendLocalList", q -> {
                localListVersion.set(q.path(v16 ? "listVersion" : "versionNumber").asInt());
                return "{'status':'Accepted'}";
            });
            answer("GetLocalListVersion", q -> "{'" + (v16 ? "listVersion" : "versionNumber") + "':"
                    + localListVersion.get() + "}");
            answer("SetChargingProfile", q -> {
                profiles.add(v16 ? q.path("csChargingProfiles").path("chargingProfileId").asInt()
                        : q.path("chargingProfile").path("id").asInt());
                return "{'status':'Accepted'}";
            });
            answer("ClearChargingProfile", q -> {
                JsonNode id = q.get(v16 ? "id" : "chargingProfileId");
                boolean removed;
                if (id == null) {
                    removed = !profiles.isEmpty();
                    profiles.clear();
                } else {
                    removed = profiles.remove(id.asInt());
                }
                return "{'status':'" + (removed ? "Accepted" : "Unknown") + "'}";
            });
            // Nothing is uploaded; the upload is reported as failed (1.6 §4.4, 2.0.1 N01).
            if (v16) {
                answer("GetDiagnostics", q -> {
                    send("DiagnosticsStatusNotification", "{'status':'UploadFailed'}");
                    return "{'fileName':'diagnostics.log'}";
                });
            } else {
                answer("GetLog", q -> {
                    send("LogStatusNotification", "{'status':'UploadFailure','requestId':"
                            + q.path("requestId").asInt() + "}");
                    return "{'status':'Accepted','filename':'diagnostics.log'}";
                });
            }
            // No manufacturer root is installed, so no signing certificate is trusted (facts B.7).
            answer(v16 ? "SignedUpdateFirmware" : "UpdateFirmware", q -> {
                if (!q.path("firmware").hasNonNull("signingCertificate")) {
                    return "{'status':'Rejected'}";
                }
                send("SecurityEventNotification", "{'type':'InvalidFirmwareSigningCertificate','timestamp':'"
                        + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "'}");
                return "{'status':'InvalidCertificate'}";
            });
            answer(v16 ? "ExtendedTriggerMessage" : "TriggerMessage", q -> {
                String requested = q.path("requestedMessage").asText();
                if (requested.equals(v16 ? "SignChargePointCertificate" : "SignChargingStationCertificate")) {
                    String csr = CertificateSigningRequest.chargingStation(KeyPairs.ecP256(), "dev.ocpp",
                            station.identity()).toPem();
                    ObjectNode sign = OcppJson.mapper().createObjectNode().put("csr", csr);
                    if (!v16) {
                        sign.put("certificateType", "ChargingStationCertificate");
                    }
                    station.callRaw("SignCertificate", sign);
                }
                return "{'status':'Accepted'}";
            });
        }

        private void send(String action, String payload) {
            station.callRaw(action, json(payload));
        }

        /** Answers {@code action} with the JSON {@code answer} makes of the request. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private void answer(String action, Function<JsonNode, String> answer) {
            String pkg = v16 ? "dev.ocpp.v16.messages." : "dev.ocpp.v201.messages.";
            try {
                Class request = Class.forName(pkg + action + "Request");
                Class response = Class.forName(pkg + action + "Response");
                station.respondWith(request, q -> {
                    try {
                        return OcppJson.mapper().treeToValue(json(answer.apply(OcppJson.mapper().valueToTree(q))),
                                response);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
