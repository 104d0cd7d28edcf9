package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.AuthorizeResponse;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.ConnectorStatusEnum;
import dev.ocpp.v201.types.IdToken;
import dev.ocpp.v201.types.IdTokenEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MockCsms} of OCPP 2.0.1 against the library's {@link Ocpp201ChargingStation}: typed answers, typed CALLs
 * both ways, a Pending boot retried on a virtual clock (B02), idTokenInfo for a TransactionEvent's idToken.
 */
class MockCsms201Test {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ID = "CS-201";
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    static final BootNotificationRequest BOOT = new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
            .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("W1"));

    MockCsms csms;
    Ocpp201CsmsSession toCsms;
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        if (toCsms != null) {
            toCsms.session().close();
        }
        if (csms != null) {
            csms.close();
        }
        background.shutdownNow();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPendingBootIsRetriedAfterItsIntervalAndThenAcceptedByDefault() throws Exception {
        VirtualClock clock = new VirtualClock(T0.toInstant());
        csms = MockCsms.builder(OcppVersion.OCPP201).clock(clock).build();
        csms.enqueue(BootNotificationRequest.class, new BootNotificationResponse()
                .withStatus(RegistrationStatusEnum.PENDING).withInterval(30).withCurrentTime(T0));
        Ocpp201ChargingStation station = Ocpp201ChargingStation.builder(csms.stationTransport())
                .endpoint(csms.url()).identity(ID)
                // The station's timers run on the same virtual clock: its retry waits for advance().
                .sessionConfig(SessionConfig.builder().scheduler(clock).build())
                .bootNotification(BOOT)
                .build();
        StationRuntime runtime = station.runtime().orElseThrow();
        List<RegistrationStatus> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> pending = new CompletableFuture<>();
        runtime.onRegistration(status -> {
            seen.add(status);
            if (status == RegistrationStatus.PENDING) {
                pending.complete(null);
            }
        });

        toCsms = station.start();
        pending.get(10, TimeUnit.SECONDS);
        assertThat(runtime.accepted()).isNotDone();
        clock.advance(Duration.ofSeconds(30));
        runtime.accepted().get(10, TimeUnit.SECONDS);

        assertThat(seen).containsExactly(RegistrationStatus.PENDING, RegistrationStatus.ACCEPTED);
        List<Exchange> boots = csms.journal().exchanges("BootNotification");
        assertThat(boots).extracting(e -> e.response(BootNotificationResponse.class).orElseThrow().getStatus())
                .containsExactly(RegistrationStatusEnum.PENDING, RegistrationStatusEnum.ACCEPTED);
        BootNotificationResponse second = boots.get(1).response(BootNotificationResponse.class).orElseThrow();
        assertThat(second.getInterval()).isEqualTo(MockCsms.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(second.getCurrentTime().toInstant()).isEqualTo(T0.plusSeconds(30).toInstant());
        assertThat(boots.get(1).calledAt()).isEqualTo(T0.plusSeconds(30).toInstant());
    }

    @Test
    void respondWithComputesTheAnswerFromTheRequest() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP201);
        csms.respondWith(AuthorizeRequest.class, a -> new AuthorizeResponse().withIdTokenInfo(new IdTokenInfo()
                .withStatus(a.getIdToken().getIdToken().startsWith("BLOCKED") ? AuthorizationStatusEnum.BLOCKED
                        : AuthorizationStatusEnum.ACCEPTED)
                .withGroupIdToken(a.getIdToken())));
        toCsms = connect(station());

        IdTokenInfo blocked = toCsms.call(new AuthorizeRequest().withIdToken(token("BLOCKED-7")))
                .get(10, TimeUnit.SECONDS).getIdTokenInfo();
        IdTokenInfo fine = toCsms.call(new AuthorizeRequest().withIdToken(token("TAG-1")))
                .get(10, TimeUnit.SECONDS).getIdTokenInfo();

        assertThat(blocked.getStatus()).isEqualTo(AuthorizationStatusEnum.BLOCKED);
        assertThat(blocked.getGroupIdToken().getIdToken()).isEqualTo("BLOCKED-7");
        assertThat(fine.getStatus()).isEqualTo(AuthorizationStatusEnum.ACCEPTED);
        assertThat(fine.getGroupIdToken().getIdToken()).isEqualTo("TAG-1");
    }

    @Test
    void anEnqueuedErrorAnswersOneCallThenTheDefaultIsBack() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP201);
        csms.enqueueError(DataTransferRequest.class, ErrorCode.NOT_SUPPORTED, "no vendor extensions here");
        toCsms = connect(station());
        DataTransferRequest transfer = new DataTransferRequest().withVendorId("ACME");

        assertThatThrownBy(() -> toCsms.call(transfer).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(CallErrorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
        assertThat(toCsms.call(transfer).get(10, TimeUnit.SECONDS).getStatus())
                .isEqualTo(dev.ocpp.v201.types.DataTransferStatusEnum.ACCEPTED);
    }

    @Test
    void takeCallReturnsEachTypedRequestOnceAndTheNextTakeWaitsForTheNextCall() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP201);
        toCsms = connect(station());

        toCsms.call(status(1)).get(10, TimeUnit.SECONDS);
        StatusNotificationRequest first = csms.takeCall(StatusNotificationRequest.class, WAIT);
        assertThat(first.getEvseId()).isEqualTo(1);
        assertThat(first.getConnectorStatus()).isEqualTo(ConnectorStatusEnum.AVAILABLE);
        // The first is not handed out again (a short wait on purpose: no other call was sent).
        assertThatThrownBy(() -> csms.takeCall(StatusNotificationRequest.class, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class);

        CompletableFuture<StatusNotificationRequest> next = CompletableFuture.supplyAsync(() -> {
            try {
                return csms.takeCall(StatusNotificationRequest.class, WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, background);
        toCsms.call(status(2)).get(10, TimeUnit.SECONDS);

        assertThat(next.get(10, TimeUnit.SECONDS).getEvseId()).isEqualTo(2);
    }

    @Test
    void aCallToTheStationReturnsWhatItsHandlerAnswered() throws Exception {
        csms = MockCsms.builder(OcppVersion.OCPP201).webSocket().build();
        toCsms = connect(station());
        csms.awaitStation(ID, WAIT);

        ResetResponse now = csms.call(ID, new ResetRequest().withType(ResetEnum.IMMEDIATE)).get(10, TimeUnit.SECONDS);
        ResetResponse later = csms.call(ID, new ResetRequest().withType(ResetEnum.ON_IDLE)).get(10, TimeUnit.SECONDS);

        assertThat(now.getStatus()).isEqualTo(ResetStatusEnum.ACCEPTED);
        assertThat(later.getStatus()).isEqualTo(ResetStatusEnum.SCHEDULED);
        assertThat(csms.journal().exchanges("Reset")).allSatisfy(e -> assertThat(e.caller()).isEqualTo(Role.CSMS))
                .hasSize(2);
    }

    @Test
    void aTransactionEventWithAnIdTokenGetsItsIdTokenInfoAcceptedAndOneWithoutGetsNone() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP201);
        toCsms = connect(station());
        TransactionEventRequest started = new TransactionEventRequest().withEventType(TransactionEventEnum.STARTED)
                .withTimestamp(T0).withTriggerReason(TriggerReasonEnum.AUTHORIZED).withSeqNo(0)
                .withTransactionInfo(new Transaction().withTransactionId("tx-1")).withIdToken(token("TAG-1"));
        TransactionEventRequest updated = new TransactionEventRequest().withEventType(TransactionEventEnum.UPDATED)
                .withTimestamp(T0).withTriggerReason(TriggerReasonEnum.METER_VALUE_PERIODIC).withSeqNo(1)
                .withTransactionInfo(new Transaction().withTransactionId("tx-1"));

        TransactionEventResponse withToken = toCsms.call(started).get(10, TimeUnit.SECONDS);
        TransactionEventResponse without = toCsms.call(updated).get(10, TimeUnit.SECONDS);

        assertThat(withToken.getIdTokenInfo().getStatus()).isEqualTo(AuthorizationStatusEnum.ACCEPTED);
        assertThat(without.getIdTokenInfo()).isNull();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A station that resets at once when told Immediate and schedules it when told OnIdle. */
    Ocpp201ChargingStation station() {
        return Ocpp201ChargingStation.builder(csms.stationTransport())
                .endpoint(csms.url()).identity(ID)
                .on(ResetRequest.class, r -> new ResetResponse().withStatus(r.getType() == ResetEnum.IMMEDIATE
                        ? ResetStatusEnum.ACCEPTED : ResetStatusEnum.SCHEDULED))
                .build();
    }

    static Ocpp201CsmsSession connect(Ocpp201ChargingStation station) throws Exception {
        return station.connect().get(10, TimeUnit.SECONDS);
    }

    static IdToken token(String id) {
        return new IdToken().withIdToken(id).withType(IdTokenEnum.ISO_14443);
    }

    static StatusNotificationRequest status(int evse) {
        return new StatusNotificationRequest().withTimestamp(T0).withConnectorStatus(ConnectorStatusEnum.AVAILABLE)
                .withEvseId(evse).withConnectorId(1);
    }
}
