package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a bare {@link SimulatedStation} does when a time the CSMS named comes, by the station's {@link VirtualClock}:
 * a reservation expires at its expiry (1.6 §5.13, 2.0.1 H01/H04) and a 1.6 firmware update is reported from its
 * retrieveDate on (§5.19, §4.5). Against a {@link MockCsms} in memory, which validates every CALL it receives.
 */
class SimulatedStationTimedFollowUpsTest extends StationAgainstMockCsms {

    private static final String ID = "CS-TIMED";

    SimulatedStationTimedFollowUpsTest() {
        super(ID);
    }

    private void started(OcppVersion version) throws Exception {
        started(version, 1);
    }

    /** Waits until {@code count} CALLs of {@code action} of the station have been answered. */
    private void awaitSent(String action, int count) throws InterruptedException {
        csms.journal().await(e -> e.action().equals(action) && csms.journal().exchanges(
                x -> x.action().equals(action) && x.answered()).size() >= count, WAIT)
                .orElseThrow(() -> new AssertionError("not " + count + " " + action + ": " + csms.journal()));
    }

    private static String at(Duration fromStart) {
        return START.plus(fromStart).toString();
    }

    // ------------------------------------------------------------------------------------------------ reservations

    @Test
    void a16ReservationExpiresAtItsExpiryDateAndCannotBeCancelledThen() throws Exception {
        started(OcppVersion.OCPP16);
        assertThat(status("ReserveNow", "{'connectorId':1,'expiryDate':'" + at(Duration.ofMinutes(10))
                + "','idTag':'T','reservationId':7}")).isEqualTo("Accepted");
        assertThat(status("ReserveNow", "{'connectorId':1,'expiryDate':'" + at(Duration.ofMinutes(30))
                + "','idTag':'T','reservationId':8}")).isEqualTo("Accepted");

        // The follow-up that plans the timer has run: the clock moves from a known plan.
        flush();
        clock.advance(Duration.ofMinutes(10));
        assertThat(status("CancelReservation", "{'reservationId':7}")).as("expired").isEqualTo("Rejected");
        assertThat(status("CancelReservation", "{'reservationId':8}")).as("still kept").isEqualTo("Accepted");
        flush();
        assertThat(sent("ReservationStatusUpdate")).isEmpty();
        assertNoCallError();
    }

    @Test
    void aReservedConnectorIsReportedReservedThenAvailableOnceCancelledOrExpiredAndOneInUseIsOccupied()
            throws Exception {
        started(OcppVersion.OCPP16);
        // After the boot: Available.
        awaitSent("StatusNotification", 1);
        assertThat(status("ReserveNow", "{'connectorId':1,'expiryDate':'" + at(Duration.ofMinutes(10))
                + "','idTag':'T','reservationId':1}")).isEqualTo("Accepted");
        awaitSent("StatusNotification", 2);
        assertThat(status("CancelReservation", "{'reservationId':1}")).isEqualTo("Accepted");
        awaitSent("StatusNotification", 3);
        assertThat(status("ReserveNow", "{'connectorId':1,'expiryDate':'" + at(Duration.ofMinutes(5))
                + "','idTag':'T','reservationId':2}")).isEqualTo("Accepted");
        awaitSent("StatusNotification", 4);
        // The follow-up that plans the timer has run: the clock moves from a known plan.
        flush();
        clock.advance(Duration.ofMinutes(5));
        awaitSent("StatusNotification", 5);
        // §5.13: the statuses followed the reservation.
        assertThat(sent("StatusNotification")).extracting(n -> n.path("status").asText())
                .containsExactly("Available", "Reserved", "Available", "Reserved", "Available");

        station.plugIn(1).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(status("ReserveNow", "{'connectorId':1,'expiryDate':'" + at(Duration.ofMinutes(30))
                + "','idTag':'T','reservationId':3}")).as("a cable is in").isEqualTo("Occupied");
        assertNoCallError();
    }

    @Test
    void aTransactionOfTheReservedTokenUsesTheReservationUpAndNamesIt() throws Exception {
        for (OcppVersion version : java.util.List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
            started(version);
            boolean v16 = version == OcppVersion.OCPP16;
            assertThat(status("ReserveNow", v16
                    ? "{'connectorId':1,'expiryDate':'" + at(Duration.ofMinutes(30))
                            + "','idTag':'T','reservationId':9}"
                    : "{'id':9,'expiryDateTime':'" + at(Duration.ofMinutes(30)) + "','evseId':1,"
                            + "'idToken':{'idToken':'T','type':'ISO14443'}}")).isEqualTo("Accepted");
            station.plugIn(1).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            station.presentIdToken("T").get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            // 1.6 §5.13, 2.0.1 H01: the transaction names the reservation it ends, which is gone.
            ObjectNode first = v16 ? sent("StartTransaction").get(0)
                    : sent("TransactionEvent").stream().filter(e -> e.has("idToken")).findFirst().orElseThrow();
            assertThat(first.path("reservationId").asInt()).as(version.toString()).isEqualTo(9);
            assertThat(status("CancelReservation", "{'reservationId':9}")).isEqualTo("Rejected");
            assertNoCallError();
            station.close();
            station = null;
            csms.close();
        }
    }

    @Test
    void a201ReservationThatExpiresIsReportedExpiredAndACancelledOneIsNot() throws Exception {
        started(OcppVersion.OCPP201);
        assertThat(status("ReserveNow", "{'id':4,'expiryDateTime':'" + at(Duration.ofMinutes(10)) + "','evseId':1,"
                + "'idToken':{'idToken':'T','type':'ISO14443'}}")).isEqualTo("Accepted");
        assertThat(status("ReserveNow", "{'id':5,'expiryDateTime':'" + at(Duration.ofMinutes(5)) + "','evseId':1,"
                + "'idToken':{'idToken':'T','type':'ISO14443'}}")).isEqualTo("Accepted");
        assertThat(status("CancelReservation", "{'reservationId':5}")).isEqualTo("Accepted");

        // The follow-up that plans the timer has run: the clock moves from a known plan.
        flush();
        clock.advance(Duration.ofMinutes(9));
        flush();
        assertThat(sent("ReservationStatusUpdate")).as("reservation 5 was cancelled, 4 has not expired").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        awaitSent("ReservationStatusUpdate", 1);
        assertThat(status("CancelReservation", "{'reservationId':4}")).as("expired").isEqualTo("Rejected");
        flush();
        assertThat(sent("ReservationStatusUpdate")).extracting(u -> u.path("reservationId").asInt() + ":"
                + u.path("reservationUpdateStatus").asText()).containsExactly("4:Expired");
        assertNoCallError();
    }

    @Test
    void a201ReservationReplacedBeforeItsExpiryExpiresAtTheNewOne() throws Exception {
        started(OcppVersion.OCPP201);
        assertThat(status("ReserveNow", "{'id':6,'expiryDateTime':'" + at(Duration.ofMinutes(5)) + "','evseId':1,"
                + "'idToken':{'idToken':'T','type':'ISO14443'}}")).isEqualTo("Accepted");
        assertThat(status("ReserveNow", "{'id':6,'expiryDateTime':'" + at(Duration.ofMinutes(20)) + "','evseId':1,"
                + "'idToken':{'idToken':'T','type':'ISO14443'}}")).isEqualTo("Accepted");

        // The follow-up that plans the timer has run: the clock moves from a known plan.
        flush();
        clock.advance(Duration.ofMinutes(5));
        flush();
        assertThat(sent("ReservationStatusUpdate")).isEmpty();
        assertThat(status("CancelReservation", "{'reservationId':6}")).isEqualTo("Accepted");
        clock.advance(Duration.ofMinutes(15));
        flush();
        assertThat(sent("ReservationStatusUpdate")).isEmpty();
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ firmware

    @Test
    void a16FirmwareUpdateIsReportedDownloadingToInstalledOnceItsRetrieveDateHasCome() throws Exception {
        started(OcppVersion.OCPP16);
        csms.callRaw(ID, "UpdateFirmware", (ObjectNode) OcppJson.mapper().readTree("{\"location\":"
                + "\"ftp://127.0.0.1:1/fw.bin\",\"retrieveDate\":\"" + at(Duration.ofHours(1)) + "\"}"))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // The follow-up that plans the timer has run: the clock moves from a known plan.
        flush();
        clock.advance(Duration.ofMinutes(59));
        flush();
        assertThat(sent("FirmwareStatusNotification")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        awaitSent("FirmwareStatusNotification", 4);
        assertThat(sent("FirmwareStatusNotification")).extracting(n -> n.path("status").asText())
                .containsExactly("Downloading", "Downloaded", "Installing", "Installed");
        assertNoCallError();
    }

    @Test
    void a16FirmwareUpdateWhoseRetrieveDateHasPassedIsReportedAtOnce() throws Exception {
        started(OcppVersion.OCPP16);
        csms.callRaw(ID, "UpdateFirmware", (ObjectNode) OcppJson.mapper().readTree("{\"location\":"
                + "\"ftp://127.0.0.1:1/fw.bin\",\"retrieveDate\":\"" + at(Duration.ofHours(-1)) + "\"}"))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitSent("FirmwareStatusNotification", 4);
        assertThat(sent("FirmwareStatusNotification")).extracting(n -> n.path("status").asText())
                .containsExactly("Downloading", "Downloaded", "Installing", "Installed");
        assertNoCallError();
    }

    @Test
    void a201UnsignedFirmwareUpdateStaysRejectedWithNothingAfter() throws Exception {
        started(OcppVersion.OCPP201);
        assertThat(status("UpdateFirmware", "{'requestId':1,'firmware':{'location':'ftp://127.0.0.1:1/f',"
                + "'retrieveDateTime':'" + at(Duration.ZERO) + "'}}")).isEqualTo("Rejected");
        flush();
        assertThat(sent("FirmwareStatusNotification")).isEmpty();
        assertNoCallError();
    }
}
