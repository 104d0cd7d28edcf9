package dev.ocpp.examples.csms;

import static dev.ocpp.examples.testing.TypedApiSupport.await;
import static dev.ocpp.examples.testing.TypedApiSupport.callErrorOf;
import static dev.ocpp.examples.testing.TypedApiSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.examples.testing.TypedApiSupport.Arrivals;
import dev.ocpp.examples.testing.TypedApiSupport.Delivery;
import dev.ocpp.examples.testing.TypedApiSupport.Inbox;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;
import dev.ocpp.v16.Ocpp16CentralSystemHandlers;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.Ocpp16ChargePointHandlers;
import dev.ocpp.v16.Ocpp16ChargePointSession;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201ChargingStationHandlers;
import dev.ocpp.v201.Ocpp201ChargingStationSession;
import dev.ocpp.v201.Ocpp201CsmsHandlers;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.AuthorizeResponse;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.messages.DataTransferResponse;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.StatusNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.ConnectorStatusEnum;
import dev.ocpp.v201.types.DataTransferStatusEnum;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.IdToken;
import dev.ocpp.v201.types.IdTokenEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import dev.ocpp.v201.types.Variable;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One CSMS endpoint serving OCPP 1.6 and OCPP 2.0.1 side by side: a core {@link OcppServer} on the Tyrus transport
 * (127.0.0.1, ephemeral port) with {@link Ocpp16CentralSystemHandlers} for {@code ocpp1.6} and
 * {@link Ocpp201CsmsHandlers} for {@code ocpp2.0.1}, and a 1.6 charge point and a 2.0.1 charging station connected to
 * it at the same time. Each version's calls reach that version's handlers, typed; the CSMS calls each station through
 * the typed view {@link OcppSession#version()} picks; a station offering both subprotocols gets the first the server
 * serves; and a payload of the other version is refused with the codes of the session's version.
 *
 * <p>The handlers answer with version-specific values (heartbeat interval 161 on 1.6, 201 on 2.0.1), so every answer
 * also shows which version's handler produced it. One server and the two stations are shared by the tests; each test
 * claims only what it caused. Every wait is bounded; none sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedVersionCsmsTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final int INTERVAL_16 = 161;
    private static final int INTERVAL_201 = 201;
    /**
     * Raw calls that probe how the CSMS refuses the other version's payloads go out unchecked: the station's
     * session validates its own calls too (the validation interceptor of its typed handlers).
     */
    private static final CallOptions UNCHECKED = CallOptions.defaults().withValidation(ValidationOptions.off());

    static final String CP16 = "CP-16";
    static final String CS201 = "CS-201";

    /** What the CSMS's handlers were given, both versions. */
    final Inbox csmsInbox = new Inbox();
    /** What the stations' handlers were given. */
    final Inbox stationInbox = new Inbox();
    /** Sessions as the server opened them, by identity (a listener on the server's SessionConfig). */
    final Arrivals<OcppSession> opened = new Arrivals<>();
    /**
     * How each station's first connection ended, by identity, as the server saw it. The server keeps a gone
     * station's session for its return, so its closeFuture does not complete when the connection drops.
     */
    final Arrivals<OcppSession.CloseReason> disconnected = new Arrivals<>();

    OcppServer server;
    /** The 1.6 charge point's view of its connection, and the 2.0.1 station's. */
    Ocpp16CentralSystemSession cp16;
    Ocpp201CsmsSession cs201;
    /** One transport for every station of the class, closed after their sessions: it owns their threads. */
    private final TyrusClientTransport clientTransport = new TyrusClientTransport();

    @BeforeAll
    void start() throws Exception {
        Ocpp16CentralSystemHandlers.Builder v16 = Ocpp16CentralSystemHandlers.builder()
                .on(dev.ocpp.v16.messages.BootNotificationRequest.class,
                        csmsInbox.answer((dev.ocpp.v16.messages.BootNotificationRequest r) ->
                                new dev.ocpp.v16.messages.BootNotificationResponse()
                                        .withStatus(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED)
                                        .withCurrentTime(T0).withInterval(INTERVAL_16)))
                .on(dev.ocpp.v16.messages.HeartbeatRequest.class,
                        csmsInbox.answer((dev.ocpp.v16.messages.HeartbeatRequest r) ->
                                new dev.ocpp.v16.messages.HeartbeatResponse().withCurrentTime(T0)))
                .on(dev.ocpp.v16.messages.StatusNotificationRequest.class,
                        csmsInbox.answer((dev.ocpp.v16.messages.StatusNotificationRequest r) ->
                                new dev.ocpp.v16.messages.StatusNotificationResponse()))
                .on(dev.ocpp.v16.messages.AuthorizeRequest.class,
                        csmsInbox.answer((dev.ocpp.v16.messages.AuthorizeRequest r) ->
                                new dev.ocpp.v16.messages.AuthorizeResponse().withIdTagInfo(
                                        new dev.ocpp.v16.types.IdTagInfo()
                                                .withStatus(dev.ocpp.v16.types.AuthorizationStatus.ACCEPTED))))
                .on(dev.ocpp.v16.messages.DataTransferRequest.class,
                        csmsInbox.answer((dev.ocpp.v16.messages.DataTransferRequest r) ->
                                new dev.ocpp.v16.messages.DataTransferResponse()
                                        .withStatus(dev.ocpp.v16.types.DataTransferStatus.ACCEPTED)
                                        .withData("ocpp1.6:" + r.getMessageId())));
        Ocpp201CsmsHandlers.Builder v201 = Ocpp201CsmsHandlers.builder()
                .on(BootNotificationRequest.class, csmsInbox.answer((BootNotificationRequest r) ->
                        new BootNotificationResponse().withStatus(RegistrationStatusEnum.ACCEPTED)
                                .withCurrentTime(T0).withInterval(INTERVAL_201)))
                .on(HeartbeatRequest.class, csmsInbox.answer((HeartbeatRequest r) ->
                        new HeartbeatResponse().withCurrentTime(T0)))
                .on(StatusNotificationRequest.class, csmsInbox.answer((StatusNotificationRequest r) ->
                        new StatusNotificationResponse()))
                .on(AuthorizeRequest.class, csmsInbox.answer((AuthorizeRequest r) ->
                        new AuthorizeResponse().withIdTokenInfo(
                                new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED))))
                .on(TransactionEventRequest.class, csmsInbox.answer((TransactionEventRequest r) ->
                        new TransactionEventResponse().withTotalCost(2.01)))
                .on(DataTransferRequest.class, csmsInbox.answer((DataTransferRequest r) ->
                        new DataTransferResponse().withStatus(DataTransferStatusEnum.ACCEPTED)
                                .withData("ocpp2.0.1:" + r.getMessageId())));

        // OcppServer has no onConnect of its own: a listener on the session config is the hook.
        OcppEventListener lifecycle = new OcppEventListener() {
            @Override
            public void sessionOpened(OcppSession session) {
                opened.arrived(session.identity(), session);
            }

            @Override
            public void disconnected(OcppSession session, int code, String reason) {
                MixedVersionCsmsTest.this.disconnected.arrived(session.identity(),
                        new OcppSession.CloseReason(code, reason));
            }
        };
        server = OcppServer.builder(new TyrusServerTransport())
                .host("127.0.0.1").port(0).path("/ocpp")
                .serve(OcppVersion.OCPP16, v16.build())
                .serve(OcppVersion.OCPP201, v201.build())
                .sessionConfig(SessionConfig.builder().listener(lifecycle).build())
                .build().start();

        // Both connect at once.
        CompletableFuture<Ocpp16CentralSystemSession> connect16 = chargePoint16(CP16).connect();
        CompletableFuture<Ocpp201CsmsSession> connect201 = station201(CS201).connect();
        cp16 = await(connect16);
        cs201 = await(connect201);
    }

    @AfterAll
    void stop() {
        if (cp16 != null) {
            cp16.close();
        }
        if (cs201 != null) {
            cs201.close();
        }
        // After the sessions: one transport serves every station of the class and owns their threads.
        clientTransport.close();
        if (server != null) {
            server.close();
        }
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ocpp");
    }

    Ocpp16ChargePoint chargePoint16(String identity) {
        return Ocpp16ChargePoint.builder(clientTransport).endpoint(endpoint()).identity(identity)
                .on(dev.ocpp.v16.messages.ResetRequest.class, stationInbox.answer(MixedVersionCsmsTest::reset16))
                .build();
    }

    Ocpp201ChargingStation station201(String identity) {
        return Ocpp201ChargingStation.builder(clientTransport).endpoint(endpoint()).identity(identity)
                .on(ResetRequest.class, stationInbox.answer(MixedVersionCsmsTest::reset201))
                .on(GetVariablesRequest.class, stationInbox.answer(MixedVersionCsmsTest::variables201))
                .build();
    }

    static dev.ocpp.v16.messages.ResetResponse reset16(dev.ocpp.v16.messages.ResetRequest request) {
        return new dev.ocpp.v16.messages.ResetResponse().withStatus(dev.ocpp.v16.types.ResetStatus.ACCEPTED);
    }

    static ResetResponse reset201(ResetRequest request) {
        return new ResetResponse().withStatus(ResetStatusEnum.SCHEDULED);
    }

    static GetVariablesResponse variables201(GetVariablesRequest request) {
        return new GetVariablesResponse().withGetVariableResult(request.getGetVariableData().stream().map(d ->
                new GetVariableResult().withComponent(d.getComponent()).withVariable(d.getVariable())
                        .withAttributeStatus(GetVariableStatusEnum.ACCEPTED).withAttributeValue("201")).toList());
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void aTypedStationThatIsOfferedAnotherVersionFailsToConnectAndLeavesNoConnectionOpen() throws Exception {
        // The extra 1.6 offer comes first, so this dual-version server picks it over the typed station's 2.0.1.
        Ocpp201ChargingStation confused = Ocpp201ChargingStation.builder(clientTransport)
                .endpoint(endpoint()).identity("CS-CONFUSED")
                .client(c -> c.offer(OcppVersion.OCPP16, dev.ocpp.core.Handlers.none(
                        dev.ocpp.v16.Ocpp16Actions.CATALOG)))
                .build();
        assertThatThrownBy(() -> await(confused.connect()))
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("speaks ocpp1.6");
        OcppSession seen = opened.await("CS-CONFUSED");
        assertThat(disconnected.await("CS-CONFUSED").code()).isEqualTo(1000);
        assertThat(seen.isOpen()).isFalse();
        assertThat(server.sessions()).doesNotContain(seen);
    }

    @Test
    void bothStationsAreConnectedAtOnceEachWithItsOwnVersion() throws Exception {
        assertThat(server.sessions()).extracting(OcppSession::identity).contains(CP16, CS201);
        OcppSession s16 = server.session(CP16).orElseThrow();
        OcppSession s201 = server.session(CS201).orElseThrow();
        assertThat(s16.version()).isEqualTo(OcppVersion.OCPP16);
        assertThat(s16.connectionInfo().subprotocol()).isEqualTo("ocpp1.6");
        assertThat(s201.version()).isEqualTo(OcppVersion.OCPP201);
        assertThat(s201.connectionInfo().subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(opened.await(CP16)).isSameAs(s16);
        assertThat(opened.await(CS201)).isSameAs(s201);
        assertThat(cp16.version()).isEqualTo(OcppVersion.OCPP16);
        assertThat(cs201.version()).isEqualTo(OcppVersion.OCPP201);
    }

    @Test
    void eachStationBootsAndIsAnsweredByItsVersionsHandlers() throws Exception {
        // Both in flight together.
        CompletableFuture<dev.ocpp.v16.messages.BootNotificationResponse> boot16 = cp16.call(
                new dev.ocpp.v16.messages.BootNotificationRequest()
                        .withChargePointVendor("dev.ocpp").withChargePointModel("mixed-16"));
        CompletableFuture<BootNotificationResponse> boot201 = cs201.call(new BootNotificationRequest()
                .withReason(BootReasonEnum.POWER_UP)
                .withChargingStation(new ChargingStation().withVendorName("dev.ocpp").withModel("mixed-201")));

        dev.ocpp.v16.messages.BootNotificationResponse answer16 = await(boot16);
        assertThat(answer16.getStatus()).isEqualTo(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED);
        assertThat(answer16.getInterval()).isEqualTo(INTERVAL_16);
        BootNotificationResponse answer201 = await(boot201);
        assertThat(answer201.getStatus()).isEqualTo(RegistrationStatusEnum.ACCEPTED);
        assertThat(answer201.getInterval()).isEqualTo(INTERVAL_201);

        Delivery<dev.ocpp.v16.messages.BootNotificationRequest> got16 =
                csmsInbox.takeDelivery(dev.ocpp.v16.messages.BootNotificationRequest.class);
        assertThat(got16.identity()).isEqualTo(CP16);
        assertThat(got16.request().getChargePointModel()).isEqualTo("mixed-16");
        Delivery<BootNotificationRequest> got201 = csmsInbox.takeDelivery(BootNotificationRequest.class);
        assertThat(got201.identity()).isEqualTo(CS201);
        assertThat(got201.request().getChargingStation().getModel()).isEqualTo("mixed-201");
        assertThat(got201.request().getReason()).isEqualTo(BootReasonEnum.POWER_UP);
    }

    @Test
    void typedCallsOfBothVersionsInterleaveOnTheOneEndpoint() throws Exception {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        CompletableFuture<dev.ocpp.v16.messages.HeartbeatResponse> heartbeat16 =
                cp16.call(new dev.ocpp.v16.messages.HeartbeatRequest());
        CompletableFuture<HeartbeatResponse> heartbeat201 = cs201.call(new HeartbeatRequest());
        CompletableFuture<dev.ocpp.v16.messages.AuthorizeResponse> authorize16 =
                cp16.call(new dev.ocpp.v16.messages.AuthorizeRequest().withIdTag("TAG-16"));
        CompletableFuture<AuthorizeResponse> authorize201 = cs201.call(new AuthorizeRequest()
                .withIdToken(new IdToken().withIdToken("TAG-201").withType(IdTokenEnum.ISO_14443)));
        CompletableFuture<dev.ocpp.v16.messages.StatusNotificationResponse> status16 = cp16.call(
                new dev.ocpp.v16.messages.StatusNotificationRequest().withConnectorId(1)
                        .withStatus(dev.ocpp.v16.types.ChargePointStatus.AVAILABLE)
                        .withErrorCode(dev.ocpp.v16.types.ChargePointErrorCode.NO_ERROR));
        CompletableFuture<StatusNotificationResponse> status201 = cs201.call(new StatusNotificationRequest()
                .withTimestamp(T0).withConnectorStatus(ConnectorStatusEnum.AVAILABLE).withEvseId(1).withConnectorId(1));
        CompletableFuture<TransactionEventResponse> transaction201 = cs201.call(new TransactionEventRequest()
                .withEventType(TransactionEventEnum.STARTED).withTimestamp(T0)
                .withTriggerReason(TriggerReasonEnum.CABLE_PLUGGED_IN).withSeqNo(0)
                .withTransactionInfo(new Transaction().withTransactionId("TX-201")));
        CompletableFuture<dev.ocpp.v16.messages.DataTransferResponse> data16 = cp16.call(
                new dev.ocpp.v16.messages.DataTransferRequest().withVendorId("dev.ocpp").withMessageId("m16"));
        CompletableFuture<DataTransferResponse> data201 = cs201.call(new DataTransferRequest()
                .withVendorId("dev.ocpp").withMessageId("m201"));
        inFlight.addAll(List.of(heartbeat16, heartbeat201, authorize16, authorize201, status16, status201,
                transaction201, data16, data201));
        await(CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)));

        assertThat(heartbeat16.join().getCurrentTime()).isEqualTo(T0);
        assertThat(heartbeat201.join().getCurrentTime()).isEqualTo(T0);
        assertThat(authorize16.join().getIdTagInfo().getStatus())
                .isEqualTo(dev.ocpp.v16.types.AuthorizationStatus.ACCEPTED);
        assertThat(authorize201.join().getIdTokenInfo().getStatus()).isEqualTo(AuthorizationStatusEnum.ACCEPTED);
        assertThat(transaction201.join().getTotalCost()).isEqualTo(2.01);
        assertThat(data16.join().getData()).isEqualTo("ocpp1.6:m16");
        assertThat(data201.join().getData()).isEqualTo("ocpp2.0.1:m201");

        // Each reached its own version's handler, from the right connection.
        assertThat(csmsInbox.takeDelivery(dev.ocpp.v16.messages.AuthorizeRequest.class))
                .satisfies(d -> assertThat(d.identity()).isEqualTo(CP16))
                .satisfies(d -> assertThat(d.request().getIdTag()).isEqualTo("TAG-16"));
        assertThat(csmsInbox.takeDelivery(AuthorizeRequest.class))
                .satisfies(d -> assertThat(d.identity()).isEqualTo(CS201))
                .satisfies(d -> assertThat(d.request().getIdToken().getIdToken()).isEqualTo("TAG-201"));
        assertThat(csmsInbox.takeDelivery(dev.ocpp.v16.messages.StatusNotificationRequest.class).identity())
                .isEqualTo(CP16);
        assertThat(csmsInbox.takeDelivery(StatusNotificationRequest.class).identity()).isEqualTo(CS201);
        assertThat(csmsInbox.take(TransactionEventRequest.class).getTransactionInfo().getTransactionId())
                .isEqualTo("TX-201");
        assertThat(csmsInbox.takeDelivery(dev.ocpp.v16.messages.HeartbeatRequest.class).identity()).isEqualTo(CP16);
        assertThat(csmsInbox.takeDelivery(HeartbeatRequest.class).identity()).isEqualTo(CS201);
        assertThat(csmsInbox.takeDelivery(dev.ocpp.v16.messages.DataTransferRequest.class).identity()).isEqualTo(CP16);
        assertThat(csmsInbox.takeDelivery(DataTransferRequest.class).identity()).isEqualTo(CS201);
    }

    @Test
    void csmsCallsEachStationThroughTheTypedViewItsVersionPicks() throws Exception {
        List<String> answers = new ArrayList<>();
        for (OcppSession session : server.sessions()) {
            if (!session.identity().equals(CP16) && !session.identity().equals(CS201)) {
                continue;
            }
            switch (session.version()) {
                case OCPP16 -> answers.add(session.identity() + ": " + await(Ocpp16ChargePointSession.of(session)
                        .call(new dev.ocpp.v16.messages.ResetRequest().withType(dev.ocpp.v16.types.ResetType.SOFT)))
                        .getStatus().value());
                case OCPP201 -> answers.add(session.identity() + ": " + await(Ocpp201ChargingStationSession.of(session)
                        .call(new ResetRequest().withType(ResetEnum.ON_IDLE))).getStatus().value());
                default -> throw new AssertionError("unexpected version " + session.version());
            }
        }
        assertThat(answers).containsExactlyInAnyOrder(CP16 + ": Accepted", CS201 + ": Scheduled");
        assertThat(stationInbox.take(dev.ocpp.v16.messages.ResetRequest.class).getType())
                .isEqualTo(dev.ocpp.v16.types.ResetType.SOFT);
        assertThat(stationInbox.take(ResetRequest.class).getType()).isEqualTo(ResetEnum.ON_IDLE);

        GetVariablesResponse variables = await(Ocpp201ChargingStationSession.of(server.session(CS201).orElseThrow())
                .call(new GetVariablesRequest().withGetVariableData(List.of(new GetVariableData()
                        .withComponent(new Component().withName("OCPPCommCtrlr"))
                        .withVariable(new Variable().withName("HeartbeatInterval"))))));
        assertThat(variables.getGetVariableResult()).singleElement()
                .satisfies(r -> assertThat(r.getAttributeValue()).isEqualTo("201"));
    }

    @Test
    void aTypedViewOfTheOtherVersionIsRefused() {
        OcppSession s16 = server.session(CP16).orElseThrow();
        OcppSession s201 = server.session(CS201).orElseThrow();
        assertThatThrownBy(() -> Ocpp201ChargingStationSession.of(s16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ocpp1.6");
        assertThatThrownBy(() -> Ocpp16ChargePointSession.of(s201)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ocpp2.0.1");
    }

    @Test
    void aStationOfferingBothVersionsGetsTheFirstItOffersThatTheServerServes() throws Exception {
        for (List<OcppVersion> offer : List.of(List.of(OcppVersion.OCPP201, OcppVersion.OCPP16),
                List.of(OcppVersion.OCPP16, OcppVersion.OCPP201),
                // 2.1 is not served here, so the next one offered is taken.
                List.of(OcppVersion.OCPP21, OcppVersion.OCPP201))) {
            OcppVersion expected = offer.get(0) == OcppVersion.OCPP21 ? offer.get(1) : offer.get(0);
            String identity = "DUAL-" + offer.get(0).subprotocol() + "-first";
            OcppClient.Builder client = OcppClient.builder(clientTransport).endpoint(endpoint())
                    .identity(identity);
            for (OcppVersion version : offer) {
                client.offer(version, switch (version) {
                    case OCPP16 -> Ocpp16ChargePointHandlers.builder().build();
                    case OCPP201 -> Ocpp201ChargingStationHandlers.builder().build();
                    case OCPP21 -> dev.ocpp.core.Handlers.none(dev.ocpp.core.ActionCatalog.none());
                });
            }
            OcppSession session = await(client.build().connect());
            OcppSession serverSide = opened.await(identity);
            try {
                assertThat(session.version()).as("offering %s", offer).isEqualTo(expected);
                assertThat(session.connectionInfo().subprotocol()).isEqualTo(expected.subprotocol());
                assertThat(serverSide.version()).isEqualTo(expected);

                // The typed view of the negotiated version works, and that version's handler answers.
                if (expected == OcppVersion.OCPP16) {
                    assertThat(await(Ocpp16CentralSystemSession.of(session).call(
                            new dev.ocpp.v16.messages.BootNotificationRequest()
                                    .withChargePointVendor("dev.ocpp").withChargePointModel("dual"))).getInterval())
                            .isEqualTo(INTERVAL_16);
                    assertThat(csmsInbox.takeDelivery(dev.ocpp.v16.messages.BootNotificationRequest.class).identity())
                            .isEqualTo(identity);
                } else {
                    assertThat(await(Ocpp201CsmsSession.of(session).call(new BootNotificationRequest()
                            .withReason(BootReasonEnum.POWER_UP).withChargingStation(new ChargingStation()
                                    .withVendorName("dev.ocpp").withModel("dual")))).getInterval())
                            .isEqualTo(INTERVAL_201);
                    assertThat(csmsInbox.takeDelivery(BootNotificationRequest.class).identity()).isEqualTo(identity);
                }
            } finally {
                session.close();
            }
            disconnected.await(identity);
            assertThat(serverSide.isOpen()).isFalse();
        }
    }

    /** A 2.0.1 BootNotification body on the 1.6 session: refused with the 1.6 spelling, no handler sees it. */
    @Test
    void a201PayloadOnThe16SessionIsRefusedWith16Codes() throws Exception {
        ObjectNode boot201 = json("""
                {"reason": "PowerUp", "chargingStation": {"model": "m", "vendorName": "v"}}""");
        CallErrorException error = callErrorOf(cp16.session().call("BootNotification", boot201, UNCHECKED));
        assertThat(error.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
        assertThat(error.wireCode()).isEqualTo("OccurenceConstraintViolation");
        assertThat(error.description()).contains("chargePointVendor");
        assertThat(csmsInbox.isEmpty(dev.ocpp.v16.messages.BootNotificationRequest.class)).isTrue();
        assertThat(csmsInbox.isEmpty(BootNotificationRequest.class)).isTrue();

        // customData exists only in 2.0.1: to 1.6 it is a property the message does not define.
        CallErrorException extra = callErrorOf(cp16.session().call("Heartbeat",
                json("{\"customData\": {\"vendorId\": \"dev.ocpp\"}}"), UNCHECKED));
        assertThat(extra.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
        assertThat(extra.wireCode()).isEqualTo("FormationViolation");
        assertThat(extra.description()).contains("customData");
        assertThat(csmsInbox.isEmpty(dev.ocpp.v16.messages.HeartbeatRequest.class)).isTrue();

        // A 2.0.1-only action is unknown to 1.6.
        CallErrorException unknown = callErrorOf(cp16.session().call("TransactionEvent", json("""
                {"eventType": "Started", "timestamp": "2026-11-21T10:00:00Z", "triggerReason": "Authorized",
                 "seqNo": 0, "transactionInfo": {"transactionId": "TX-1"}}""")));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        assertThat(csmsInbox.isEmpty(TransactionEventRequest.class)).isTrue();
    }

    /** A 1.6 BootNotification body on the 2.0.1 session: refused with the 2.0.1 spelling, no handler sees it. */
    @Test
    void a16PayloadOnThe201SessionIsRefusedWith201Codes() throws Exception {
        ObjectNode boot16 = json("{\"chargePointVendor\": \"v\", \"chargePointModel\": \"m\"}");
        CallErrorException error = callErrorOf(cs201.session().call("BootNotification", boot16, UNCHECKED));
        assertThat(error.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
        assertThat(error.wireCode()).isEqualTo("OccurrenceConstraintViolation");
        assertThat(error.description()).contains("reason");
        assertThat(csmsInbox.isEmpty(BootNotificationRequest.class)).isTrue();
        assertThat(csmsInbox.isEmpty(dev.ocpp.v16.messages.BootNotificationRequest.class)).isTrue();

        CallErrorException authorize = callErrorOf(cs201.session().call("Authorize", json("{\"idTag\": \"T\"}"),
                UNCHECKED));
        assertThat(authorize.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
        assertThat(authorize.wireCode()).isEqualTo("OccurrenceConstraintViolation");
        assertThat(authorize.description()).contains("idToken");
        assertThat(csmsInbox.isEmpty(AuthorizeRequest.class)).isTrue();

        // A 1.6-only action is unknown to 2.0.1.
        CallErrorException unknown = callErrorOf(cs201.session().call("StartTransaction", json("""
                {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2026-11-21T10:00:00Z"}""")));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
    }

    /** The CSMS calling a station with the other version's action gets that station's NotImplemented. */
    @Test
    void theOtherVersionsActionFromTheCsmsIsNotImplementedAtTheStation() {
        CallErrorException at16 = callErrorOf(server.call(CP16, "GetVariables", json("""
                {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"},
                  "variable": {"name": "HeartbeatInterval"}}]}""")));
        assertThat(at16.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        CallErrorException at201 = callErrorOf(server.call(CS201, "GetConfiguration", json("{}")));
        assertThat(at201.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
    }

    @Test
    void aStationLeavingDoesNotDisturbTheOtherVersion() throws Exception {
        String identity = "CP-16-leaving";
        Ocpp16CentralSystemSession leaving = await(chargePoint16(identity).connect());
        OcppSession serverSide = opened.await(identity);
        assertThat(serverSide.version()).isEqualTo(OcppVersion.OCPP16);
        leaving.close();
        // The server keeps the session for the station's return, but no longer counts it as connected.
        assertThat(disconnected.await(identity).code()).isEqualTo(1000);
        assertThat(serverSide.isOpen()).isFalse();
        assertThat(server.sessions()).extracting(OcppSession::identity).doesNotContain(identity);

        assertThat(await(cs201.call(new HeartbeatRequest())).getCurrentTime()).isEqualTo(T0);
        assertThat(await(cp16.call(new dev.ocpp.v16.messages.HeartbeatRequest())).getCurrentTime()).isEqualTo(T0);
        csmsInbox.take(HeartbeatRequest.class);
        csmsInbox.take(dev.ocpp.v16.messages.HeartbeatRequest.class);
    }
}
