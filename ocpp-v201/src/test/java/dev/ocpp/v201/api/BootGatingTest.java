package dev.ocpp.v201.api;

import static dev.ocpp.v201.api.Ocpp201Fixture.NOW;
import static dev.ocpp.v201.api.Ocpp201Fixture.boot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201BootGating;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.NotifyReportRequest;
import dev.ocpp.v201.messages.NotifyReportResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.StatusNotificationResponse;
import dev.ocpp.v201.messages.TriggerMessageRequest;
import dev.ocpp.v201.messages.TriggerMessageResponse;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.ConnectorStatusEnum;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.MessageTriggerEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import dev.ocpp.v201.types.TriggerMessageStatusEnum;
import dev.ocpp.v201.types.Variable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Boot gating, OCPP 2.0.1 Part 2 B01-B03, on the CSMS and on the station. */
class BootGatingTest {

    final InMemoryNetwork net = new InMemoryNetwork();
    /** What the CSMS's BootNotification handler answers next. */
    final AtomicReference<RegistrationStatusEnum> answer = new AtomicReference<>(RegistrationStatusEnum.ACCEPTED);
    Ocpp201Csms csms;

    @AfterEach
    void stop() {
        if (csms != null) {
            csms.close();
        }
    }

    Ocpp201Csms.Builder csmsBuilder() {
        return Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(answer.get()).withCurrentTime(NOW).withInterval(60))
                .on(HeartbeatRequest.class, hb -> new HeartbeatResponse().withCurrentTime(NOW))
                .on(NotifyReportRequest.class, r -> new NotifyReportResponse());
    }

    Ocpp201ChargingStation.Builder station(String identity) {
        return Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity(identity)
                .on(ResetRequest.class, r -> new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED))
                .on(GetVariablesRequest.class, r -> new GetVariablesResponse().withGetVariableResult(List.of(
                        new GetVariableResult().withAttributeStatus(GetVariableStatusEnum.UNKNOWN_VARIABLE)
                                .withComponent(new Component().withName("X"))
                                .withVariable(new Variable().withName("Y")))))
                .on(TriggerMessageRequest.class, r -> new TriggerMessageResponse()
                        .withStatus(TriggerMessageStatusEnum.ACCEPTED));
    }

    static String callErrorCode(Future<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return ((CallErrorException) e.getCause()).wireCode();
    }

    static Throwable failure(Future<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS)).getCause();
    }

    static GetVariablesRequest getVariables() {
        return new GetVariablesRequest().withGetVariableData(List.of(new GetVariableData()
                .withComponent(new Component().withName("X")).withVariable(new Variable().withName("Y"))));
    }

    @Nested
    class OnTheCsms {

        @Test
        void callsBeforeBootAreAnsweredSecurityErrorAndReachNoHandler() throws Exception {
            csms = csmsBuilder().bootGating().build().start();
            // The station does not gate itself, so its early call reaches the CSMS.
            Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
            assertThat(callErrorCode(toCsms.call(new HeartbeatRequest()))).isEqualTo("SecurityError");
            // Even a schema-invalid one: nothing is processed before registration. (It goes out unchecked: the
            // station's session validates its own calls too.)
            assertThat(callErrorCode(toCsms.session().call("Heartbeat",
                    Ocpp201Fixture.JSON.createObjectNode().put("unexpected", 1),
                    dev.ocpp.core.CallOptions.defaults().withValidation(
                            dev.ocpp.core.validation.ValidationOptions.off())))).isEqualTo("SecurityError");
            assertThat(toCsms.call(boot()).get(5, TimeUnit.SECONDS).getStatus())
                    .isEqualTo(RegistrationStatusEnum.ACCEPTED);
            assertThat(toCsms.call(new HeartbeatRequest()).get(5, TimeUnit.SECONDS).getCurrentTime())
                    .isEqualTo(NOW);
            assertThat(csms.chargingStation("CS-1").orElseThrow().registrationStatus())
                    .hasValue(RegistrationStatusEnum.ACCEPTED);
        }

        @Test
        void whilePendingTheStationsCallsAreRefusedAndTheCsmsMayOnlyReadSetReportAndTrigger() throws Exception {
            answer.set(RegistrationStatusEnum.PENDING);
            csms = csmsBuilder().bootGating().build().start();
            Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(callErrorCode(toCsms.call(new HeartbeatRequest()))).isEqualTo("SecurityError");

            assertThat(csms.call("CS-1", getVariables()).get(5, TimeUnit.SECONDS).getGetVariableResult())
                    .hasSize(1);
            assertThat(csms.call("CS-1", new TriggerMessageRequest()
                    .withRequestedMessage(MessageTriggerEnum.BOOT_NOTIFICATION)).get(5, TimeUnit.SECONDS)
                    .getStatus()).isEqualTo(TriggerMessageStatusEnum.ACCEPTED);
            assertThat(failure(csms.call("CS-1", new ResetRequest().withType(ResetEnum.IMMEDIATE))))
                    .isInstanceOf(RegistrationStateException.class).hasMessageContaining("Pending");

            answer.set(RegistrationStatusEnum.ACCEPTED);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(csms.call("CS-1", new ResetRequest().withType(ResetEnum.IMMEDIATE))
                    .get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(ResetStatusEnum.ACCEPTED);
        }

        @Test
        void afterRejectedTheCsmsInitiatesNothing() throws Exception {
            answer.set(RegistrationStatusEnum.REJECTED);
            csms = csmsBuilder().bootGating().build().start();
            Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(failure(csms.call("CS-1", getVariables())))
                    .isInstanceOf(RegistrationStateException.class).hasMessageContaining("B03.FR.03");
        }

        @Test
        void theStatusOutlivesTheConnectionSoAReconnectNeedsNoNewBoot() throws Exception {
            csms = csmsBuilder().bootGating().build().start();
            Ocpp201CsmsSession first = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
            first.call(boot()).get(5, TimeUnit.SECONDS);
            first.close();
            first.closeFuture().get(5, TimeUnit.SECONDS);
            Ocpp201CsmsSession second = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
            assertThat(second.call(new HeartbeatRequest()).get(5, TimeUnit.SECONDS).getCurrentTime())
                    .isEqualTo(NOW);
        }

        @Test
        void restoredStatusesCountAsAnswered() throws Exception {
            Ocpp201BootGating gating = Ocpp201BootGating.create();
            gating.record("CS-9", RegistrationStatusEnum.ACCEPTED);
            csms = csmsBuilder().bootGating(gating).build().start();
            Ocpp201CsmsSession toCsms = station("CS-9").build().connect().get(5, TimeUnit.SECONDS);
            assertThat(toCsms.call(new HeartbeatRequest()).get(5, TimeUnit.SECONDS).getCurrentTime())
                    .isEqualTo(NOW);
        }

        @Test
        void withoutGatingEverythingFlowsBeforeBoot() throws Exception {
            csms = csmsBuilder().build().start();
            Ocpp201CsmsSession toCsms = station("CS-1").build().connect().get(5, TimeUnit.SECONDS);
            assertThat(toCsms.call(new HeartbeatRequest()).get(5, TimeUnit.SECONDS).getCurrentTime())
                    .isEqualTo(NOW);
            assertThat(csms.chargingStation("CS-1").orElseThrow().registrationStatus()).isEmpty();
        }
    }

    @Nested
    class OnTheStation {

        @Test
        void untilAcceptedTheStationSendsOnlyBootNotification() throws Exception {
            answer.set(RegistrationStatusEnum.PENDING);
            csms = csmsBuilder().build().start();
            Ocpp201ChargingStation cs = station("CS-1").bootGating(true).build();
            Ocpp201CsmsSession toCsms = cs.connect().get(5, TimeUnit.SECONDS);
            assertThat(failure(toCsms.call(new HeartbeatRequest())))
                    .isInstanceOf(RegistrationStateException.class).hasMessageContaining("not answered yet");
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(cs.registrationStatus()).hasValue(RegistrationStatusEnum.PENDING);
            assertThat(failure(toCsms.call(new StatusNotificationRequest().withTimestamp(NOW)
                    .withConnectorStatus(ConnectorStatusEnum.AVAILABLE).withEvseId(1).withConnectorId(1))))
                    .isInstanceOf(RegistrationStateException.class);
            // NotifyReport answers GetBaseReport/GetReport, which a Pending station must serve (B02.FR.02).
            assertThat(toCsms.call(new NotifyReportRequest().withRequestId(1).withGeneratedAt(NOW).withSeqNo(0))
                    .get(5, TimeUnit.SECONDS)).isNotNull();

            answer.set(RegistrationStatusEnum.ACCEPTED);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(toCsms.call(new HeartbeatRequest()).get(5, TimeUnit.SECONDS).getCurrentTime())
                    .isEqualTo(NOW);
        }

        @Test
        void whilePendingATriggeredMessageMayBeSent() throws Exception {
            answer.set(RegistrationStatusEnum.PENDING);
            csms = csmsBuilder().build().start();
            Ocpp201CsmsSession toCsms = station("CS-1").bootGating(true).build().connect()
                    .get(5, TimeUnit.SECONDS);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            csms.call("CS-1", new TriggerMessageRequest().withRequestedMessage(MessageTriggerEnum.HEARTBEAT))
                    .get(5, TimeUnit.SECONDS);
            assertThat(toCsms.call(new HeartbeatRequest()).get(5, TimeUnit.SECONDS).getCurrentTime())
                    .isEqualTo(NOW);
        }

        @Test
        void aClientAssembledByHandIsGatedThroughTheHandlersAndTheSessionView() throws Exception {
            answer.set(RegistrationStatusEnum.REJECTED);
            csms = csmsBuilder().build().start();
            Ocpp201BootGating gating = Ocpp201BootGating.create();
            dev.ocpp.core.OcppSession session = dev.ocpp.core.OcppClient.builder(net.clientTransport())
                    .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity("CS-1")
                    .offer(dev.ocpp.core.OcppVersion.OCPP201, dev.ocpp.v201.Ocpp201ChargingStationHandlers.builder()
                            .on(ResetRequest.class, r -> new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED))
                            .bootGating(gating).build())
                    .build().connect().get(5, TimeUnit.SECONDS);
            // The gating is an interceptor of the handlers' session: a plain view of it is gated.
            Ocpp201CsmsSession toCsms = Ocpp201CsmsSession.of(session);
            assertThat(failure(toCsms.call(new HeartbeatRequest()))).isInstanceOf(RegistrationStateException.class);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(gating.status("CS-1")).hasValue(RegistrationStatusEnum.REJECTED);
            assertThat(callErrorCode(csms.call("CS-1", new ResetRequest().withType(ResetEnum.IMMEDIATE))))
                    .isEqualTo("SecurityError");
        }

        @Test
        void afterRejectedTheCsmsCallsAreAnsweredSecurityError() throws Exception {
            answer.set(RegistrationStatusEnum.REJECTED);
            csms = csmsBuilder().build().start();
            Ocpp201CsmsSession toCsms = station("CS-1").bootGating(true).build().connect()
                    .get(5, TimeUnit.SECONDS);
            toCsms.call(boot()).get(5, TimeUnit.SECONDS);
            assertThat(callErrorCode(csms.call("CS-1", new ResetRequest().withType(ResetEnum.IMMEDIATE))))
                    .isEqualTo("SecurityError");
            // A CSMS-initiated action the station has no handler for is still refused for the same reason.
            assertThat(callErrorCode(csms.call("CS-1", new dev.ocpp.v201.messages.ClearCacheRequest())))
                    .isEqualTo("SecurityError");
        }
    }
}
