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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
                        Role.CSMS, BOTH, List.of("1.6 §5.2", "2.0.1 block G"), CsmsScenarios::changeAvailability));
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

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * The CALL of {@code action} the CSMS sent to the station, which must be schema-valid: the simulated station
     * checks it and would answer an invalid one with a CALLERROR.
     */
    private static Exchange csmsCall(ScenarioContext ctx, SimulatedStation station, String action)
            throws InterruptedException {
        Exchange e = station.journal().await(x -> x.caller() == Role.CSMS && x.action().equals(action)
                && x.answered(), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the CSMS sent no " + action + " to the station within "
                        + ctx.timeout()));
        List<String> violations = ctx.violations(action, true, e.request());
        ctx.check(violations.isEmpty(), "the CSMS sent a " + action + " that is not schema-valid " + violations
                + ": " + e.request());
        return e;
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
