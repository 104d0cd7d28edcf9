package dev.ocpp.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ocpp-rpc talking to ocpp-rpc, without our library: proves the harness itself (install, process
 * plumbing, both call directions, configured answers), so an interop failure elsewhere points at dev.ocpp.
 */
class OcppRpcPeerSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void requireNode() {
        OcppRpcPeer.assumeNode();
    }

    @Test
    void stationAndCsmsCallEachOtherOverOcpp16() {
        try (OcppRpcPeer csms = OcppRpcPeer.server(OcppRpcPeer.OCPP16, Map.of("CP-1", "s3cret:pw"));
                OcppRpcPeer station = OcppRpcPeer.client(OcppRpcPeer.OCPP16, csms.endpoint("ocpp"), "CP-1",
                        "s3cret:pw")) {

            ObjectNode connected = csms.awaitEvent("connected");
            assertThat(connected.path("identity").asText()).isEqualTo("CP-1");
            assertThat(connected.path("protocol").asText()).isEqualTo("ocpp1.6");

            ObjectNode boot = station.callAndAwait(null, "BootNotification",
                    JSON.createObjectNode().put("chargePointVendor", "dev.ocpp").put("chargePointModel", "smoke"));
            assertThat(boot.path("event").asText()).as(boot.toString()).isEqualTo("result");
            assertThat(boot.path("result").path("status").asText()).isEqualTo("Accepted");
            assertThat(csms.awaitCall("BootNotification").path("params").path("chargePointModel").asText())
                    .isEqualTo("smoke");

            ObjectNode reset = csms.callAndAwait("CP-1", "Reset", JSON.createObjectNode().put("type", "Soft"));
            assertThat(reset.path("event").asText()).as(reset.toString()).isEqualTo("result");
            assertThat(reset.path("result").path("status").asText()).isEqualTo("Accepted");
            // The station's own record of the CALL comes from another process than the CSMS's result, so the
            // result can be read first: wait for the station's event instead of looking at what arrived so far.
            assertThat(station.awaitCall("Reset").path("params").path("type").asText()).isEqualTo("Soft");
            assertThat(station.callsReceived()).extracting(c -> c.path("method").asText()).containsExactly("Reset");
        }
    }

    @Test
    void configuredErrorsReachTheCallerAndWrongPasswordsAreRefused() {
        try (OcppRpcPeer csms = OcppRpcPeer.server(OcppRpcPeer.OCPP16, Map.of("CP-2", "right"))) {
            try (OcppRpcPeer intruder = OcppRpcPeer.startClient(OcppRpcPeer.OCPP16, csms.endpoint("ocpp"), "CP-2",
                    "wrong")) {
                assertThat(intruder.awaitEvent("error").path("status").asInt()).isEqualTo(401);
                assertThat(csms.awaitEvent("rejected").path("identity").asText()).isEqualTo("CP-2");
            }

            try (OcppRpcPeer station = OcppRpcPeer.client(OcppRpcPeer.OCPP16, csms.endpoint("ocpp"), "CP-2",
                    "right")) {
                csms.respondWithError("Heartbeat", "SecurityError", "not today");

                ObjectNode heartbeat = station.callAndAwait(null, "Heartbeat", JSON.createObjectNode());

                assertThat(heartbeat.path("event").asText()).as(heartbeat.toString()).isEqualTo("callerror");
                assertThat(heartbeat.path("code").asText()).isEqualTo("SecurityError");
                assertThat(heartbeat.path("message").asText()).isEqualTo("not today");
                assertThat(heartbeat.path("source").asText()).isEqualTo("remote");
            }
        }
    }

    @Test
    void uncheckedPayloadsGoOutAndTheReceiverStillChecksThem() {
        try (OcppRpcPeer csms = OcppRpcPeer.server(OcppRpcPeer.OCPP201, null);
                OcppRpcPeer station = OcppRpcPeer.client(OcppRpcPeer.OCPP201, csms.endpoint("ocpp"), "CS-3", null)) {
            ObjectNode invalid = JSON.createObjectNode().put("colour", "red");

            ObjectNode refusedLocally = station.callAndAwait(null, "Heartbeat", invalid);
            assertThat(refusedLocally.path("event").asText()).as(refusedLocally.toString()).isEqualTo("callerror");
            assertThat(refusedLocally.path("source").asText()).isEqualTo("validation");

            ObjectNode refusedRemotely = station.callUncheckedAndAwait(null, "Heartbeat", invalid);
            assertThat(refusedRemotely.path("event").asText()).as(refusedRemotely.toString()).isEqualTo("callerror");
            assertThat(refusedRemotely.path("source").asText()).isEqualTo("remote");
            assertThat(refusedRemotely.path("code").asText()).isEqualTo("PropertyConstraintViolation");
            assertThat(csms.awaitCall("Heartbeat").path("params")).isEqualTo(invalid);

            // An answer configured unchecked goes out as it is; the caller's strict mode refuses it.
            csms.respondUncheckedWith("Heartbeat", JSON.createObjectNode().put("currentTime", "yesterday"));
            ObjectNode badAnswer = station.callAndAwait(null, "Heartbeat", JSON.createObjectNode());
            assertThat(badAnswer.path("event").asText()).as(badAnswer.toString()).isEqualTo("callerror");
            assertThat(badAnswer.path("source").asText()).isEqualTo("validation");
            assertThat(badAnswer.path("code").asText()).isEqualTo("FormatViolation");
        }
    }
}
