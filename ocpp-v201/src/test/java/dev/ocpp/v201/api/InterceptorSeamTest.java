package dev.ocpp.v201.api;

import static dev.ocpp.v201.api.Ocpp201Fixture.JSON;
import static dev.ocpp.v201.api.Ocpp201Fixture.NOW;
import static dev.ocpp.v201.api.Ocpp201Fixture.boot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.validation.PayloadDirection;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.ValidationReport;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201BootGating;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201ChargingStationSession;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsHandlers;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.Ocpp201Validation;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.TriggerMessageRequest;
import dev.ocpp.v201.messages.TriggerMessageResponse;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.MessageTriggerEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.TriggerMessageStatusEnum;
import dev.ocpp.v201.types.Variable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Validation and boot gating as interceptors of the session (OCPP 2.0.1 Part 4 §4.3, Part 2 B01-B03): they govern
 * calls made on the untyped session as much as typed ones, gating runs before validation, and handlers reach a
 * typed view of their own session with {@code from(context)}.
 */
class InterceptorSeamTest {

    final InMemoryNetwork net = new InMemoryNetwork();
    final List<ValidationReport> csmsReports = new CopyOnWriteArrayList<>();
    final List<ValidationReport> stationReports = new CopyOnWriteArrayList<>();
    final AtomicInteger heartbeats = new AtomicInteger();
    Ocpp201Csms csms;

    @AfterEach
    void stop() {
        if (csms != null) {
            csms.close();
        }
    }

    Ocpp201Csms.Builder csmsBuilder() {
        return Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .sessionConfig(SessionConfig.builder().listener(reportsTo(csmsReports)).build())
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(NOW).withInterval(60))
                .on(HeartbeatRequest.class, hb -> {
                    heartbeats.incrementAndGet();
                    return new HeartbeatResponse().withCurrentTime(NOW);
                });
    }

    Ocpp201ChargingStation.Builder station(String identity) {
        return Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity(identity)
                .sessionConfig(SessionConfig.builder().listener(reportsTo(stationReports)).build());
    }

    static OcppEventListener reportsTo(List<ValidationReport> reports) {
        return new OcppEventListener() {
            @Override
            public void payloadViolations(OcppSession session, ValidationReport report) {
                reports.add(report);
            }
        };
    }

    static Throwable failure(Future<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS)).getCause();
    }

    static ObjectNode heartbeatWithAnExtraField() {
        return JSON.createObjectNode().put("unexpected", 1);
    }

    static GetVariablesRequest getVariables() {
        return new GetVariablesRequest().withGetVariableData(List.of(new GetVariableData()
                .withComponent(new Component().withName("X")).withVariable(new Variable().withName("Y"))));
    }

    // ------------------------------------------------------------------ validation reaches untyped calls

    @Test
    void anUntypedCallOnATypedSessionIsValidatedBeforeItIsQueued() throws Exception {
        csms = csmsBuilder().build().start();
        Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);

        Throwable refused = failure(toCsms.session().call("Heartbeat", heartbeatWithAnExtraField()));

        assertThat(refused).isInstanceOf(PayloadValidationException.class).hasMessageContaining("unexpected");
        assertThat(((PayloadValidationException) refused).report().direction())
                .isEqualTo(PayloadDirection.OUTGOING_CALL);
        assertThat(stationReports).singleElement()
                .satisfies(r -> assertThat(r.direction()).isEqualTo(PayloadDirection.OUTGOING_CALL));
        // Never sent: the CSMS neither handled nor refused it.
        assertThat(heartbeats).hasValue(0);
        assertThat(csmsReports).isEmpty();
        // A valid untyped call goes through, and its CALLRESULT is checked like a typed one's.
        assertThat(toCsms.session().call("Heartbeat", JSON.createObjectNode()).get(5, TimeUnit.SECONDS)
                .path("currentTime").asText()).isNotEmpty();
        assertThat(heartbeats).hasValue(1);
    }

    @Test
    void anUntypedCallsInvalidCallResultFailsWithPayloadValidationException() throws Exception {
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                // The CSMS lets its own invalid answer out (no interval), so that the station's check is what fails.
                .validation(ValidationOptions.builder().outgoingResults(false).build())
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(NOW))
                .build().start();
        Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);

        Throwable refused = failure(toCsms.session().call("BootNotification", JSON.valueToTree(boot())));

        assertThat(refused).isInstanceOf(PayloadValidationException.class).hasMessageContaining("interval");
        assertThat(((PayloadValidationException) refused).report().direction())
                .isEqualTo(PayloadDirection.INCOMING_RESULT);
    }

    @Test
    void aCallMayReplaceTheSessionsValidationOptions() throws Exception {
        csms = csmsBuilder().build().start();
        Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);

        // Unchecked here, it goes out, and the CSMS's own check refuses it (Part 4 §4.3).
        Throwable refused = failure(toCsms.session().call("Heartbeat", heartbeatWithAnExtraField(),
                CallOptions.defaults().withValidation(ValidationOptions.off())));

        assertThat(refused).isInstanceOfSatisfying(CallErrorException.class,
                e -> assertThat(e.wireCode()).isEqualTo("FormatViolation"));
        assertThat(stationReports).isEmpty();
        assertThat(csmsReports).singleElement()
                .satisfies(r -> assertThat(r.direction()).isEqualTo(PayloadDirection.INCOMING_CALL));
        assertThat(heartbeats).hasValue(0);
    }

    // ------------------------------------------------------------------ gating before validation

    @Test
    void gatingComesFirstInTheChainAndValidationSecond() {
        Handlers gated = Ocpp201CsmsHandlers.builder().bootGating(Ocpp201BootGating.create()).build();
        Class<?> validation = Ocpp201Validation.interceptor(ValidationOptions.defaults()).getClass();

        assertThat(gated.interceptors()).hasSize(2);
        assertThat(gated.interceptors().get(0)).isNotInstanceOf(validation);
        assertThat(gated.interceptors().get(1)).isInstanceOf(validation);
        assertThat(Ocpp201CsmsHandlers.builder().build().interceptors()).singleElement().isInstanceOf(validation);
    }

    @Test
    void aStationsGatedUntypedCallIsRefusedByGatingBeforeValidationSeesIt() throws Exception {
        csms = csmsBuilder().build().start();
        Ocpp201CsmsSession toCsms = station("CS-1").bootGating(true).build().connect().get(5, TimeUnit.SECONDS);

        // Invalid and not allowed before boot: gating answers, so no schema report is made.
        assertThat(failure(toCsms.session().call("Heartbeat", heartbeatWithAnExtraField())))
                .isInstanceOf(RegistrationStateException.class);
        assertThat(stationReports).isEmpty();

        // Once Accepted (recorded from the untyped BootNotification's answer before the caller sees it), the same
        // call passes gating and validation refuses it.
        assertThat(toCsms.session().call("BootNotification", JSON.valueToTree(boot())).get(5, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");
        assertThat(failure(toCsms.session().call("Heartbeat", heartbeatWithAnExtraField())))
                .isInstanceOf(PayloadValidationException.class);
        assertThat(stationReports).singleElement()
                .satisfies(r -> assertThat(r.direction()).isEqualTo(PayloadDirection.OUTGOING_CALL));
    }

    @Test
    void theCsmsRefusesAnUnregisteredStationsInvalidCallWithoutValidatingIt() throws Exception {
        csms = csmsBuilder().bootGating().build().start();
        Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);

        Throwable refused = failure(toCsms.session().call("Heartbeat", heartbeatWithAnExtraField(),
                CallOptions.defaults().withValidation(ValidationOptions.off())));

        assertThat(refused).isInstanceOfSatisfying(CallErrorException.class,
                e -> assertThat(e.wireCode()).isEqualTo("SecurityError"));
        assertThat(csmsReports).as("gating answered before validation ran").isEmpty();
        assertThat(heartbeats).hasValue(0);
    }

    @Test
    void theCsmssUntypedCallsAreGatedToo() throws Exception {
        csms = csmsBuilder().bootGating().build().start();
        station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
        OcppSession session = csms.chargingStation("CS-1").orElseThrow().session();

        assertThat(failure(session.call("Reset", JSON.createObjectNode().put("type", "Immediate"))))
                .isInstanceOf(RegistrationStateException.class);
    }

    // ------------------------------------------------------------------ from(context)

    @Test
    void aStationHandlerSendsWhatTheTriggerAskedForThroughTheTypedViewOfItsSession() throws Exception {
        csms = csmsBuilder().build().start();
        AtomicReference<HeartbeatResponse> sent = new AtomicReference<>();
        station("CS-1")
                .onAsync(TriggerMessageRequest.class, (trigger, context) -> Ocpp201CsmsSession.from(context)
                        .call(new HeartbeatRequest())
                        .thenApply(hb -> {
                            sent.set(hb);
                            return new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.ACCEPTED);
                        }))
                .build().connect().get(5, TimeUnit.SECONDS);

        TriggerMessageResponse answer = csms.call("CS-1", new TriggerMessageRequest()
                .withRequestedMessage(MessageTriggerEnum.HEARTBEAT)).get(5, TimeUnit.SECONDS);

        assertThat(answer.getStatus()).isEqualTo(TriggerMessageStatusEnum.ACCEPTED);
        assertThat(heartbeats).hasValue(1);
        assertThat(sent.get().getCurrentTime()).isEqualTo(NOW);
    }

    @Test
    void aCsmsHandlerCallsTheStationBackThroughTheTypedViewOfItsSession() throws Exception {
        AtomicReference<GetVariablesResponse> read = new AtomicReference<>();
        AtomicReference<Ocpp201ChargingStationSession> view = new AtomicReference<>();
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp").bootGating()
                // Before answering the boot, the CSMS reads a variable: allowed while the station is not yet
                // accepted (B02.FR.01), and crossing the station's outstanding BootNotification.
                .onAsync(BootNotificationRequest.class, (b, context) -> {
                    Ocpp201ChargingStationSession station = Ocpp201ChargingStationSession.from(context);
                    view.set(station);
                    return station.call(getVariables()).thenApply(variables -> {
                        read.set(variables);
                        return new BootNotificationResponse().withStatus(RegistrationStatusEnum.ACCEPTED)
                                .withCurrentTime(NOW).withInterval(60);
                    });
                })
                .build().start();
        Ocpp201CsmsSession toCsms = station("CS-1")
                .on(GetVariablesRequest.class, r -> new GetVariablesResponse().withGetVariableResult(List.of(
                        new GetVariableResult().withAttributeStatus(GetVariableStatusEnum.UNKNOWN_VARIABLE)
                                .withComponent(new Component().withName("X"))
                                .withVariable(new Variable().withName("Y")))))
                .build().connect().get(5, TimeUnit.SECONDS);

        assertThat(toCsms.call(boot()).get(5, TimeUnit.SECONDS).getStatus())
                .isEqualTo(RegistrationStatusEnum.ACCEPTED);

        assertThat(read.get().getGetVariableResult()).singleElement()
                .extracting(GetVariableResult::getAttributeStatus).isEqualTo(GetVariableStatusEnum.UNKNOWN_VARIABLE);
        // The view made from the context alone knows the session's gating.
        assertThat(view.get().registrationStatus()).hasValue(RegistrationStatusEnum.ACCEPTED);
        assertThat(view.get().identity()).isEqualTo("CS-1");
    }

    @Test
    void aViewOfAGatedSessionIsGatedWithoutBeingToldAnything() throws Exception {
        csms = csmsBuilder().bootGating().build().start();
        station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
        Ocpp201ChargingStationSession plain = Ocpp201ChargingStationSession.of(
                csms.chargingStation("CS-1").orElseThrow().session());

        assertThat(failure(plain.call(new dev.ocpp.v201.messages.ResetRequest()
                .withType(dev.ocpp.v201.types.ResetEnum.IMMEDIATE)))).isInstanceOf(RegistrationStateException.class);
    }
}
