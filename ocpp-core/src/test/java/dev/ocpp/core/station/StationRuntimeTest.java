package dev.ocpp.core.station;

import static dev.ocpp.core.testing.StationHarness.bootAnswer;
import static dev.ocpp.core.testing.StationHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.internal.settings.CommSettingChange;
import dev.ocpp.core.testing.StationHarness;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The station runtime against a CSMS played by hand, on a manual clock: boot sequence (OCPP 1.6 §4.2, 2.0.1 B01-B03),
 * heartbeat (1.6 §4.6, 2.0.1 G02) and reconnects (OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3).
 */
class StationRuntimeTest {

    private final List<RegistrationStatus> seen = new CopyOnWriteArrayList<>();

    private StationHarness station() {
        return station(b -> { });
    }

    private StationHarness station(java.util.function.Consumer<StationRuntime.Builder> settings) {
        StationHarness h = new StationHarness(settings);
        h.runtime.onRegistration(seen::add);
        return h;
    }

    /** A station connected and accepted with heartbeat interval {@code interval} s, at time 0 of its clock. */
    private StationHarness accepted(int interval, java.util.function.Consumer<StationRuntime.Builder> settings) {
        StationHarness h = station(settings);
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", interval));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        return h;
    }

    @Test
    void bootsAtStartAndHeartbeatsAtTheAcceptedInterval() {
        StationHarness h = station();
        CompletableFuture<Void> accepted = h.runtime.accepted();
        assertThat(h.runtime.registrationStatus()).isEmpty();
        h.open();
        JsonNode boot = h.takeCall("BootNotification");
        assertThat(boot.get(3)).isEqualTo(obj("{\"chargePointVendor\":\"ACME\",\"chargePointModel\":\"W1\"}"));
        assertThat(accepted).isNotDone();

        h.answer(boot, bootAnswer("Accepted", 5));
        assertThat(accepted).isCompleted();
        assertThat(seen).containsExactly(RegistrationStatus.ACCEPTED);
        assertThat(h.runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(h.runtime.lastCsmsTime()).contains(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC));

        for (int i = 0; i < 3; i++) {
            h.advanceSeconds(4.999);
            assertThat(h.takeSent()).isEmpty();
            h.advanceSeconds(0.001);
            JsonNode beat = h.takeCall("Heartbeat");
            assertThat(beat.get(3)).isEqualTo(obj("{}"));
            h.answer(beat, "{\"currentTime\":\"2026-11-21T10:00:0" + (5 + i) + "Z\"}");
            assertThat(h.runtime.lastCsmsTime()).contains(
                    OffsetDateTime.of(2026, 11, 21, 10, 0, 5 + i, 0, ZoneOffset.UTC));
        }
    }

    /**
     * A CSMS so fast that its Accepted and its next CALL are read, and handled, while the station is still sending
     * the BootNotification: the handler must find the station registered (a RequestStartTransaction right after the
     * boot is otherwise Rejected, as STATION-F03 once saw against the example station over Netty).
     */
    @Test
    void aCsmsCallReadRightAfterTheAcceptedBootFindsTheStationRegistered() {
        StationHarness h = station();
        h.afterSend = text -> {
            if (text.contains("\"BootNotification\"")) {
                String id = text.split("\"")[1];
                h.connection().receive("[3,\"" + id + "\"," + bootAnswer("Accepted", 60) + "]");
                h.connection().receive("[2,\"d-1\",\"DataTransfer\",{\"vendorId\":\"x\"}]");
                h.executor.runAllNewestFirst();
            }
        };

        h.open();

        assertThat(h.registrationSeenByHandler).containsExactly(java.util.Optional.of(RegistrationStatus.ACCEPTED));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
    }

    @Test
    void pendingBootsAgainExactlyAfterTheInterval() {
        StationHarness h = station();
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Pending", 7));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.PENDING);
        assertThat(seen).containsExactly(RegistrationStatus.PENDING);

        h.advanceSeconds(6.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        JsonNode again = h.takeCall("BootNotification");

        // Still pending: no Heartbeat ever, the next boot after the new interval.
        h.answer(again, bootAnswer("Pending", 3));
        h.advanceSeconds(2.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 60));
        assertThat(seen).containsExactly(RegistrationStatus.PENDING, RegistrationStatus.PENDING,
                RegistrationStatus.ACCEPTED);
        assertThat(h.runtime.accepted()).isCompleted();
    }

    @Test
    void rejectedBootsAgainExactlyAfterTheInterval() {
        StationHarness h = station();
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Rejected", 11));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.REJECTED);
        h.advanceSeconds(10.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 5));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        h.advanceSeconds(5);
        h.takeCall("Heartbeat");
    }

    @Test
    void intervalZeroMeansTheStationChooses() {
        StationHarness h = station(b -> b.bootRetryInterval(Duration.ofSeconds(4)));
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Pending", 0));
        h.advanceSeconds(3.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.takeCall("BootNotification");
    }

    @Test
    void aFailedOrUnansweredBootIsRetriedAfterTheRetryInterval() {
        StationHarness h = station(b -> b.bootRetryInterval(Duration.ofSeconds(4)));
        h.open();
        h.answerError(h.takeCall("BootNotification"));
        assertThat(h.runtime.registrationStatus()).isEmpty();
        h.advanceSeconds(3.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.takeCall("BootNotification");

        // No answer within the 30 s call timeout: considered not sent, retried 4 s later.
        h.advanceSeconds(33.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 5));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
    }

    @Test
    void aBootLostWithItsConnectionIsSentOnTheNextOne() {
        StationHarness h = station();
        h.open();
        h.takeCall("BootNotification");
        h.drop();
        h.advance(StationHarness.RECONNECT);
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 5));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
    }

    @Test
    void theCsmsIntervalHoldsAcrossAReconnect() {
        StationHarness h = station();
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Rejected", 11));
        h.advanceSeconds(3);
        h.drop();
        h.advance(StationHarness.RECONNECT);
        h.open();
        // Rejected: nothing may be sent before the interval is over (1.6 §4.2, B03.FR.02), reconnect or not.
        h.advanceSeconds(6.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.takeCall("BootNotification");
    }

    @Test
    void heartbeatIntervalChangedAtRunTimeCountsFromNow() {
        StationHarness h = accepted(10, b -> { });
        h.advanceSeconds(4);
        h.runtime.heartbeatInterval(Duration.ofSeconds(3));
        assertThat(h.runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        h.advanceSeconds(2.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.answer(h.takeCall("Heartbeat"), "{\"currentTime\":\"2026-11-21T10:00:07Z\"}");
        h.advanceSeconds(3);
        h.takeCall("Heartbeat");
    }

    @Test
    void anAcceptedChangeConfigurationOfTheIntervalIsFollowed() {
        StationHarness h = accepted(10, b -> { });
        h.advanceSeconds(1);
        JsonNode refused = h.csmsCalls("c1", "ChangeConfiguration", "{\"key\":\"HeartbeatInterval\",\"value\":\"reject\"}");
        assertThat(refused.get(2).path("status").asText()).isEqualTo("Rejected");
        assertThat(h.runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));

        h.csmsCalls("c2", "ChangeConfiguration", "{\"key\":\"HeartbeatInterval\",\"value\":\"20\"}");
        assertThat(h.runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
        h.advanceSeconds(19.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.takeCall("Heartbeat");
    }

    @Test
    void setVariablesOfTheIntervalIsRecognised() {
        OcppSession none = null;
        IncomingCall call = new IncomingCall(none, "1", "SetVariables", obj("{\"setVariableData\":["
                + "{\"attributeValue\":\"5\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}"));
        assertThat(CommSettingChange.requested(call)).isEqualTo(Duration.ofSeconds(5));
        assertThat(CommSettingChange.accepted(call, obj("{\"setVariableResult\":[{\"attributeStatus\":"
                + "\"Accepted\",\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}")))
                .isTrue();
        assertThat(CommSettingChange.accepted(call, obj("{\"setVariableResult\":[{\"attributeStatus\":"
                + "\"Rejected\",\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}")))
                .isFalse();
        IncomingCall target = new IncomingCall(none, "2", "SetVariables", obj("{\"setVariableData\":["
                + "{\"attributeType\":\"Target\",\"attributeValue\":\"5\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}"));
        assertThat(CommSettingChange.requested(target)).isNull();
    }

    @Test
    void withoutSkippingHeartbeatsGoOutDespiteTraffic() {
        StationHarness h = accepted(10, b -> { });
        h.advanceSeconds(6);
        h.session.call("DataTransfer", obj("{\"vendorId\":\"ACME\"}"));
        h.runTasks();
        h.answer(h.takeCall("DataTransfer"), "{\"status\":\"Accepted\"}");
        h.advanceSeconds(4);
        h.takeCall("Heartbeat");
    }

    @Test
    void skippingWaitsForAFullQuietInterval() {
        StationHarness h = accepted(10, b -> b.skipHeartbeatWhileBusy(true));
        h.advanceSeconds(6);
        h.session.call("DataTransfer", obj("{\"vendorId\":\"ACME\"}"));
        h.runTasks();
        h.answer(h.takeCall("DataTransfer"), "{\"status\":\"Accepted\"}");
        h.advanceSeconds(4);
        assertThat(h.takeSent()).isEmpty();
        // A CALL of the CSMS counts as traffic too.
        h.advanceSeconds(3);
        h.csmsCalls("c1", "DataTransfer", "{\"vendorId\":\"X\"}");
        h.advanceSeconds(9.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.takeCall("Heartbeat");
    }

    @Test
    void aReconnectAfterAcceptanceDoesNotBootAgainButHeartbeats() {
        StationHarness h = accepted(5, b -> { });
        h.advanceSeconds(3);
        h.drop();
        // No heartbeat while disconnected.
        int attempts = h.transport.attempts.size();
        h.advanceSeconds(0.5);
        assertThat(h.transport.attempts).hasSize(attempts);
        h.advanceSeconds(0.5);
        assertThat(h.transport.attempts).hasSize(attempts + 1);
        h.open();
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(4.999);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.001);
        h.takeCall("Heartbeat");
        assertThat(seen).containsExactly(RegistrationStatus.ACCEPTED);
    }

    @Test
    void changedBootDataBootsAgainOnTheNextConnection() {
        StationHarness h = accepted(5, b -> { });
        h.runtime.bootDataChanged();
        h.advanceSeconds(5);
        h.takeCall("Heartbeat"); // the current connection goes on as before
        h.drop();
        h.advance(StationHarness.RECONNECT);
        h.open();
        JsonNode boot = h.takeCall("BootNotification");
        h.advanceSeconds(10);
        assertThat(h.takeSent()).isEmpty(); // no Heartbeat until the CSMS has answered
        h.answer(boot, bootAnswer("Accepted", 2));
        h.advanceSeconds(2);
        h.takeCall("Heartbeat");
        assertThat(seen).containsExactly(RegistrationStatus.ACCEPTED, RegistrationStatus.ACCEPTED);
    }

    @Test
    void closingStopsEveryTimer() {
        StationHarness h = accepted(5, b -> { });
        h.advanceSeconds(5);
        h.takeCall("Heartbeat"); // left unanswered: its call timeout is live too
        h.session.close();
        h.runTasks();
        assertThat(h.scheduler.pending()).isZero();
        h.advanceSeconds(60);
        assertThat(h.transport.attempts).hasSize(1);
    }

    @Test
    void closingWhilePendingStopsTheBootWaitAndFailsAccepted() {
        StationHarness h = station();
        CompletableFuture<Void> accepted = h.runtime.accepted();
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Pending", 30));
        h.session.close();
        h.runTasks();
        assertThat(h.scheduler.pending()).isZero();
        assertThat(accepted).isCompletedExceptionally();
        // accepted() is a dependent copy, so the cause comes wrapped.
        assertThat(accepted.handle((v, e) -> e).join()).hasCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aSecondSessionOfTheClientIsNotServed() {
        StationHarness h = accepted(5, b -> { });
        OcppSession second = h.client.start();
        h.runTasks();
        h.open();
        assertThat(second.state()).isEqualTo(OcppSession.State.CONNECTED);
        h.advanceSeconds(10);
        assertThat(h.takeSent()).isEmpty();
        second.close();
        h.runTasks();
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
    }

    @Test
    void bootNowSendsABootNotificationAtOnceEvenWithinThePendingInterval() {
        StationHarness h = station();
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Pending", 300));
        h.advanceSeconds(1);
        assertThat(h.takeSent()).isEmpty();
        // The CSMS triggered a BootNotification (B02.FR.02): the Pending wait is over.
        h.runtime.bootNow();
        h.runTasks();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 5));
        assertThat(h.runtime.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        // No leftover of the Pending wait boots again later.
        h.advanceSeconds(5);
        h.answer(h.takeCall("Heartbeat"), "{\"currentTime\":\"2026-11-21T10:00:00Z\"}");
        h.advanceSeconds(300);
        assertThat(h.takeSent()).extracting(c -> c.get(2).asText()).containsOnly("Heartbeat");
    }

    @Test
    void bootNowAfterAcceptanceStopsHeartbeatsUntilTheNextAcceptance() {
        StationHarness h = accepted(5, b -> { });
        h.runtime.bootNow();
        h.runTasks();
        JsonNode boot = h.takeCall("BootNotification");
        h.advanceSeconds(10);
        assertThat(h.takeSent()).isEmpty();
        h.answer(boot, bootAnswer("Accepted", 5));
        h.advanceSeconds(5);
        h.takeCall("Heartbeat");
    }

    @Test
    void heartbeatIntervalOfTheStationIsKeptWhenTheCsmsMayNotSetIt() {
        StationHarness h = accepted(300,
                b -> b.heartbeatInterval(Duration.ofSeconds(2)).heartbeatIntervalFromCsms(false));
        assertThat(h.runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        h.advanceSeconds(2);
        h.takeCall("Heartbeat");
    }

    @Test
    void anAcceptedChangeOfTheBackOffVariablesReachesTheClient() {
        StationHarness h = accepted(10, b -> { });
        h.csmsCalls("b1", "ChangeConfiguration", "{\"key\":\"RetryBackOffWaitMinimum\",\"value\":\"7\"}");
        h.csmsCalls("b2", "ChangeConfiguration", "{\"key\":\"RetryBackOffRepeatTimes\",\"value\":\"4\"}");
        assertThat(h.client.retryBackOff().waitMinimum()).isEqualTo(Duration.ofSeconds(7));
        assertThat(h.client.retryBackOff().repeatTimes()).isEqualTo(4);
        // A refused change leaves the back-off as it was.
        h.csmsCalls("b3", "ChangeConfiguration", "{\"key\":\"RetryBackOffRandomRange\",\"value\":\"reject\"}");
        assertThat(h.client.retryBackOff().randomRange()).isEqualTo(Duration.ZERO);
        // The next reconnect waits the new minimum.
        h.connection().drop();
        h.runTasks();
        assertThat(h.events).filteredOn(e -> e instanceof ConnectionEvent.ReconnectScheduled)
                .extracting(e -> ((ConnectionEvent.ReconnectScheduled) e).delay())
                .containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void setVariablesOfTheBackOffIsRecognised() {
        OcppSession none = null;
        IncomingCall call = new IncomingCall(none, "1", "SetVariables", obj("{\"setVariableData\":["
                + "{\"attributeValue\":\"15\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"RetryBackOffRandomRange\"}}]}"));
        assertThat(CommSettingChange.requestedValue(call, "RetryBackOffRandomRange")).isEqualTo("15");
        assertThat(CommSettingChange.requestedValue(call, "RetryBackOffWaitMinimum")).isNull();
        assertThat(OcppClient.of(accepted(10, b -> { }).session)).isPresent();
    }
}
