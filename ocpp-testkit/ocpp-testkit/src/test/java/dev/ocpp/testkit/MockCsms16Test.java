package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.AuthorizeRequest;
import dev.ocpp.v16.messages.AuthorizeResponse;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.ChargePointErrorCode;
import dev.ocpp.v16.types.ChargePointStatus;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v16.types.ResetStatus;
import dev.ocpp.v16.types.ResetType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MockCsms} of OCPP 1.6 against the library's {@link Ocpp16ChargePoint}: typed answers, typed CALLs both
 * ways, a Pending boot retried on a virtual clock, transaction ids.
 */
class MockCsms16Test {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ID = "CP-1";
    static final BootNotificationRequest BOOT = new BootNotificationRequest().withChargePointVendor("ACME")
            .withChargePointModel("W1");

    MockCsms csms;
    Ocpp16CentralSystemSession toCsms;
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
        VirtualClock clock = new VirtualClock(Instant.parse("2026-11-21T10:00:00Z"));
        csms = MockCsms.builder(OcppVersion.OCPP16).clock(clock).build();
        csms.enqueue(BootNotificationRequest.class, new BootNotificationResponse()
                .withStatus(dev.ocpp.v16.types.RegistrationStatus.PENDING).withInterval(60)
                .withCurrentTime(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC)));
        Ocpp16ChargePoint station = Ocpp16ChargePoint.builder(csms.stationTransport())
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
        clock.advance(Duration.ofSeconds(59));
        assertThat(csms.journal().exchanges("BootNotification")).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        runtime.accepted().get(10, TimeUnit.SECONDS);

        assertThat(seen).containsExactly(RegistrationStatus.PENDING, RegistrationStatus.ACCEPTED);
        List<Exchange> boots = csms.journal().exchanges("BootNotification");
        assertThat(boots).hasSize(2);
        BootNotificationResponse second = boots.get(1).response(BootNotificationResponse.class).orElseThrow();
        assertThat(second.getStatus()).isEqualTo(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED);
        // The default answer and the journal tell the virtual time.
        assertThat(second.getCurrentTime().toInstant()).isEqualTo(Instant.parse("2026-11-21T10:01:00Z"));
        assertThat(boots.get(1).calledAt()).isEqualTo(Instant.parse("2026-11-21T10:01:00Z"));
    }

    @Test
    void respondWithComputesTheAnswerFromTheRequest() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP16);
        csms.respondWith(AuthorizeRequest.class, a -> new AuthorizeResponse().withIdTagInfo(new IdTagInfo()
                .withStatus(a.getIdTag().startsWith("BLOCKED") ? AuthorizationStatus.BLOCKED
                        : AuthorizationStatus.ACCEPTED)
                .withParentIdTag(a.getIdTag())));
        toCsms = connect(station());

        IdTagInfo blocked = toCsms.call(new AuthorizeRequest().withIdTag("BLOCKED-7")).get(10, TimeUnit.SECONDS)
                .getIdTagInfo();
        IdTagInfo fine = toCsms.call(new AuthorizeRequest().withIdTag("TAG-1")).get(10, TimeUnit.SECONDS)
                .getIdTagInfo();

        assertThat(blocked.getStatus()).isEqualTo(AuthorizationStatus.BLOCKED);
        assertThat(blocked.getParentIdTag()).isEqualTo("BLOCKED-7");
        assertThat(fine.getStatus()).isEqualTo(AuthorizationStatus.ACCEPTED);
        assertThat(fine.getParentIdTag()).isEqualTo("TAG-1");
    }

    @Test
    void takeCallReturnsEachTypedRequestOnceAndTheNextTakeWaitsForTheNextCall() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP16);
        toCsms = connect(station());

        toCsms.call(status(1)).get(10, TimeUnit.SECONDS);
        StatusNotificationRequest first = csms.takeCall(StatusNotificationRequest.class, WAIT);
        assertThat(first.getConnectorId()).isEqualTo(1);
        assertThat(first.getStatus()).isEqualTo(ChargePointStatus.AVAILABLE);
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

        assertThat(next.get(10, TimeUnit.SECONDS).getConnectorId()).isEqualTo(2);
    }

    @Test
    void takeExchangeReturnsOnlyOnceTheMockHasAnsweredSoAJournalAssertionSeesTheAnswer() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP16);
        CountDownLatch release = new CountDownLatch(1);
        // The mock's answer is held back until the test's thread is waiting inside takeExchange; a take that returned
        // as soon as the CALL was recorded would hand out an exchange with no answer.
        csms.respondWith(AuthorizeRequest.class, a -> {
            awaitQuietly(release);
            return new AuthorizeResponse().withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
        });
        toCsms = connect(station());
        CompletableFuture<AuthorizeResponse> answer = toCsms.call(new AuthorizeRequest().withIdTag("TAG-1"));
        csms.journal().await(e -> e.action().equals("Authorize"), WAIT).orElseThrow();
        Thread tester = Thread.currentThread();
        background.execute(() -> {
            while (tester.getState() != Thread.State.TIMED_WAITING && release.getCount() > 0) {
                Thread.onSpinWait();
            }
            release.countDown();
        });

        Exchange taken = csms.takeExchange(AuthorizeRequest.class, WAIT);
        release.countDown();

        assertThat(taken.answered()).isTrue();
        assertThat(taken.response(AuthorizeResponse.class).orElseThrow().getIdTagInfo().getStatus())
                .isEqualTo(AuthorizationStatus.ACCEPTED);
        assertThat(answer.get(10, TimeUnit.SECONDS).getIdTagInfo().getStatus())
                .isEqualTo(AuthorizationStatus.ACCEPTED);
    }

    @Test
    void takeExchangeHandsOutTheCallUnansweredWhenTheAnswerIsStillBeingComputedAtTheTimeout() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP16);
        CountDownLatch release = new CountDownLatch(1);
        csms.respondWith(AuthorizeRequest.class, a -> {
            awaitQuietly(release);
            return new AuthorizeResponse().withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
        });
        toCsms = connect(station());
        CompletableFuture<AuthorizeResponse> answer = toCsms.call(new AuthorizeRequest().withIdTag("TAG-1"));
        try {
            // A short timeout on purpose: the answer is held until after the take.
            Exchange taken = csms.takeExchange(AuthorizeRequest.class, Duration.ofMillis(300));
            assertThat(taken.action()).isEqualTo("Authorize");
            assertThat(taken.answered()).isFalse();
        } finally {
            release.countDown();
        }
        assertThat(answer.get(10, TimeUnit.SECONDS).getIdTagInfo().getStatus())
                .isEqualTo(AuthorizationStatus.ACCEPTED);
    }

    @Test
    void aCallToTheStationReturnsWhatItsHandlerAnswered() throws Exception {
        csms = MockCsms.builder(OcppVersion.OCPP16).webSocket().build();
        toCsms = connect(station());
        csms.awaitStation(ID, WAIT);

        ResetResponse soft = csms.call(ID, new ResetRequest().withType(ResetType.SOFT)).get(10, TimeUnit.SECONDS);
        ResetResponse hard = csms.call(ID, new ResetRequest().withType(ResetType.HARD)).get(10, TimeUnit.SECONDS);

        assertThat(soft.getStatus()).isEqualTo(ResetStatus.ACCEPTED);
        assertThat(hard.getStatus()).isEqualTo(ResetStatus.REJECTED);
        assertThat(csms.journal().exchanges("Reset")).allSatisfy(e -> assertThat(e.caller()).isEqualTo(Role.CSMS))
                .hasSize(2);
    }

    @Test
    void eachStartTransactionGetsANewTransactionIdFromTheMock() throws Exception {
        csms = MockCsms.start(OcppVersion.OCPP16);
        toCsms = connect(station());
        StartTransactionRequest start = new StartTransactionRequest().withConnectorId(1).withIdTag("TAG-1")
                .withMeterStart(0).withTimestamp(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC));

        StartTransactionResponse one = toCsms.call(start).get(10, TimeUnit.SECONDS);
        StartTransactionResponse two = toCsms.call(start).get(10, TimeUnit.SECONDS);

        assertThat(one.getTransactionId()).isEqualTo(1);
        assertThat(two.getTransactionId()).isEqualTo(2);
        assertThat(two.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.ACCEPTED);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A charge point that accepts a soft reset and rejects a hard one. */
    Ocpp16ChargePoint station() {
        return Ocpp16ChargePoint.builder(csms.stationTransport())
                .endpoint(csms.url()).identity(ID)
                .on(ResetRequest.class, r -> new ResetResponse().withStatus(r.getType() == ResetType.SOFT
                        ? ResetStatus.ACCEPTED : ResetStatus.REJECTED))
                .build();
    }

    static Ocpp16CentralSystemSession connect(Ocpp16ChargePoint station) throws Exception {
        return station.connect().get(10, TimeUnit.SECONDS);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static StatusNotificationRequest status(int connector) {
        return new StatusNotificationRequest().withConnectorId(connector)
                .withErrorCode(ChargePointErrorCode.NO_ERROR).withStatus(ChargePointStatus.AVAILABLE);
    }
}
