package dev.ocpp.v201.api;

import static dev.ocpp.v201.api.Ocpp201Fixture.NOW;
import static dev.ocpp.v201.api.Ocpp201Fixture.boot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201ChargingStationHandlers;
import dev.ocpp.v201.Ocpp201ChargingStationSession;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsHandlers;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.messages.DataTransferResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.types.CustomData;
import dev.ocpp.v201.types.DataTransferStatusEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typed 2.0.1 API of both roles over the in-memory transport. */
class TypedApiTest {

    final InMemoryNetwork net = new InMemoryNetwork();
    final CompletableFuture<String> disconnected = new CompletableFuture<>();
    Ocpp201Csms csms;

    @AfterEach
    void stop() {
        if (csms != null) {
            csms.close();
        }
    }

    Ocpp201CsmsSession connect() throws Exception {
        CompletableFuture<Ocpp201ChargingStationSession> connected = new CompletableFuture<>();
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(NOW).withInterval(300))
                .on(DataTransferRequest.class, (dt, ctx) -> new DataTransferResponse()
                        .withStatus(DataTransferStatusEnum.ACCEPTED).withData(ctx.session().identity()))
                .onConnect(connected::complete)
                .onDisconnect((s, why) -> disconnected.complete(s.identity() + " " + why.code()))
                .build().start();
        Ocpp201CsmsSession session = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity("CS-1")
                .on(ResetRequest.class, reset -> new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED))
                .build().connect().get(5, TimeUnit.SECONDS);
        assertThat(connected.get(5, TimeUnit.SECONDS).identity()).isEqualTo("CS-1");
        return session;
    }

    @Test
    void typedCallsGoBothWaysAndTheSessionsKnowTheirVersion() throws Exception {
        Ocpp201CsmsSession toCsms = connect();
        assertThat(toCsms.version()).isEqualTo(OcppVersion.OCPP201);
        BootNotificationResponse boot = toCsms.call(boot()).get(5, TimeUnit.SECONDS);
        assertThat(boot.getStatus()).isEqualTo(RegistrationStatusEnum.ACCEPTED);
        assertThat(boot.getCurrentTime()).isEqualTo(NOW);

        assertThat(csms.chargingStations()).extracting(Ocpp201ChargingStationSession::identity)
                .containsExactly("CS-1");
        ResetResponse reset = csms.call("CS-1", new ResetRequest().withType(ResetEnum.IMMEDIATE))
                .get(5, TimeUnit.SECONDS);
        assertThat(reset.getStatus()).isEqualTo(ResetStatusEnum.ACCEPTED);
    }

    @Test
    void dataTransferGoesBothWaysAndHandlersSeeTheCaller() throws Exception {
        Ocpp201CsmsSession toCsms = connect();
        DataTransferResponse r = toCsms.call(new DataTransferRequest().withVendorId("com.example"))
                .get(5, TimeUnit.SECONDS);
        assertThat(r.getData()).isEqualTo("CS-1");
        // The station registered no DataTransfer handler: the action is known, so NotSupported.
        ExecutionException e = assertThrows(ExecutionException.class, () -> csms.call("CS-1",
                new DataTransferRequest().withVendorId("com.example")).get(5, TimeUnit.SECONDS));
        assertThat(((CallErrorException) e.getCause()).wireCode()).isEqualTo("NotSupported");
    }

    @Test
    void vendorPropertiesInCustomDataCrossTheWireUnchanged() throws Exception {
        Ocpp201CsmsSession toCsms = connect();
        CustomData custom = new CustomData().withVendorId("com.example");
        custom.setAdditionalProperty("tariffZone", "B");
        custom.setAdditionalProperty("limits", java.util.Map.of("maxKw", 11));
        CompletableFuture<Object> seen = new CompletableFuture<>();
        csms.close();
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(HeartbeatRequest.class, hb -> {
                    seen.complete(hb.getCustomData());
                    return new dev.ocpp.v201.messages.HeartbeatResponse().withCurrentTime(NOW);
                })
                .build().start();
        toCsms = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity("CS-2")
                .build().connect().get(5, TimeUnit.SECONDS);
        toCsms.call(new HeartbeatRequest().withCustomData(custom)).get(5, TimeUnit.SECONDS);
        CustomData received = (CustomData) seen.get(5, TimeUnit.SECONDS);
        assertThat(received.getVendorId()).isEqualTo("com.example");
        assertThat(received.getAdditionalProperties()).containsEntry("tariffZone", "B")
                .containsEntry("limits", java.util.Map.of("maxKw", 11));
    }

    @Test
    void absentOptionalFieldsAreOmittedNeverNullOrEmpty() throws Exception {
        ObjectNode json = OcppJson.mapper().valueToTree(boot());
        assertThat(json.toString())
                .isEqualTo("{\"chargingStation\":{\"model\":\"W2\",\"vendorName\":\"ACME\"},\"reason\":\"PowerUp\"}");
    }

    @Test
    void invalidOutgoingRequestFailsWithoutBeingSent() throws Exception {
        Ocpp201CsmsSession toCsms = connect();
        ExecutionException e = assertThrows(ExecutionException.class, () -> toCsms.call(
                new BootNotificationRequest().withChargingStation(new dev.ocpp.v201.types.ChargingStation()
                        .withVendorName("ACME").withModel("W2"))).get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(PayloadValidationException.class).hasMessageContaining("reason");
    }

    @Test
    void callingAStationThatIsNotConnectedFailsWithConnectionClosed() throws Exception {
        connect();
        ExecutionException e = assertThrows(ExecutionException.class, () -> csms.call("NOBODY",
                new ResetRequest().withType(ResetEnum.IMMEDIATE)).get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void theWrongDirectionFailsFastForHandlersAndCalls() throws Exception {
        Ocpp201CsmsHandlers.Builder csmsSide = Ocpp201CsmsHandlers.builder();
        assertThatThrownBy(() -> csmsSide.on((Class) ResetRequest.class, (java.util.function.Function) r -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Reset is sent by the CSMS only; a charging station handles it");
        Ocpp201ChargingStationHandlers.Builder stationSide = Ocpp201ChargingStationHandlers.builder();
        assertThatThrownBy(() -> stationSide.on((Class) BootNotificationRequest.class,
                (java.util.function.Function) r -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BootNotification is sent by the charging station only; a CSMS handles it");
        // Calls need no run-time check: call(FromCsms) cannot even be handed a station's request.
    }

    @Test
    void disconnectRunsTheCallbackWithTheStationAndCloseCode() throws Exception {
        Ocpp201CsmsSession toCsms = connect();
        toCsms.close();
        assertThat(disconnected.get(5, TimeUnit.SECONDS)).isEqualTo("CS-1 1000");
    }
}
