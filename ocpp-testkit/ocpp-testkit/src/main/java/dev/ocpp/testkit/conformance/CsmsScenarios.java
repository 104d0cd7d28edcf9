package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.internal.Pkcs10;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The scenarios that test a CSMS, driven by {@link SimulatedStation}s and raw connections. Payloads are written out
 * per version rather than built from the generated classes, so that each scenario shows exactly what travels.
 */
final class CsmsScenarios {

    /** Both versions. */
    static final Set<OcppVersion> BOTH = Set.of(OcppVersion.OCPP16, OcppVersion.OCPP201);
    static final Set<OcppVersion> V16 = Set.of(OcppVersion.OCPP16);
    static final Set<OcppVersion> V201 = Set.of(OcppVersion.OCPP201);

    /** The idToken the scenarios present; any answer status is fine where only the answer's form is checked. */
    static final String ID_TOKEN = "TESTKIT-TAG-1";
    /** How far a CSMS's currentTime may be from ours before the scenario calls its clock wrong. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** An action no OCPP version defines. */
    static final String UNKNOWN_ACTION = "TestkitUnknownAction";
    /** The organization (O) of the CSR the station sends with SignCertificate. */
    static final String CSR_ORGANIZATION = "dev.ocpp testkit";

    /** The schema-level CALLERROR codes of OCPP-J 1.6 Table 7, spelled as 1.6 spells them (1.6-J errata §5). */
    static final Set<String> SCHEMA_CODES_16 = Set.of("FormationViolation", "OccurenceConstraintViolation",
            "TypeConstraintViolation", "PropertyConstraintViolation", "ProtocolError");
    /**
     * The schema-level codes of OCPP 2.0.1 Part 4 Table 8. {@code OccurenceConstraintViolation} (one r) is accepted
     * too: whether 2.0.1 kept the 1.6 typo is disputed among implementations (protocol facts, open point D.1).
     */
    static final Set<String> SCHEMA_CODES_201 = Set.of("FormatViolation", "OccurrenceConstraintViolation",
            "OccurenceConstraintViolation", "TypeConstraintViolation", "PropertyConstraintViolation",
            "ProtocolError");

    private CsmsScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("CSMS-B01-boot-accepted",
                        "BootNotification is answered Accepted with a heartbeat interval and the current time",
                        Role.CSMS, BOTH, List.of("1.6 §4.2", "B01"), CsmsScenarios::bootAccepted),
                new Scenario("CSMS-G02-heartbeat", "Heartbeat is answered with the current time",
                        Role.CSMS, BOTH, List.of("1.6 §4.6", "G02"), CsmsScenarios::heartbeat),
                new Scenario("CSMS-C01-authorize", "Authorize is answered with an idTag/idToken status",
                        Role.CSMS, BOTH, List.of("1.6 §4.1", "C01"), CsmsScenarios::authorize),
                new Scenario("CSMS-G01-status-notification", "StatusNotification is answered",
                        Role.CSMS, BOTH, List.of("1.6 §4.9", "G01"), CsmsScenarios::statusNotification),
                new Scenario("CSMS-TX16-start-stop-transaction",
                        "StartTransaction gets a transactionId and the StopTransaction of it is answered",
                        Role.CSMS, V16, List.of("1.6 §4.8", "1.6 §4.10"), CsmsScenarios::startStop16),
                new Scenario("CSMS-E02-transaction-events",
                        "TransactionEvent Started, Updated and Ended of one transaction are answered",
                        Role.CSMS, V201, List.of("E02", "E06"), CsmsScenarios::transactionEvents),
                new Scenario("CSMS-J01-meter-values", "MeterValues outside a transaction are answered",
                        Role.CSMS, BOTH, List.of("1.6 §4.7", "J01"), CsmsScenarios::meterValues),
                new Scenario("CSMS-P02-data-transfer",
                        "DataTransfer of an unknown vendor is answered with a CALLRESULT status, not a CALLERROR",
                        Role.CSMS, BOTH, List.of("1.6 §4.3", "P02"), CsmsScenarios::dataTransfer),
                new Scenario("CSMS-RPC-invalid-payload",
                        "A schema-invalid CALL gets a CALLERROR with one of the version's payload error codes",
                        Role.CSMS, BOTH, List.of("1.6-J §4.2.3", "2.0.1-J §4.1.7", "2.0.1-J §4.3"),
                        CsmsScenarios::invalidPayload),
                new Scenario("CSMS-RPC-unknown-action", "A CALL of an unknown action gets CALLERROR NotImplemented",
                        Role.CSMS, BOTH, List.of("1.6-J §4.2.3", "2.0.1-J §4.3"), CsmsScenarios::unknownAction),
                new Scenario("CSMS-RPC-non-json-frame",
                        "A frame that is not JSON gets no CALLRESULT (2.0.1: a CALLERROR, if any, has id \"-1\") and"
                                + " the connection still works",
                        Role.CSMS, BOTH, List.of("1.6-J §4.1.2", "1.6-J §4.2.3", "2.0.1-J §4.2.3"),
                        CsmsScenarios::nonJsonFrame),
                new Scenario("CSMS-F01-remote-start",
                        "A remote start reaches the station as a schema-valid RemoteStartTransaction /"
                                + " RequestStartTransaction with the idToken",
                        Role.CSMS, BOTH, List.of("1.6 §5.11", "F01"), CsmsScenarios::remoteStart),
                new Scenario("CSMS-B11-reset", "A reset reaches the station as a schema-valid Reset",
                        Role.CSMS, BOTH, List.of("1.6 §5.14", "B11"), CsmsScenarios::reset),
                new Scenario("CSMS-F06-trigger-heartbeat",
                        "TriggerMessage(Heartbeat) reaches the station and the Heartbeat that follows is answered",
                        Role.CSMS, BOTH, List.of("1.6 §5.17", "F06"), CsmsScenarios::triggerHeartbeat),
                new Scenario("CSMS-G-change-availability",
                        "A change of availability reaches the station as a schema-valid ChangeAvailability",
                        Role.CSMS, BOTH, List.of("1.6 §5.2", "2.0.1 block G"), CsmsScenarios::changeAvailability),
                new Scenario("CSMS-E01-local-start-stop",
                        "A transaction started and stopped at the station after Authorize is answered throughout,"
                                + " with idTagInfo / idTokenInfo wherever the station sent an idToken",
                        Role.CSMS, BOTH,
                        List.of("1.6 §4.1", "1.6 §4.7", "1.6 §4.8", "1.6 §4.10", "C01", "E01", "E06"),
                        CsmsScenarios::localStartStop),
                new Scenario("CSMS-F03-remote-stop",
                        "A remote stop reaches the station as a schema-valid RemoteStopTransaction /"
                                + " RequestStopTransaction naming the running transaction, and the stop that follows"
                                + " is answered",
                        Role.CSMS, BOTH, List.of("1.6 §5.12", "F03"), CsmsScenarios::remoteStop),
                new Scenario("CSMS-F05-unlock-connector",
                        "An unlock reaches the station as a schema-valid UnlockConnector naming the connector"
                                + " (2.0.1: its EVSE and connector)",
                        Role.CSMS, BOTH, List.of("1.6 §5.18", "F05"), CsmsScenarios::unlockConnector),
                new Scenario("CSMS-H01-reserve-now",
                        "A reservation reaches the station as a schema-valid ReserveNow for the idToken and"
                                + " connector, expiring in the future",
                        Role.CSMS, BOTH, List.of("1.6 §5.13", "H01"), CsmsScenarios::reserveNow),
                new Scenario("CSMS-D01-send-local-list",
                        "A local authorization list reaches the station as a schema-valid SendLocalList with a"
                                + " positive version number",
                        Role.CSMS, BOTH, List.of("1.6 §5.15", "D01"), CsmsScenarios::sendLocalList),
                new Scenario("CSMS-K01-set-charging-profile",
                        "A charging profile reaches the station as a schema-valid SetChargingProfile for the"
                                + " connector, its schedule periods in ascending order of start",
                        Role.CSMS, BOTH, List.of("1.6 §5.16", "K01"), CsmsScenarios::setChargingProfile),
                new Scenario("CSMS-K10-clear-charging-profile",
                        "Clearing charging profiles reaches the station as a schema-valid ClearChargingProfile",
                        Role.CSMS, BOTH, List.of("1.6 §5.5", "K10"), CsmsScenarios::clearChargingProfile),
                new Scenario("CSMS-N01-get-log",
                        "A log request reaches the station as a schema-valid GetLog (1.6: or GetDiagnostics) with an"
                                + " upload location, and the station's upload status notifications are answered",
                        Role.CSMS, BOTH, List.of("1.6 §5.9", "1.6 §4.4", "N01"), CsmsScenarios::getLog),
                new Scenario("CSMS-L01-signed-firmware-update",
                        "A firmware update reaches the station as a schema-valid SignedUpdateFirmware / UpdateFirmware"
                                + " with location, retrieveDateTime, a PEM signing certificate and a Base64 signature;"
                                + " the status notifications and the FirmwareUpdated security event that follow are"
                                + " answered",
                        Role.CSMS, BOTH, List.of("L01", "L01.FR.11", "A04.FR.03"),
                        CsmsScenarios::signedFirmwareUpdate),
                new Scenario("CSMS-A02-sign-certificate",
                        "A SignCertificate with a PEM PKCS#10 CSR is answered Accepted or Rejected, not with a"
                                + " CALLERROR",
                        Role.CSMS, BOTH, List.of("A02", "A02.FR.11", "A02.FR.12", "A03"),
                        CsmsScenarios::signCertificate),
                new Scenario("CSMS-E04-offline-replay",
                        "Transaction messages queued while offline and sent after reconnecting (timestamps in the"
                                + " past; 2.0.1 offline=true, seqNo continuing) are each answered with a CALLRESULT,"
                                + " in order",
                        Role.CSMS, BOTH, List.of("1.6 §3.7", "E04", "E04.FR.03", "E04.FR.04"),
                        CsmsScenarios::offlineReplay),
                new Scenario("CSMS-B01-boot-gating",
                        "A station that has not booted gets CALLERROR SecurityError for anything but"
                                + " BootNotification, and normal answers once accepted",
                        Role.CSMS, V201, List.of("B01", "B01.FR.10", "2.0.1-J §4.3"), CsmsScenarios::bootGating),
                new Scenario("CSMS-E13-transaction-message-retry",
                        "A transaction message sent again after its answer was lost (same content, new message id)"
                                + " is answered with a CALLRESULT again, not a CALLERROR",
                        Role.CSMS, BOTH, List.of("1.6 §3.7.1", "E13"), CsmsScenarios::transactionMessageRetry));
    }

    // ------------------------------------------------------------------------------------------------ core

    /**
     * 1.6 §4.2 / 2.0.1 B01: the answer has status Accepted, an interval (the heartbeat interval) and currentTime.
     * The station's start is not awaited, so a CSMS that never accepts fails here with what it did answer.
     */
    private static void bootAccepted(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.newStation();
        station.start();
        Exchange boot = station.journal().await(e -> e.caller() == Role.STATION
                && e.action().equals("BootNotification") && e.answered(), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the CSMS did not answer BootNotification within "
                        + ctx.timeout()));
        ctx.check(!boot.failed(), "the CSMS answered BootNotification with CALLERROR " + (boot.failed()
                ? boot.error().code() + " \"" + boot.error().description() + "\"" : ""));
        ctx.checkValidResponse("BootNotification", boot.response(), "the CSMS");
        String status = boot.response().path("status").asText();
        ctx.check(status.equals("Accepted"), "the CSMS answered BootNotification " + status
                + " instead of Accepted: " + boot.response());
        ctx.check(boot.response().path("interval").asInt(-1) >= 0,
                "the CSMS's BootNotification answer has no heartbeat interval: " + boot.response());
        checkCurrentTime(ctx, boot.response(), "BootNotification");
    }

    /** 1.6 §4.6 / 2.0.1 G02: the answer carries the CSMS's current time, for the station to set its clock by. */
    private static void heartbeat(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ObjectNode answer = ctx.call(station, "Heartbeat", json("{}"));
        checkCurrentTime(ctx, answer, "Heartbeat");
    }

    private static void authorize(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ObjectNode answer = ctx.call(station, "Authorize", ctx.is16()
                ? json("{'idTag':'" + ID_TOKEN + "'}")
                : json("{'idToken':{'idToken':'" + ID_TOKEN + "','type':'ISO14443'}}"));
        String field = ctx.is16() ? "idTagInfo" : "idTokenInfo";
        ctx.check(answer.path(field).hasNonNull("status"), "the Authorize answer has no " + field + ".status: "
                + answer);
    }

    private static void statusNotification(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.call(station, "StatusNotification", ctx.is16()
                ? json("{'connectorId':1,'errorCode':'NoError','status':'Available','timestamp':'" + now() + "'}")
                : json("{'timestamp':'" + now() + "','connectorStatus':'Available','evseId':1,'connectorId':1}"));
    }

    /** 1.6 §4.8: the answer holds the transactionId the station must use; §4.10: its stop is answered. */
    private static void startStop16(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ObjectNode start = ctx.call(station, "StartTransaction", json("{'connectorId':1,'idTag':'" + ID_TOKEN
                + "','meterStart':0,'timestamp':'" + now() + "'}"));
        ctx.check(start.path("transactionId").isInt(), "the StartTransaction answer has no integer"
                + " transactionId: " + start);
        ctx.check(start.path("idTagInfo").hasNonNull("status"), "the StartTransaction answer has no"
                + " idTagInfo.status: " + start);
        ctx.call(station, "StopTransaction", json("{'transactionId':" + start.path("transactionId").asInt()
                + ",'meterStop':1500,'timestamp':'" + now() + "','reason':'Local'}"));
    }

    /** 2.0.1 E02/E06: a transaction started by the cable, authorized, ended by the EV leaving; seqNo 0, 1, 2. */
    private static void transactionEvents(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        String tx = "TESTKIT-TX-" + System.nanoTime();
        ctx.call(station, "TransactionEvent", json("{'eventType':'Started','timestamp':'" + now()
                + "','triggerReason':'CablePluggedIn','seqNo':0,'transactionInfo':{'transactionId':'" + tx
                + "','chargingState':'EVConnected'},'evse':{'id':1,'connectorId':1}}"));
        ObjectNode updated = ctx.call(station, "TransactionEvent", json("{'eventType':'Updated','timestamp':'"
                + now() + "','triggerReason':'Authorized','seqNo':1,'transactionInfo':{'transactionId':'" + tx
                + "','chargingState':'Charging'},'idToken':{'idToken':'" + ID_TOKEN + "','type':'ISO14443'}}"));
        ctx.check(updated.path("idTokenInfo").isMissingNode() || updated.path("idTokenInfo").hasNonNull("status"),
                "the answer to a TransactionEvent with an idToken has an idTokenInfo without status: " + updated);
        ctx.call(station, "TransactionEvent", json("{'eventType':'Ended','timestamp':'" + now()
                + "','triggerReason':'EVDeparted','seqNo':2,'transactionInfo':{'transactionId':'" + tx
                + "','chargingState':'Idle','stoppedReason':'EVDisconnected'}}"));
    }

    private static void meterValues(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.call(station, "MeterValues", ctx.is16()
                ? json("{'connectorId':1,'meterValue':[{'timestamp':'" + now()
                        + "','sampledValue':[{'value':'1000'}]}]}")
                : json("{'evseId':1,'meterValue':[{'timestamp':'" + now() + "','sampledValue':[{'value':1000}]}]}"));
    }

    /**
     * DataTransfer is in the 1.6 Core profile (every CSMS has it) and its answer has a status for exactly this case:
     * UnknownVendorId (1.6 §4.3; 2.0.1 P02). A CALLERROR is for a CALL that is invalid (1.6-J §4.2.3, 2.0.1-J §4.3),
     * which this one is not, so NotImplemented or NotSupported fails the scenario.
     */
    private static void dataTransfer(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ObjectNode answer = ctx.call(station, "DataTransfer",
                json("{'vendorId':'dev.ocpp.testkit.unknown-vendor','messageId':'Probe','data':'conformance'}"));
        ctx.check(answer.hasNonNull("status"), "the DataTransfer answer has no status: " + answer);
    }

    // ------------------------------------------------------------------------------------------------ RPC

    /**
     * An Authorize without its required field, then one with a number where a string belongs: each must get a
     * CALLERROR whose code is one of the payload codes of the version (1.6-J Table 7, 2.0.1-J Table 8), spelled as
     * the version spells it; not GenericError, InternalError or a CALLRESULT.
     */
    private static void invalidPayload(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        Set<String> allowed = ctx.is16() ? SCHEMA_CODES_16 : SCHEMA_CODES_201;
        List<ObjectNode> invalid = ctx.is16()
                ? List.of(json("{}"), json("{'idTag':12}"))
                : List.of(json("{}"), json("{'idToken':{'idToken':12,'type':'ISO14443'}}"));
        for (ObjectNode payload : invalid) {
            CallErrorException error = ctx.callExpectingError(station, "Authorize", payload);
            ctx.check(allowed.contains(error.wireCode()), "the CSMS answered the invalid Authorize " + payload
                    + " with CALLERROR " + error.wireCode() + "; expected one of " + sorted(allowed));
        }
    }

    private static void unknownAction(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        CallErrorException error = ctx.callExpectingError(station, UNKNOWN_ACTION, json("{}"));
        ctx.check(error.wireCode().equals("NotImplemented"), "the CSMS answered the unknown action "
                + UNKNOWN_ACTION + " with CALLERROR " + error.wireCode() + " instead of NotImplemented");
    }

    /**
     * Not JSON at all: the message id cannot be read, so 1.6 has nothing to answer and 2.0.1 may answer a CALLERROR
     * with id "-1" (2.0.1-J §4.2.3). Either way the frame is not a CALL and gets no CALLRESULT, and since CALLERRORs,
     * not closed connections, are how OCPP-J reports a bad message (1.6-J §4.2.3), a Heartbeat on the same connection
     * must still be answered.
     */
    private static void nonJsonFrame(ScenarioContext ctx) throws Exception {
        RawConnection raw = ctx.rawConnection();
        List<String> others = new ArrayList<>();
        ObjectNode boot = ctx.is16()
                ? json("{'chargePointVendor':'dev.ocpp','chargePointModel':'testkit'}")
                : json("{'reason':'PowerUp','chargingStation':{'model':'testkit','vendorName':'dev.ocpp'}}");
        ArrayNode bootAnswer = raw.call("BootNotification", boot, ctx.timeout(), others)
                .orElseThrow(() -> new AssertionError("the CSMS did not answer BootNotification within "
                        + ctx.timeout()));
        ctx.check(bootAnswer.get(0).asInt() == 3 && bootAnswer.get(2).path("status").asText().equals("Accepted"),
                "the CSMS did not accept the BootNotification, so the rest cannot be tested: " + bootAnswer);
        others.clear();
        raw.send("this is not JSON [2, \"");
        ArrayNode heartbeat = raw.call("Heartbeat", json("{}"), ctx.timeout(), others)
                .orElseThrow(() -> new AssertionError("after a frame that was not JSON the CSMS did not answer a"
                        + " Heartbeat within " + ctx.timeout() + (raw.isOpen() ? "" : " (it closed the connection)")
                        + "; frames that came: " + others));
        ctx.check(heartbeat.get(0).asInt() == 3, "after a frame that was not JSON the CSMS answered a Heartbeat"
                + " with " + heartbeat);
        for (String text : others) {
            JsonNode frame = RawConnection.parse(text);
            int type = frame != null && frame.isArray() ? frame.path(0).asInt(-1) : -1;
            if (type == 2) {
                continue; // a CALL of the CSMS's own
            }
            ctx.check(type == 4, "the CSMS answered a frame that was not JSON with " + text);
            ctx.check(ctx.is16() || frame.path(1).asText().equals("-1"), "the CSMS answered a frame that was"
                    + " not JSON with a CALLERROR whose id is not \"-1\": " + text);
        }
    }

    /**
     * 2.0.1 B01 (facts A.12): until a station is accepted, the CSMS answers its CALLs other than BootNotification with
     * CALLERROR SecurityError (B01.FR.10; B02.FR.09 and B03.FR.07 say the same for Pending and Rejected). A CSMS may
     * rightly remember a station it accepted on an earlier connection (a reconnect is not a reboot), so this scenario
     * connects as a station the run has never booted: the adapter's identity with a suffix. A CSMS that does not
     * admit that identity leaves nothing to check, and the scenario is skipped.
     */
    private static void bootGating(ScenarioContext ctx) throws Exception {
        String identity = ctx.csms().stationIdentity() + "-UNBOOTED-" + Long.toString(System.nanoTime(), 36);
        RawConnection raw;
        try {
            raw = ctx.rawConnection(identity);
        } catch (Exception refused) {
            ctx.skip("the CSMS did not admit " + identity + ", a station it has never accepted, so boot gating"
                    + " cannot be seen (" + refused.getMessage() + ")");
            return;
        }
        List<String> others = new ArrayList<>();
        ArrayNode early = raw.call("Heartbeat", json("{}"), ctx.timeout(), others)
                .orElseThrow(() -> new AssertionError("the CSMS did not answer a Heartbeat sent before any"
                        + " BootNotification within " + ctx.timeout()
                        + (raw.isOpen() ? "" : " (it closed the connection)")));
        ctx.check(early.get(0).asInt() == 4 && early.get(2).asText().equals("SecurityError"), "the CSMS answered a"
                + " Heartbeat sent before any BootNotification with " + early + "; until the station is accepted it"
                + " must answer CALLERROR SecurityError (B01.FR.10)");
        ArrayNode boot = raw.call("BootNotification",
                json("{'reason':'PowerUp','chargingStation':{'model':'testkit','vendorName':'dev.ocpp'}}"),
                ctx.timeout(), others)
                .orElseThrow(() -> new AssertionError("the CSMS did not answer BootNotification within "
                        + ctx.timeout()));
        if (boot.get(0).asInt() != 3 || !boot.get(2).path("status").asText().equals("Accepted")) {
            ctx.skip("the CSMS did not accept " + identity + " (" + boot + "), so what it answers once a station is"
                    + " accepted cannot be seen");
        }
        ArrayNode after = raw.call("Heartbeat", json("{}"), ctx.timeout(), others)
                .orElseThrow(() -> new AssertionError("the CSMS did not answer a Heartbeat after accepting the"
                        + " station within " + ctx.timeout()));
        ctx.check(after.get(0).asInt() == 3, "the CSMS answered the Heartbeat of a station it had just accepted with "
                + after);
    }

    // ------------------------------------------------------------------------------------------------ via adapter

    private static void remoteStart(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().remoteStart(station.identity(), ID_TOKEN);
        String action = ctx.is16() ? "RemoteStartTransaction" : "RequestStartTransaction";
        Exchange e = csmsCall(ctx, station, action);
        String token = ctx.is16() ? e.request().path("idTag").asText()
                : e.request().path("idToken").path("idToken").asText();
        ctx.check(token.equals(ID_TOKEN), "the " + action + " names the idToken " + token + ", not " + ID_TOKEN
                + ": " + e.request());
    }

    private static void reset(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().reset(station.identity());
        csmsCall(ctx, station, "Reset");
    }

    private static void triggerHeartbeat(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        int before = station.journal().exchanges("Heartbeat").size();
        ctx.csms().triggerMessage(station.identity(), "Heartbeat");
        Exchange e = csmsCall(ctx, station, "TriggerMessage");
        ctx.check(e.request().path("requestedMessage").asText().equals("Heartbeat"),
                "the TriggerMessage asks for " + e.request().path("requestedMessage") + ", not Heartbeat");
        Exchange heartbeat = station.journal().await(x -> x.action().equals("Heartbeat") && x.answered()
                && x.sequence() > e.sequence(), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the CSMS did not answer the triggered Heartbeat within "
                        + ctx.timeout() + " (" + before + " before)"));
        ctx.check(!heartbeat.failed(), "the CSMS answered the triggered Heartbeat with CALLERROR "
                + (heartbeat.failed() ? heartbeat.error().code() : ""));
    }

    private static void changeAvailability(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().changeAvailability(station.identity(), false);
        Exchange e = csmsCall(ctx, station, "ChangeAvailability");
        String value = ctx.is16() ? e.request().path("type").asText() : e.request().path("operationalStatus")
                .asText();
        ctx.check(value.equals("Inoperative"), "the ChangeAvailability asks for " + value
                + ", not Inoperative: " + e.request());
    }

    // ------------------------------------------------------------------------------------------------ transactions

    /**
     * The driver presents a card, then charges and stops with the same card. 1.6: Authorize (§4.1), StartTransaction
     * (§4.8) whose transactionId the MeterValues (§4.7) and StopTransaction (§4.10) name; a StopTransaction with an
     * idTag is answered with its idTagInfo. 2.0.1: Authorize (C01), TransactionEvent Started, Updated and Ended
     * (E01, E06); an event carrying an idToken is answered with idTokenInfo, which the response requires then.
     */
    private static void localStartStop(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        if (ctx.is16()) {
            ObjectNode authorized = ctx.call(station, "Authorize", json("{'idTag':'" + ID_TOKEN + "'}"));
            ctx.check(authorized.path("idTagInfo").hasNonNull("status"), "the Authorize answer has no"
                    + " idTagInfo.status: " + authorized);
            ObjectNode start = ctx.call(station, "StartTransaction", json("{'connectorId':1,'idTag':'" + ID_TOKEN
                    + "','meterStart':0,'timestamp':'" + now() + "'}"));
            ctx.check(start.path("transactionId").isInt(), "the StartTransaction answer has no integer"
                    + " transactionId: " + start);
            ctx.check(start.path("idTagInfo").hasNonNull("status"), "the StartTransaction answer has no"
                    + " idTagInfo.status: " + start);
            int tx = start.path("transactionId").asInt();
            ctx.call(station, "MeterValues", json("{'connectorId':1,'transactionId':" + tx + ",'meterValue':"
                    + "[{'timestamp':'" + now() + "','sampledValue':[{'value':'750','context':'Sample.Periodic',"
                    + "'measurand':'Energy.Active.Import.Register','unit':'Wh'}]}]}"));
            ObjectNode stop = ctx.call(station, "StopTransaction", json("{'transactionId':" + tx + ",'idTag':'"
                    + ID_TOKEN + "','meterStop':1500,'timestamp':'" + now() + "','reason':'Local'}"));
            ctx.check(stop.path("idTagInfo").hasNonNull("status"), "the answer to a StopTransaction with an idTag"
                    + " has no idTagInfo.status: " + stop);
            return;
        }
        ObjectNode authorized = ctx.call(station, "Authorize", json("{'idToken':" + token201() + "}"));
        ctx.check(authorized.path("idTokenInfo").hasNonNull("status"), "the Authorize answer has no"
                + " idTokenInfo.status: " + authorized);
        String tx = "TESTKIT-TX-" + System.nanoTime();
        ObjectNode started = ctx.call(station, "TransactionEvent", json("{'eventType':'Started','timestamp':'"
                + now() + "','triggerReason':'Authorized','seqNo':0,'transactionInfo':{'transactionId':'" + tx
                + "','chargingState':'Charging'},'idToken':" + token201() + ",'evse':{'id':1,'connectorId':1}}"));
        checkIdTokenInfo(ctx, started, "Started");
        ctx.call(station, "TransactionEvent", json("{'eventType':'Updated','timestamp':'" + now()
                + "','triggerReason':'MeterValuePeriodic','seqNo':1,'transactionInfo':{'transactionId':'" + tx
                + "','chargingState':'Charging'},'meterValue':[{'timestamp':'" + now()
                + "','sampledValue':[{'value':750}]}]}"));
        ObjectNode ended = ctx.call(station, "TransactionEvent", json("{'eventType':'Ended','timestamp':'" + now()
                + "','triggerReason':'StopAuthorized','seqNo':2,'transactionInfo':{'transactionId':'" + tx
                + "','chargingState':'EVConnected','stoppedReason':'Local'},'idToken':" + token201() + "}"));
        checkIdTokenInfo(ctx, ended, "Ended");
    }

    /**
     * The station is offline during a transaction and keeps its transaction messages; once connected again (no new
     * BootNotification: a reconnect is not a reboot) it sends them oldest first, one at a time, their timestamps in
     * the past. 1.6 §3.7: such messages must reach the CSMS in order; 2.0.1 E04: with offline=true (E04.FR.03) and
     * seqNo going on from the last one sent online (E04.FR.04). Each must be answered with a CALLRESULT: a CALLERROR
     * would make the station retry it or, at last, drop it, losing meter data.
     */
    private static void offlineReplay(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedReconnectingStation();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        List<Queued> queued = new ArrayList<>();
        if (ctx.is16()) {
            ObjectNode start = ctx.call(station, "StartTransaction", json("{'connectorId':1,'idTag':'" + ID_TOKEN
                    + "','meterStart':0,'timestamp':'" + t0 + "'}"));
            ctx.check(start.path("transactionId").isInt(), "the StartTransaction answer has no integer"
                    + " transactionId: " + start);
            int tx = start.path("transactionId").asInt();
            for (int i = 1; i <= 2; i++) {
                queued.add(new Queued("MeterValues", json("{'connectorId':1,'transactionId':" + tx
                        + ",'meterValue':[{'timestamp':'" + t0.plus(Duration.ofMinutes(2L * i))
                        + "','sampledValue':[{'value':'" + 500 * i + "','context':'Sample.Periodic'}]}]}")));
            }
            queued.add(new Queued("StopTransaction", json("{'transactionId':" + tx + ",'meterStop':1500,"
                    + "'timestamp':'" + t0.plus(Duration.ofMinutes(6)) + "','reason':'Local'}")));
        } else {
            String tx = "TESTKIT-TX-" + System.nanoTime();
            ctx.call(station, "TransactionEvent", json("{'eventType':'Started','timestamp':'" + t0
                    + "','triggerReason':'CablePluggedIn','seqNo':0,'transactionInfo':{'transactionId':'" + tx
                    + "','chargingState':'EVConnected'},'evse':{'id':1,'connectorId':1}}"));
            for (int i = 1; i <= 2; i++) {
                queued.add(new Queued("TransactionEvent", json("{'eventType':'Updated','timestamp':'"
                        + t0.plus(Duration.ofMinutes(2L * i)) + "','triggerReason':'MeterValuePeriodic','seqNo':" + i
                        + ",'offline':true,'transactionInfo':{'transactionId':'" + tx + "','chargingState':"
                        + "'Charging'},'meterValue':[{'timestamp':'" + t0.plus(Duration.ofMinutes(2L * i))
                        + "','sampledValue':[{'value':" + 500 * i + "}]}]}")));
            }
            queued.add(new Queued("TransactionEvent", json("{'eventType':'Ended','timestamp':'"
                    + t0.plus(Duration.ofMinutes(6)) + "','triggerReason':'EVDeparted','seqNo':3,'offline':true,"
                    + "'transactionInfo':{'transactionId':'" + tx + "','chargingState':'Idle',"
                    + "'stoppedReason':'EVDisconnected'}}")));
        }
        ctx.await(station.goOffline(Duration.ZERO), "the station to lose its connection");
        ctx.await(station.whenConnected(), "the station to connect again");
        for (int i = 0; i < queued.size(); i++) {
            try {
                ctx.call(station, queued.get(i).action(), queued.get(i).payload());
            } catch (AssertionError e) {
                throw new AssertionError("replaying queued transaction message " + (i + 1) + " of " + queued.size()
                        + " after reconnecting: " + e.getMessage(), e);
            }
        }
    }

    /** A transaction message the station keeps while offline. */
    private record Queued(String action, ObjectNode payload) {
    }

    /**
     * The answer to a transaction message is lost (a timeout, a dropped connection), so the station sends the same
     * message again, with a new message id (1.6 §3.7.1; 2.0.1 E13, which counts a missing answer as a failure). The
     * CSMS has seen it already, and must still answer with a CALLRESULT: a CALLERROR would make the station send it
     * again until it gives up and drops it. 1.6: StartTransaction and StopTransaction; 2.0.1: TransactionEvent
     * Started and Ended.
     */
    private static void transactionMessageRetry(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        if (ctx.is16()) {
            ObjectNode start = json("{'connectorId':1,'idTag':'" + ID_TOKEN + "','meterStart':0,'timestamp':'" + now()
                    + "'}");
            ctx.call(station, "StartTransaction", start);
            ObjectNode again = callAgain(ctx, station, "StartTransaction", start);
            ctx.check(again.path("transactionId").isInt(), "the answer to the StartTransaction sent again has no"
                    + " integer transactionId: " + again);
            ObjectNode stop = json("{'transactionId':" + again.path("transactionId").asInt() + ",'meterStop':1500,"
                    + "'timestamp':'" + now() + "','reason':'Local'}");
            ctx.call(station, "StopTransaction", stop);
            callAgain(ctx, station, "StopTransaction", stop);
            return;
        }
        String tx = "TESTKIT-TX-" + System.nanoTime();
        ObjectNode started = json("{'eventType':'Started','timestamp':'" + now() + "','triggerReason':"
                + "'CablePluggedIn','seqNo':0,'transactionInfo':{'transactionId':'" + tx + "','chargingState':"
                + "'EVConnected'},'evse':{'id':1,'connectorId':1}}");
        ctx.call(station, "TransactionEvent", started);
        callAgain(ctx, station, "TransactionEvent", started);
        ObjectNode ended = json("{'eventType':'Ended','timestamp':'" + now() + "','triggerReason':'EVDeparted',"
                + "'seqNo':1,'transactionInfo':{'transactionId':'" + tx + "','chargingState':'Idle',"
                + "'stoppedReason':'EVDisconnected'}}");
        ctx.call(station, "TransactionEvent", ended);
        callAgain(ctx, station, "TransactionEvent", ended);
    }

    private static ObjectNode callAgain(ScenarioContext ctx, SimulatedStation station, String action,
            ObjectNode payload) throws InterruptedException {
        try {
            return ctx.call(station, action, payload.deepCopy());
        } catch (AssertionError e) {
            throw new AssertionError("sending a " + action + " again as if its first answer had been lost: "
                    + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ security

    /**
     * The station asks for a certificate with a new key pair: a PEM PKCS#10 CSR (2.0.1 A02.FR.02/03, here with
     * O = an organization and CN = the station identity). Whether the CSMS can have it signed is its business, so
     * Accepted and Rejected both pass (A02.FR.11/12); a CALLERROR does not: the request is valid.
     */
    private static void signCertificate(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ObjectNode request = json("{}").put("csr", Pkcs10.pem(CSR_ORGANIZATION, station.identity()));
        if (!ctx.is16()) {
            request.put("certificateType", "ChargingStationCertificate");
        }
        ObjectNode answer = ctx.call(station, "SignCertificate", request);
        String status = answer.path("status").asText();
        ctx.check(status.equals("Accepted") || status.equals("Rejected"), "the SignCertificate answer has status "
                + status + ", neither Accepted nor Rejected: " + answer);
    }

    /**
     * 2.0.1 UpdateFirmware / 1.6 SignedUpdateFirmware (a 1.6 station with the security extension refuses the old
     * UpdateFirmware): the station must be able to check the firmware before it installs it, so the request names
     * where to fetch it and when, and carries the signing certificate (PEM X.509) and the signature (Base64) (facts
     * B.7; 2.0.1 L01.FR.11). The station then reports Downloading ... Installed with the requestId, and the
     * FirmwareUpdated security event, which the CSMS confirms (A04.FR.03).
     */
    private static void signedFirmwareUpdate(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().updateFirmware(station.identity());
        String action = ctx.is16() ? "SignedUpdateFirmware" : "UpdateFirmware";
        Exchange e = csmsCall(ctx, station, ctx.is16() ? Set.of(action, "UpdateFirmware") : Set.of(action));
        ctx.check(e.action().equals(action), "the CSMS sent the unsigned UpdateFirmware of OCPP 1.6 core instead"
                + " of the security extension's SignedUpdateFirmware: " + e.request());
        JsonNode firmware = e.request().path("firmware");
        ctx.check(!firmware.path("location").asText("").isBlank(), "the " + action + " has no firmware location: "
                + e.request());
        dateTime(ctx, firmware, "retrieveDateTime", action);
        String certificate = firmware.path("signingCertificate").asText("");
        ctx.check(!certificate.isBlank(), "the " + action + " has no signingCertificate, so the station cannot"
                + " verify the firmware: " + e.request());
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(certificate.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException x) {
            throw new AssertionError("the " + action + "'s signingCertificate is not a PEM X.509 certificate ("
                    + x.getMessage() + "): " + certificate);
        }
        String signature = firmware.path("signature").asText("");
        ctx.check(!signature.isBlank(), "the " + action + " has no signature, so the station cannot verify the"
                + " firmware: " + e.request());
        try {
            ctx.check(Base64.getDecoder().decode(signature.replaceAll("\\s", "")).length > 0,
                    "the " + action + "'s signature is empty");
        } catch (IllegalArgumentException x) {
            throw new AssertionError("the " + action + "'s signature is not Base64: " + signature);
        }
        int requestId = e.request().path("requestId").asInt();
        String notification = ctx.is16() ? "SignedFirmwareStatusNotification" : "FirmwareStatusNotification";
        for (String status : List.of("Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed")) {
            ctx.call(station, notification, json("{'status':'" + status + "','requestId':" + requestId + "}"));
        }
        ctx.call(station, "SecurityEventNotification", json("{'type':'FirmwareUpdated','timestamp':'" + now()
                + "'}"));
    }

    // --------------------------------------------------------------------------------------- via adapter, continued

    /** 1.6 §5.12 / 2.0.1 F03: the stop names the transaction the station runs, which the station then ends. */
    private static void remoteStop(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.await(station.plugIn(1), "the station to report the cable plugged in");
        ctx.await(station.presentIdToken(ID_TOKEN), "the station to start charging with " + ID_TOKEN);
        String tx = station.transactionId(1).filter(t -> station.isCharging(1)).orElseThrow(() ->
                new AssertionError("the CSMS did not accept " + ID_TOKEN + ", so no transaction ran to stop"));
        ctx.csms().remoteStop(station.identity(), tx);
        String action = ctx.is16() ? "RemoteStopTransaction" : "RequestStopTransaction";
        Exchange e = csmsCall(ctx, station, action);
        String named = e.request().path("transactionId").asText();
        ctx.check(named.equals(tx), "the " + action + " names transaction " + named + ", not the running " + tx
                + ": " + e.request());
        Exchange stop = station.journal().await(x -> x.caller() == Role.STATION && x.answered()
                && x.sequence() > e.sequence() && (ctx.is16() ? x.action().equals("StopTransaction")
                        : x.action().equals("TransactionEvent")
                                && x.request().path("eventType").asText().equals("Ended")), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the CSMS did not answer the station's stop of the transaction"
                        + " within " + ctx.timeout()));
        ctx.check(!stop.failed(), "the CSMS answered the stop of the transaction with CALLERROR "
                + (stop.failed() ? stop.error().code() + " \"" + stop.error().description() + "\"" : ""));
    }

    /** 1.6 §5.18 connectorId; 2.0.1 F05 evseId and connectorId, connector n being EVSE n's connector 1. */
    private static void unlockConnector(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().unlockConnector(station.identity(), 1);
        Exchange e = csmsCall(ctx, station, "UnlockConnector");
        if (ctx.is16()) {
            checkInt(ctx, e, "connectorId", 1);
        } else {
            checkInt(ctx, e, "evseId", 1);
            checkInt(ctx, e, "connectorId", 1);
        }
    }

    /** 1.6 §5.13 / 2.0.1 H01: a reservation that has expired already reserves nothing. */
    private static void reserveNow(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().reserveNow(station.identity(), 1, ID_TOKEN);
        Exchange e = csmsCall(ctx, station, "ReserveNow");
        String token = ctx.is16() ? e.request().path("idTag").asText()
                : e.request().path("idToken").path("idToken").asText();
        ctx.check(token.equals(ID_TOKEN), "the ReserveNow names the idToken " + token + ", not " + ID_TOKEN + ": "
                + e.request());
        checkInt(ctx, e, ctx.is16() ? "connectorId" : "evseId", 1);
        String field = ctx.is16() ? "expiryDate" : "expiryDateTime";
        Instant expiry = dateTime(ctx, e.request(), field, "ReserveNow");
        ctx.check(expiry.isAfter(Instant.now()), "the ReserveNow's " + field + " " + expiry
                + " has passed already: " + e.request());
    }

    /** 1.6 §5.15 listVersion, 2.0.1 D01 versionNumber: 0 and below mean "no list" (GetLocalListVersion). */
    private static void sendLocalList(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().sendLocalList(station.identity());
        Exchange e = csmsCall(ctx, station, "SendLocalList");
        String field = ctx.is16() ? "listVersion" : "versionNumber";
        JsonNode version = e.request().path(field);
        ctx.check(version.isInt() && version.asInt() > 0, "the SendLocalList's " + field + " is " + version
                + ", not a positive number: " + e.request());
    }

    /**
     * 1.6 §5.16 connectorId and csChargingProfiles, 2.0.1 K01 evseId and chargingProfile. Each period of a schedule
     * runs from its startPeriod to the next one's, so the starts must go up.
     */
    private static void setChargingProfile(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().setChargingProfile(station.identity(), 1);
        Exchange e = csmsCall(ctx, station, "SetChargingProfile");
        checkInt(ctx, e, ctx.is16() ? "connectorId" : "evseId", 1);
        JsonNode profile = e.request().path(ctx.is16() ? "csChargingProfiles" : "chargingProfile");
        List<JsonNode> schedules = new ArrayList<>();
        if (ctx.is16()) {
            schedules.add(profile.path("chargingSchedule"));
        } else {
            profile.path("chargingSchedule").forEach(schedules::add);
        }
        for (JsonNode schedule : schedules) {
            int previous = -1;
            for (JsonNode period : schedule.path("chargingSchedulePeriod")) {
                int start = period.path("startPeriod").asInt();
                ctx.check(start > previous, "the SetChargingProfile's schedule periods do not start in ascending"
                        + " order (" + start + " after " + previous + "): " + schedule);
                previous = start;
            }
        }
    }

    private static void clearChargingProfile(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().clearChargingProfile(station.identity());
        csmsCall(ctx, station, "ClearChargingProfile");
    }

    /**
     * 2.0.1 N01 GetLog, answered by the station, then LogStatusNotification Uploading and Uploaded with the requestId.
     * 1.6: GetLog of the security extension, or GetDiagnostics (§5.9) followed by DiagnosticsStatusNotification
     * (§4.4), whichever the CSMS sends; both name where to upload.
     */
    private static void getLog(ScenarioContext ctx) throws Exception {
        SimulatedStation station = ctx.bootedStation();
        ctx.csms().getLog(station.identity());
        Exchange e = csmsCall(ctx, station, ctx.is16() ? Set.of("GetLog", "GetDiagnostics") : Set.of("GetLog"));
        if (e.action().equals("GetDiagnostics")) {
            ctx.check(!e.request().path("location").asText("").isBlank(), "the GetDiagnostics has no upload"
                    + " location: " + e.request());
            for (String status : List.of("Uploading", "Uploaded")) {
                ctx.call(station, "DiagnosticsStatusNotification", json("{'status':'" + status + "'}"));
            }
            return;
        }
        ctx.check(!e.request().path("log").path("remoteLocation").asText("").isBlank(), "the GetLog has no upload"
                + " location: " + e.request());
        int requestId = e.request().path("requestId").asInt();
        for (String status : List.of("Uploading", "Uploaded")) {
            ctx.call(station, "LogStatusNotification", json("{'status':'" + status + "','requestId':" + requestId
                    + "}"));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * The CALL of {@code action} the CSMS sent to the station, which must be schema-valid: the simulated station
     * checks it and would answer an invalid one with a CALLERROR.
     */
    private static Exchange csmsCall(ScenarioContext ctx, SimulatedStation station, String action)
            throws InterruptedException {
        return csmsCall(ctx, station, Set.of(action));
    }

    /** As {@link #csmsCall(ScenarioContext, SimulatedStation, String)}, the first CALL of any of {@code actions}. */
    private static Exchange csmsCall(ScenarioContext ctx, SimulatedStation station, Set<String> actions)
            throws InterruptedException {
        Exchange e = station.journal().await(x -> x.caller() == Role.CSMS && actions.contains(x.action())
                && x.answered(), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the CSMS sent no " + String.join(" or ", sorted(actions))
                        + " to the station within " + ctx.timeout()));
        String action = e.action();
        List<String> violations = ctx.violations(action, true, e.request());
        ctx.check(violations.isEmpty(), "the CSMS sent a " + action + " that is not schema-valid " + violations
                + ": " + e.request());
        return e;
    }

    /** Fails unless the CALL's {@code field} is the integer {@code expected}. */
    private static void checkInt(ScenarioContext ctx, Exchange e, String field, int expected) {
        JsonNode value = e.request().path(field);
        ctx.check(value.isInt() && value.asInt() == expected, "the " + e.action() + " names " + field + " "
                + (value.isMissingNode() ? "(none)" : value) + ", not " + expected + ": " + e.request());
    }

    /** The date-time {@code field} of {@code node}, failing when it is missing or not one. */
    private static Instant dateTime(ScenarioContext ctx, JsonNode node, String field, String action) {
        String text = node.path(field).asText("");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new AssertionError("the " + action + "'s " + field + " is not a date-time: " + node);
        }
    }

    /** 2.0.1: a TransactionEvent that carries an idToken is answered with idTokenInfo (E01, E06). */
    private static void checkIdTokenInfo(ScenarioContext ctx, ObjectNode answer, String eventType) {
        ctx.check(answer.path("idTokenInfo").hasNonNull("status"), "the answer to the TransactionEvent " + eventType
                + " with an idToken has no idTokenInfo.status: " + answer);
    }

    private static String token201() {
        return "{'idToken':'" + ID_TOKEN + "','type':'ISO14443'}";
    }

    static void checkCurrentTime(ScenarioContext ctx, JsonNode answer, String action) {
        String text = answer.path("currentTime").asText("");
        Instant time;
        try {
            time = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new AssertionError("the " + action + " answer's currentTime is not a date-time: " + answer);
        }
        Duration skew = Duration.between(Instant.now(), time).abs();
        ctx.check(skew.compareTo(CLOCK_SKEW) <= 0, "the " + action + " answer's currentTime " + text + " is "
                + skew + " away from this machine's clock");
    }

    static String now() {
        // Instant prints seconds always (OffsetDateTime drops ":00"), as RFC 3339 date-time wants.
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }
}
