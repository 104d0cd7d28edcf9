package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.CsmsScenarios.BOTH;
import static dev.ocpp.testkit.conformance.CsmsScenarios.UNKNOWN_ACTION;
import static dev.ocpp.testkit.conformance.CsmsScenarios.V16;
import static dev.ocpp.testkit.conformance.CsmsScenarios.V201;
import static dev.ocpp.testkit.conformance.CsmsScenarios.now;
import static dev.ocpp.testkit.conformance.CsmsScenarios.sorted;
import static dev.ocpp.testkit.conformance.ScenarioContext.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.Role;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The scenarios that test a station, driven by a {@link dev.ocpp.testkit.MockCsms}. The station runs on real time
 * (a foreign station has no virtual clock), so the scenarios that wait for one of its timers give it a short
 * interval ({@value #INTERVAL} s) and a deadline of that interval plus the timeout budget.
 */
final class StationScenarios {

    /** The interval the mock gives where the station's timing is checked, in seconds. */
    static final int INTERVAL = 2;
    /** How much earlier than the interval a retried BootNotification may come, for clock granularity. */
    static final Duration EARLY_TOLERANCE = Duration.ofMillis(100);

    private StationScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("STATION-B01-boot-first",
                        "The station's first CALL is a schema-valid BootNotification, and it sends nothing else"
                                + " before the answer",
                        Role.STATION, BOTH, List.of("1.6 §4.2", "B01", "B01.FR.08"), StationScenarios::bootFirst),
                new Scenario("STATION-B02-pending-boots-again",
                        "After BootNotification Pending with an interval the station boots again after that"
                                + " interval, sending nothing else meanwhile",
                        Role.STATION, BOTH, List.of("1.6 §4.2", "B02", "B02.FR.02"),
                        StationScenarios::pendingBootsAgain),
                new Scenario("STATION-G02-heartbeat",
                        "Once accepted with an interval the station sends a Heartbeat within that interval",
                        Role.STATION, BOTH, List.of("1.6 §4.6", "G02"), StationScenarios::heartbeats),
                new Scenario("STATION-B11-reset", "Reset is answered with a status",
                        Role.STATION, BOTH, List.of("1.6 §5.14", "B11"), StationScenarios::reset),
                new Scenario("STATION-G-change-availability", "ChangeAvailability is answered with a status",
                        Role.STATION, BOTH, List.of("1.6 §5.2", "2.0.1 block G"),
                        StationScenarios::changeAvailability),
                new Scenario("STATION-F06-trigger-heartbeat",
                        "TriggerMessage(Heartbeat) is answered Accepted and a Heartbeat follows",
                        Role.STATION, BOTH, List.of("1.6 §5.17", "F06"), StationScenarios::triggerHeartbeat),
                new Scenario("STATION-CFG16-get-configuration",
                        "GetConfiguration without keys lists the configuration, HeartbeatInterval among it",
                        Role.STATION, V16, List.of("1.6 §5.8"), StationScenarios::getConfiguration),
                new Scenario("STATION-B06-get-variables",
                        "GetVariables is answered with one result per requested variable, naming it",
                        Role.STATION, V201, List.of("B06"), StationScenarios::getVariables),
                new Scenario("STATION-RPC-unknown-action",
                        "A CALL of an unknown action gets CALLERROR NotImplemented",
                        Role.STATION, BOTH, List.of("1.6-J §4.2.3", "2.0.1-J §4.3"),
                        StationScenarios::unknownAction),
                new Scenario("STATION-RPC-invalid-payload",
                        "A schema-invalid CALL gets a CALLERROR with one of the version's payload error codes",
                        Role.STATION, BOTH, List.of("1.6-J §4.2.3", "2.0.1-J §4.1.7", "2.0.1-J §4.3"),
                        StationScenarios::invalidPayload),
                new Scenario("STATION-B03-rejected-boot",
                        "After BootNotification Rejected with an interval the station sends nothing until it boots"
                                + " again after that interval",
                        Role.STATION, BOTH, List.of("1.6 §4.2", "B03", "B03.FR.02"),
                        StationScenarios::rejectedBootsAgain),
                new Scenario("STATION-E-local-start-stop",
                        "A cable plugged in and an idToken presented start a transaction with that idToken on that"
                                + " connector; pulling the cable out ends the same transaction",
                        Role.STATION, BOTH, List.of("1.6 §4.1", "1.6 §4.8", "1.6 §4.10", "E02", "E06"),
                        StationScenarios::localStartStop),
                new Scenario("STATION-F01-remote-start",
                        "RemoteStartTransaction / RequestStartTransaction is Accepted and a transaction with its"
                                + " idToken (and 2.0.1 remoteStartId) follows",
                        Role.STATION, BOTH, List.of("1.6 §5.11", "1.6 §4.8", "F01", "F02"),
                        StationScenarios::remoteStart),
                new Scenario("STATION-F03-remote-stop",
                        "RemoteStopTransaction / RequestStopTransaction of the running transaction is Accepted and"
                                + " that transaction ends",
                        Role.STATION, BOTH, List.of("1.6 §5.12", "1.6 §4.10", "F03"),
                        StationScenarios::remoteStop),
                new Scenario("STATION-F05-unlock-connector",
                        "UnlockConnector of an existing connector is answered with a schema-valid status",
                        Role.STATION, BOTH, List.of("1.6 §5.18", "F05"), StationScenarios::unlockConnector),
                new Scenario("STATION-H01-reservation",
                        "ReserveNow is answered; an accepted reservation is cancelled with CancelReservation"
                                + " Accepted, and cancelling it again is Rejected",
                        Role.STATION, BOTH, List.of("1.6 §5.13", "1.6 §5.1", "H01", "H02"),
                        StationScenarios::reservation),
                new Scenario("STATION-D01-local-list",
                        "After SendLocalList (Full) of version N is Accepted, GetLocalListVersion reports N",
                        Role.STATION, BOTH, List.of("1.6 §5.15", "1.6 §5.10", "D01", "D02"),
                        StationScenarios::localList),
                new Scenario("STATION-K01-charging-profile",
                        "A TxDefaultProfile set with SetChargingProfile is Accepted, ClearChargingProfile of its id"
                                + " is Accepted, and clearing it again finds nothing (Unknown)",
                        Role.STATION, BOTH, List.of("1.6 §5.16", "1.6 §5.5", "K01", "K10"),
                        StationScenarios::chargingProfile),
                new Scenario("STATION-N01-get-log",
                        "An accepted GetDiagnostics (1.6) / GetLog (2.0.1) is followed by schema-valid status"
                                + " notifications ending in a final upload state",
                        Role.STATION, BOTH, List.of("1.6 §5.9", "1.6 §4.4", "N01"), StationScenarios::getLog),
                new Scenario("STATION-L01-signed-firmware",
                        "A signed firmware update whose signing certificate no installed root vouches for is"
                                + " answered InvalidCertificate and reported as InvalidFirmwareSigningCertificate",
                        Role.STATION, BOTH, List.of("L01", "L01.FR.21", "L01.FR.22"),
                        StationScenarios::signedFirmware),
                new Scenario("STATION-A02-certificate-signing",
                        "A triggered certificate signing is followed by a SignCertificate whose csr is a PEM"
                                + " PKCS#10 request that parses and is signed by its own key",
                        Role.STATION, BOTH, List.of("A02", "F06"), StationScenarios::certificateSigning),
                new Scenario("STATION-E04-offline-queue",
                        "A transaction begun and ended while the CSMS cannot be reached is delivered once the station"
                                + " is back: in order, 1.6 StartTransaction before StopTransaction with the id the CSMS"
                                + " gave, 2.0.1 seqNo rising from 0 and every event flagged offline",
                        Role.STATION, BOTH, List.of("1.6 §3.7", "E04", "E04.FR.01", "E04.FR.03"),
                        StationScenarios::offlineQueue),
                new Scenario("STATION-E13-retry",
                        "A transaction message answered with a CALLERROR is sent again, unchanged, after the retry"
                                + " interval set through configuration",
                        Role.STATION, BOTH, List.of("1.6 §3.7", "1.6 §9.1", "E13"), StationScenarios::retry),
                new Scenario("STATION-A05-security-profile",
                        "The security profile is reported and never lowered: 1.6 ChangeConfiguration"
                                + "(SecurityProfile) to the current value or a lower one is Rejected; 2.0.1"
                                + " SecurityCtrlr.SecurityProfile is read-only and SetNetworkProfile with a lower"
                                + " profile is Rejected; a station the run gave a password reports profile 1 or more",
                        Role.STATION, BOTH, List.of("A05", "A05.FR.01", "B09", "B09.FR.04"),
                        StationScenarios::securityProfile),
                new Scenario("STATION-A05-security-profile-upgrade",
                        "A station on profile 1 raises its security profile to 2 when asked: it installs the CSMS"
                                + " root certificate, accepts the change (1.6 ChangeConfiguration of SecurityProfile;"
                                + " 2.0.1 SetNetworkProfile, NetworkConfigurationPriority and Reset), connects to the"
                                + " TLS endpoint with its password, reports profile 2 there and refuses to go back",
                        Role.STATION, BOTH, List.of("A05", "A05.FR.01", "A05.FR.05", "A05.FR.06", "A05.FR.07",
                                "A05.FR.09", "B09", "B09.FR.04", "B09.FR.05", "B10", "M05"),
                        StationScenarios::securityProfileUpgrade));
    }

    /** 1.6 §4.2, 2.0.1 B01.FR.08: nothing but BootNotification before it is answered Accepted or Pending. */
    private static void bootFirst(ScenarioContext ctx) throws Exception {
        ctx.startStation();
        Exchange boot = ctx.takeFromStation("BootNotification", ctx.timeout());
        ctx.check(!boot.failed(), "the station's BootNotification is not valid: the mock answered CALLERROR "
                + (boot.failed() ? boot.error().code() + " " + boot.error().description() : ""));
        List<Exchange> earlier = ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION
                && e.sequence() != boot.sequence()
                && (e.sequence() < boot.sequence() || e.calledAt().isBefore(boot.answeredAt())));
        if (!earlier.isEmpty()) {
            ctx.fail("the station sent " + earlier.get(0).action() + " before its BootNotification was answered");
        }
    }

    /**
     * 1.6 §4.2 / 2.0.1 B02: Pending's interval is the least wait before the next BootNotification; in between the
     * station sends no CALL of its own (B02.FR.02; 1.6 §4.2 likewise unless triggered).
     */
    private static void pendingBootsAgain(ScenarioContext ctx) throws Exception {
        ctx.enqueue("BootNotification", json("{'status':'Pending','interval':" + INTERVAL + ",'currentTime':'"
                + now() + "'}"));
        ctx.startStation();
        Exchange first = ctx.takeFromStation("BootNotification", ctx.timeout());
        Duration deadline = Duration.ofSeconds(INTERVAL).plus(ctx.timeout());
        Exchange second = ctx.takeFromStation("BootNotification", deadline);
        Duration gap = Duration.between(first.answeredAt(), second.calledAt());
        ctx.check(gap.plus(EARLY_TOLERANCE).compareTo(Duration.ofSeconds(INTERVAL)) >= 0,
                "the station booted again " + gap.toMillis() + " ms after Pending with interval " + INTERVAL
                        + " s; it must wait at least the interval");
        List<Exchange> between = ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION
                && e.sequence() > first.sequence() && e.sequence() < second.sequence());
        ctx.check(between.isEmpty(), "while Pending the station sent " + (between.isEmpty() ? ""
                : between.get(0).action()) + " (only BootNotification is allowed unless triggered)");
    }

    /** 1.6 §4.6 / 2.0.1 G02: the interval of the accepting answer is the heartbeat interval. */
    private static void heartbeats(ScenarioContext ctx) throws Exception {
        ctx.enqueue("BootNotification", json("{'status':'Accepted','interval':" + INTERVAL + ",'currentTime':'"
                + now() + "'}"));
        ctx.startAcceptedStation();
        Exchange heartbeat = ctx.takeFromStation("Heartbeat", Duration.ofSeconds(INTERVAL).plus(ctx.timeout()));
        ctx.check(!heartbeat.failed(), "the station's Heartbeat is not valid: the mock answered CALLERROR "
                + (heartbeat.failed() ? heartbeat.error().code() : ""));
    }

    private static void reset(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ObjectNode answer = ctx.callStation("Reset", ctx.is16() ? json("{'type':'Soft'}")
                : json("{'type':'OnIdle'}"));
        ctx.check(answer.hasNonNull("status"), "the Reset answer has no status: " + answer);
    }

    private static void changeAvailability(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ObjectNode answer = ctx.callStation("ChangeAvailability", ctx.is16()
                ? json("{'connectorId':0,'type':'Operative'}") : json("{'operationalStatus':'Operative'}"));
        ctx.check(answer.hasNonNull("status"), "the ChangeAvailability answer has no status: " + answer);
    }

    /**
     * 1.6 §5.17 / 2.0.1 F06: Accepted means the requested message follows. TriggerMessage is optional in 1.6 (Remote
     * Trigger profile), and a station may answer Rejected or NotImplemented: then the scenario is skipped, since
     * nothing can be checked.
     */
    private static void triggerHeartbeat(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ObjectNode answer;
        try {
            answer = ctx.callStation("TriggerMessage", json("{'requestedMessage':'Heartbeat'}"));
        } catch (AssertionError e) {
            if (ctx.is16() && String.valueOf(e.getMessage()).matches("(?s).*CALLERROR Not(Implemented|Supported).*")) {
                ctx.skip("the station does not support TriggerMessage (1.6 Remote Trigger profile)");
            }
            throw e;
        }
        String status = answer.path("status").asText();
        if (!status.equals("Accepted")) {
            ctx.skip("the station answered TriggerMessage(Heartbeat) " + status);
        }
        long trigger = ctx.mockCsms().journal().last("TriggerMessage").orElseThrow().sequence();
        Exchange heartbeat = ctx.mockCsms().journal().await(e -> e.caller() == Role.STATION
                && e.action().equals("Heartbeat") && e.sequence() > trigger, ctx.timeout())
                .orElseThrow(() -> new AssertionError("the station accepted TriggerMessage(Heartbeat) but sent no"
                        + " Heartbeat within " + ctx.timeout()));
        ctx.check(!heartbeat.failed(), "the triggered Heartbeat is not valid: the mock answered CALLERROR");
    }

    /** 1.6 §5.8: without keys, all settings; HeartbeatInterval is a required core key (1.6 §9.1). */
    private static void getConfiguration(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ObjectNode all = ctx.callStation("GetConfiguration", json("{}"));
        ctx.check(all.path("configurationKey").size() > 0, "GetConfiguration without keys listed none: " + all);
        ObjectNode one = ctx.callStation("GetConfiguration", json("{'key':['HeartbeatInterval']}"));
        boolean found = false;
        for (JsonNode k : one.path("configurationKey")) {
            found |= k.path("key").asText().equals("HeartbeatInterval");
        }
        ctx.check(found, "GetConfiguration(HeartbeatInterval) did not report the key: " + one);
    }

    /** 2.0.1 B06: one GetVariableResult per GetVariableData, naming the same component and variable. */
    private static void getVariables(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ObjectNode answer = ctx.callStation("GetVariables", json("{'getVariableData':[{'component':"
                + "{'name':'OCPPCommCtrlr'},'variable':{'name':'HeartbeatInterval'}}]}"));
        JsonNode results = answer.path("getVariableResult");
        ctx.check(results.size() == 1, "GetVariables of one variable got " + results.size() + " results: "
                + answer);
        JsonNode r = results.get(0);
        ctx.check(r.path("component").path("name").asText().equals("OCPPCommCtrlr")
                && r.path("variable").path("name").asText().equals("HeartbeatInterval"),
                "the GetVariables result names another variable: " + r);
    }

    private static void unknownAction(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        CallErrorException error = ctx.callStationExpectingError(UNKNOWN_ACTION, json("{}"));
        ctx.check(error.wireCode().equals("NotImplemented"), "the station answered the unknown action "
                + UNKNOWN_ACTION + " with CALLERROR " + error.wireCode() + " instead of NotImplemented");
    }

    /** A Reset without its type, then one with a number for it: as {@code CSMS-RPC-invalid-payload}, reversed. */
    private static void invalidPayload(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        Set<String> allowed = ctx.is16() ? CsmsScenarios.SCHEMA_CODES_16 : CsmsScenarios.SCHEMA_CODES_201;
        for (ObjectNode payload : List.of(json("{}"), json("{'type':12}"))) {
            CallErrorException error = ctx.callStationExpectingError("Reset", payload);
            ctx.check(allowed.contains(error.wireCode()), "the station answered the invalid Reset " + payload
                    + " with CALLERROR " + error.wireCode() + "; expected one of " + sorted(allowed));
        }
    }

    // ------------------------------------------------------------------------------------------------ boot gating

    /**
     * 1.6 §4.2 / 2.0.1 B03: after Rejected the station sends nothing until the interval has passed (B03.FR.02), then
     * boots again.
     */
    private static void rejectedBootsAgain(ScenarioContext ctx) throws Exception {
        ctx.enqueue("BootNotification", json("{'status':'Rejected','interval':" + INTERVAL + ",'currentTime':'"
                + now() + "'}"));
        ctx.startStation();
        Exchange first = ctx.takeFromStation("BootNotification", ctx.timeout());
        Exchange second = ctx.takeFromStation("BootNotification", Duration.ofSeconds(INTERVAL).plus(ctx.timeout()));
        Duration gap = Duration.between(first.answeredAt(), second.calledAt());
        ctx.check(gap.plus(EARLY_TOLERANCE).compareTo(Duration.ofSeconds(INTERVAL)) >= 0,
                "the station booted again " + gap.toMillis() + " ms after Rejected with interval " + INTERVAL
                        + " s; it must send nothing until the interval has passed");
        List<Exchange> between = ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION
                && e.sequence() > first.sequence() && e.sequence() < second.sequence());
        ctx.check(between.isEmpty(), "after Rejected the station sent " + (between.isEmpty() ? ""
                : between.get(0).action()) + " before the interval had passed (it must send nothing)");
    }

    // ------------------------------------------------------------------------------------------------ transactions

    /** The idToken the transaction scenarios use; 1.6 idTags are at most 20 characters. */
    static final String TOKEN = "TESTKIT-TOKEN-1";
    /** The remoteStartId of the 2.0.1 RequestStartTransaction. */
    static final int REMOTE_START_ID = 4711;

    /**
     * 1.6 §4.1/§4.8/§4.10, 2.0.1 E02/E06: a local session through the adapter's physical actions (cable first, then the
     * card), ended by pulling the cable out.
     */
    private static void localStartStop(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ctx.station().plugIn(1);
        ctx.station().presentIdToken(TOKEN);
        if (ctx.is16()) {
            Exchange start = ctx.takeFromStation("StartTransaction", ctx.timeout());
            checkStart16(ctx, start);
            ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION && e.action().equals("Authorize")
                    && e.sequence() < start.sequence()).forEach(a -> ctx.check(
                            a.request().path("idTag").asText().equals(TOKEN),
                            "the station authorized idTag " + a.request().path("idTag") + ", not the one presented ("
                                    + TOKEN + ")"));
            ctx.station().unplug(1);
            checkStop16(ctx, start);
        } else {
            Exchange started = awaitEvent(ctx, e -> eventType(e).equals("Started"), "a TransactionEvent Started");
            String tx = transactionId(started);
            awaitEvent(ctx, e -> tx.equals(transactionId(e)) && TOKEN.equals(idToken(e)),
                    "a TransactionEvent of transaction " + tx + " with the idToken presented (" + TOKEN + ")");
            ctx.station().unplug(1);
            checkEnded201(ctx, tx);
        }
    }

    /** 1.6 §5.11 / 2.0.1 F01, F02: an accepted remote start is followed by a transaction with its idToken. */
    private static void remoteStart(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        startRemotely(ctx);
    }

    /** 1.6 §5.12 / 2.0.1 F03: an accepted remote stop ends the transaction it names. */
    private static void remoteStop(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        Object tx = startRemotely(ctx);
        if (ctx.is16()) {
            Exchange start = (Exchange) tx;
            int id = start.response().path("transactionId").asInt();
            ObjectNode answer = ctx.callStation("RemoteStopTransaction", json("{'transactionId':" + id + "}"));
            ctx.check(answer.path("status").asText().equals("Accepted"), "the station answered"
                    + " RemoteStopTransaction of its running transaction " + id + " with " + answer.path("status")
                    + " instead of Accepted");
            checkStop16(ctx, start);
        } else {
            String id = (String) tx;
            ObjectNode answer = ctx.callStation("RequestStopTransaction", json("{'transactionId':'" + id + "'}"));
            ctx.check(answer.path("status").asText().equals("Accepted"), "the station answered"
                    + " RequestStopTransaction of its running transaction " + id + " with " + answer.path("status")
                    + " instead of Accepted");
            checkEnded201(ctx, id);
        }
    }

    /**
     * Asks for a remote start and waits for the transaction: the 1.6 StartTransaction exchange, or the 2.0.1
     * transactionId. A station that starts only once a cable is in gets one through the adapter, if it can.
     */
    private static Object startRemotely(ScenarioContext ctx) throws Exception {
        ObjectNode answer = ctx.is16()
                ? ctx.callStation("RemoteStartTransaction", json("{'connectorId':1,'idTag':'" + TOKEN + "'}"))
                : ctx.callStation("RequestStartTransaction", json("{'evseId':1,'remoteStartId':" + REMOTE_START_ID
                        + ",'idToken':{'idToken':'" + TOKEN + "','type':'Central'}}"));
        String action = ctx.is16() ? "RemoteStartTransaction" : "RequestStartTransaction";
        ctx.check(answer.path("status").asText().equals("Accepted"), "the idle station answered " + action
                + " with " + answer.path("status") + " instead of Accepted");
        try {
            ctx.station().plugIn(1);
        } catch (UnsupportedOperationException e) {
            // A station that starts without a cable being plugged in by the test needs none.
        }
        if (ctx.is16()) {
            Exchange start = ctx.takeFromStation("StartTransaction", ctx.timeout());
            checkStart16(ctx, start);
            return start;
        }
        Exchange remote = awaitEvent(ctx, e -> e.request().path("transactionInfo").path("remoteStartId").asInt()
                == REMOTE_START_ID, "a TransactionEvent with the remoteStartId " + REMOTE_START_ID
                + " of the RequestStartTransaction");
        String tx = transactionId(remote);
        awaitEvent(ctx, e -> tx.equals(transactionId(e)) && TOKEN.equals(idToken(e)), "a TransactionEvent of"
                + " transaction " + tx + " with the idToken of the RequestStartTransaction (" + TOKEN + ")");
        return tx;
    }

    /** How long a dropped station may take to be back: its reconnect back-off is its own. */
    private static Duration reconnectWait(ScenarioContext ctx) {
        return ctx.timeout().multipliedBy(3);
    }

    /**
     * 1.6 §3.7 / 2.0.1 E04: the mock drops the station and refuses it while the adapter plugs in, presents the token
     * and unplugs; let back in, the station delivers what it queued, in order. The adapter's actions return once the
     * station has acted on them, so everything they cause is queued before the mock admits the station again. A station
     * that does not try to reconnect within three timeout budgets is skipped: its back-off, not its queue, is slow.
     */
    private static void offlineQueue(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        String identity = ctx.stationIdentity();
        ctx.mockCsms().refuse(identity);
        ctx.await(ctx.mockCsms().disconnect(identity), "the station's connection to close");
        // The station knows it is offline once it has tried to come back and been refused; until then what it sends
        // may still go out on the connection being closed.
        if (!ctx.mockCsms().awaitRefusal(identity, reconnectWait(ctx))) {
            ctx.skip("the station did not try to reconnect within " + reconnectWait(ctx) + " of being disconnected;"
                    + " its reconnect back-off is too long for this scenario");
        }
        long dropped = ctx.mockCsms().journal().exchanges().stream().mapToLong(Exchange::sequence).max().orElse(-1);
        ctx.station().plugIn(1);
        ctx.station().presentIdToken(TOKEN);
        ctx.station().unplug(1);
        ctx.mockCsms().admit(identity);
        ctx.mockCsms().awaitStation(identity, reconnectWait(ctx));
        if (ctx.is16()) {
            Exchange start = ctx.mockCsms().journal().take(e -> e.caller() == Role.STATION
                    && e.action().equals("StartTransaction") && e.sequence() > dropped, ctx.timeout()).orElseThrow(
                            () -> new AssertionError("back online, the station did not deliver the StartTransaction"
                                    + " of the transaction it began offline within " + ctx.timeout()));
            Exchange answered = ctx.mockCsms().journal().await(e -> e.sequence() == start.sequence()
                    && e.answered(), ctx.timeout()).orElseThrow(() -> new AssertionError("the mock did not answer "
                            + start.describe()));
            checkStart16(ctx, answered);
            Exchange stop = ctx.mockCsms().journal().await(e -> e.caller() == Role.STATION
                    && e.action().equals("StopTransaction") && e.sequence() > dropped, ctx.timeout()).orElseThrow(
                            () -> new AssertionError("back online, the station did not deliver the StopTransaction of"
                                    + " the transaction it ended offline within " + ctx.timeout()));
            ctx.check(stop.sequence() > start.sequence(), "the station delivered the queued StopTransaction before"
                    + " its StartTransaction (1.6 §3.7: in the order they happened)");
            int id = answered.response().path("transactionId").asInt();
            ctx.check(stop.request().path("transactionId").asInt() == id, "the queued StopTransaction names"
                    + " transaction " + stop.request().path("transactionId") + ", but the CSMS gave the transaction"
                    + " the id " + id + " when its StartTransaction was delivered");
        } else {
            Exchange started = awaitEvent(ctx, e -> e.sequence() > dropped && eventType(e).equals("Started"),
                    "a TransactionEvent Started of the transaction it began offline, once back online,");
            String tx = transactionId(started);
            checkEnded201(ctx, tx);
            for (Exchange e : ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION
                    && e.action().equals("TransactionEvent") && tx.equals(transactionId(e)))) {
                ctx.check(e.request().path("offline").asBoolean(false), "the TransactionEvent " + eventType(e)
                        + " (seqNo " + e.request().path("seqNo") + ") queued while offline is not flagged offline"
                        + " (E04.FR.03)");
            }
        }
    }

    /** The retry interval the scenario sets, in seconds. */
    static final int RETRY_INTERVAL = 1;

    /**
     * 1.6 §3.7.1 (TransactionMessageAttempts, TransactionMessageRetryInterval, required keys of §9.1) / 2.0.1 E13
     * (OCPPCommCtrlr.MessageAttempts and MessageAttemptInterval of instance TransactionEvent): after a failure to
     * process, the station waits the interval times the transmissions so far and sends the same message again. The
     * mock sets a 1 s interval, answers the first transaction message of a remote start with CALLERROR InternalError,
     * and expects it again, unchanged, no sooner than the interval. A station that does not take the settings is
     * skipped: its own interval may be too long to wait for.
     */
    private static void retry(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        if (ctx.is16()) {
            for (String[] kv : new String[][] {{"TransactionMessageAttempts", "3"},
                    {"TransactionMessageRetryInterval", String.valueOf(RETRY_INTERVAL)}}) {
                ObjectNode answer = ctx.callStation("ChangeConfiguration", json("{'key':'" + kv[0] + "','value':'"
                        + kv[1] + "'}"));
                if (!answer.path("status").asText().equals("Accepted")) {
                    ctx.skip("the station answered ChangeConfiguration of " + kv[0] + " " + answer.path("status"));
                }
            }
            ctx.mockCsms().enqueueError(Class.forName("dev.ocpp.v16.messages.StartTransactionRequest"),
                    ErrorCode.INTERNAL_ERROR, "the testkit fails the first transmission");
        } else {
            ObjectNode answer = ctx.callStation("SetVariables", json("{'setVariableData':["
                    + "{'component':{'name':'OCPPCommCtrlr'},'variable':{'name':'MessageAttempts','instance':"
                    + "'TransactionEvent'},'attributeValue':'3'},"
                    + "{'component':{'name':'OCPPCommCtrlr'},'variable':{'name':'MessageAttemptInterval','instance':"
                    + "'TransactionEvent'},'attributeValue':'" + RETRY_INTERVAL + "'}]}"));
            for (JsonNode r : answer.path("setVariableResult")) {
                if (!r.path("attributeStatus").asText().equals("Accepted")) {
                    ctx.skip("the station answered SetVariables of OCPPCommCtrlr." + r.path("variable").path("name")
                            .asText() + "[TransactionEvent] " + r.path("attributeStatus"));
                }
            }
            ctx.mockCsms().enqueueError(Class.forName("dev.ocpp.v201.messages.TransactionEventRequest"),
                    ErrorCode.INTERNAL_ERROR, "the testkit fails the first transmission");
        }
        ObjectNode start = ctx.is16()
                ? ctx.callStation("RemoteStartTransaction", json("{'connectorId':1,'idTag':'" + TOKEN + "'}"))
                : ctx.callStation("RequestStartTransaction", json("{'evseId':1,'remoteStartId':" + REMOTE_START_ID
                        + ",'idToken':{'idToken':'" + TOKEN + "','type':'Central'}}"));
        ctx.check(start.path("status").asText().equals("Accepted"), "the idle station refused the remote start: "
                + start);
        try {
            ctx.station().plugIn(1);
        } catch (UnsupportedOperationException e) {
            // A station that starts without a cable being plugged in by the test needs none.
        }
        String action = ctx.is16() ? "StartTransaction" : "TransactionEvent";
        Exchange first = ctx.takeFromStation(action, ctx.timeout());
        ctx.check(first.failed(), "the mock did not fail the first " + action + ": " + first.describe());
        Exchange again = ctx.mockCsms().journal().take(e -> e.caller() == Role.STATION && e.action().equals(action),
                Duration.ofSeconds(RETRY_INTERVAL).plus(ctx.timeout())).orElseThrow(() -> new AssertionError(
                        "the station did not send its " + action + " again within " + RETRY_INTERVAL + " s + "
                                + ctx.timeout() + " of the CALLERROR"));
        ctx.check(again.request().equals(first.request()), "after the CALLERROR the station sent another " + action
                + " " + again.request() + " instead of the same one again " + first.request());
        Duration gap = Duration.between(first.answeredAt(), again.calledAt());
        ctx.check(gap.plus(EARLY_TOLERANCE).compareTo(Duration.ofSeconds(RETRY_INTERVAL)) >= 0, "the station sent"
                + " its " + action + " again " + gap.toMillis() + " ms after the CALLERROR; the retry interval is "
                + RETRY_INTERVAL + " s");
    }

    /** A 1.6 StartTransaction: valid, for connector 1 and the test's idTag. */
    private static void checkStart16(ScenarioContext ctx, Exchange start) {
        ctx.check(!start.failed() && start.response() != null, "the station's StartTransaction is not valid: "
                + start.describe());
        ctx.check(start.request().path("idTag").asText().equals(TOKEN), "the StartTransaction carries idTag "
                + start.request().path("idTag") + " instead of " + TOKEN);
        ctx.check(start.request().path("connectorId").asInt() == 1, "the StartTransaction is for connector "
                + start.request().path("connectorId") + " instead of 1");
    }

    /** The 1.6 StopTransaction that follows {@code start}: valid, with the transactionId the mock gave. */
    private static void checkStop16(ScenarioContext ctx, Exchange start) throws InterruptedException {
        int id = start.response().path("transactionId").asInt();
        Exchange stop = ctx.takeFromStation("StopTransaction", ctx.timeout());
        ctx.check(!stop.failed(), "the station's StopTransaction is not valid: " + stop.describe());
        ctx.check(stop.request().path("transactionId").asInt() == id, "the StopTransaction names transaction "
                + stop.request().path("transactionId") + ", but the CSMS gave the transaction the id " + id);
    }

    /**
     * The 2.0.1 Ended of transaction {@code tx}; its events so far were all valid, began with Started at seqNo 0 and
     * had rising seqNos (E01; the CSMS finds gaps with them).
     */
    private static void checkEnded201(ScenarioContext ctx, String tx) throws InterruptedException {
        awaitEvent(ctx, e -> tx.equals(transactionId(e)) && eventType(e).equals("Ended"),
                "a TransactionEvent Ended of transaction " + tx);
        List<Exchange> events = ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION
                && e.action().equals("TransactionEvent") && tx.equals(transactionId(e)));
        long previous = -1;
        for (Exchange e : events) {
            ctx.check(!e.failed(), "the station's TransactionEvent is not valid: " + e.describe());
            long seqNo = e.request().path("seqNo").asLong(-1);
            if (previous < 0) {
                ctx.check(eventType(e).equals("Started") && seqNo == 0, "the first TransactionEvent of transaction "
                        + tx + " is " + eventType(e) + " with seqNo " + seqNo + " instead of Started with seqNo 0");
            } else {
                ctx.check(seqNo > previous, "the TransactionEvents of transaction " + tx + " have seqNo " + seqNo
                        + " after " + previous + "; it must rise");
            }
            previous = seqNo;
        }
        ctx.check(eventType(events.get(events.size() - 1)).equals("Ended"), "transaction " + tx + " had a "
                + eventType(events.get(events.size() - 1)) + " event after Ended");
    }

    /** The first TransactionEvent of the station that {@code matches}, waiting up to the timeout for it. */
    private static Exchange awaitEvent(ScenarioContext ctx, Predicate<Exchange> matches,
            String what) throws InterruptedException {
        return ctx.mockCsms().journal().await(e -> e.caller() == Role.STATION && e.action().equals("TransactionEvent")
                && matches.test(e), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the station did not send " + what + " within " + ctx.timeout()));
    }

    private static String eventType(Exchange e) {
        return e.request().path("eventType").asText();
    }

    private static String transactionId(Exchange e) {
        return e.request().path("transactionInfo").path("transactionId").asText(null);
    }

    private static String idToken(Exchange e) {
        return e.request().path("idToken").path("idToken").asText(null);
    }

    // ------------------------------------------------------------------------------------------------ security

    /**
     * Facts B.9. 1.6 (security extension, A05): {@code SecurityProfile} is a read-write key, and a change to the value
     * in force or a lower one is Rejected (A05.FR.01), so no CSMS command can take a station's security down. 2.0.1:
     * {@code SecurityCtrlr.SecurityProfile} reports the profile and is read-only; an upgrade goes through
     * SetNetworkProfile and a reset (A05, B09), so SetVariables of it is Rejected, and a SetNetworkProfile with a
     * lower profile than the one in force is Rejected too (B09.FR.04). A station the run gave a password
     * ({@link ScenarioRunner.Builder#stationPassword}) connected with HTTP Basic credentials, so it runs on profile 1
     * at least and must report that; a station on profile 1 or more is asked to go one lower, which it must refuse.
     * The upgrade itself (a new connection on the higher profile) needs key material the run cannot give, and is not
     * played here.
     */
    private static void securityProfile(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        if (ctx.is16()) {
            ObjectNode config = ctx.callStation("GetConfiguration", json("{'key':['SecurityProfile']}"));
            String current = null;
            for (JsonNode k : config.path("configurationKey")) {
                if (k.path("key").asText().equals("SecurityProfile")) {
                    current = k.path("value").asText(null);
                    ctx.check(!k.path("readonly").asBoolean(false), "the station reports SecurityProfile read-only;"
                            + " the 1.6 security extension makes it read-write, for upgrades: " + k);
                }
            }
            if (current == null) {
                ctx.skip("the station does not know the SecurityProfile key (1.6 security extension): " + config);
            }
            ctx.check(current.matches("[0-3]"), "the station reports SecurityProfile " + current + ", not 0 to 3");
            checkProfileOfPassword(ctx, Integer.parseInt(current), "SecurityProfile");
            ObjectNode same = ctx.callStation("ChangeConfiguration",
                    json("{'key':'SecurityProfile'}").put("value", current));
            ctx.check(same.path("status").asText().equals("Rejected"), "the station answered " + same
                    + " to setting SecurityProfile to the value in force (" + current + "); a value not above the"
                    + " current one must be Rejected (A05.FR.01)");
            int lower = Integer.parseInt(current) - 1;
            if (lower >= 0) {
                ObjectNode down = ctx.callStation("ChangeConfiguration",
                        json("{'key':'SecurityProfile'}").put("value", String.valueOf(lower)));
                ctx.check(down.path("status").asText().equals("Rejected"), "the station answered " + down
                        + " to lowering SecurityProfile from " + current + " to " + lower + "; it must be Rejected"
                        + " (A05.FR.01)");
            }
            return;
        }
        ObjectNode got = ctx.callStation("GetVariables", json("{'getVariableData':[{'component':"
                + "{'name':'SecurityCtrlr'},'variable':{'name':'SecurityProfile'}}]}"));
        JsonNode result = got.path("getVariableResult").path(0);
        ctx.check(result.path("attributeStatus").asText().equals("Accepted"), "GetVariables of"
                + " SecurityCtrlr.SecurityProfile, a required variable, was not Accepted: " + got);
        String current = result.path("attributeValue").asText("");
        ctx.check(current.matches("[0-3]"), "the station reports SecurityCtrlr.SecurityProfile \"" + current
                + "\", not a profile number");
        ObjectNode set = ctx.callStation("SetVariables", json("{'setVariableData':[{'attributeValue':'3',"
                + "'component':{'name':'SecurityCtrlr'},'variable':{'name':'SecurityProfile'}}]}"));
        String status = set.path("setVariableResult").path(0).path("attributeStatus").asText();
        ctx.check(status.equals("Rejected"), "SetVariables of SecurityCtrlr.SecurityProfile, which is read-only"
                + " (an upgrade goes through SetNetworkProfile), was answered " + status + ": " + set);
        int profile = Integer.parseInt(current);
        checkProfileOfPassword(ctx, profile, "SecurityCtrlr.SecurityProfile");
        if (profile >= 1) {
            ObjectNode network = json("{'configurationSlot':1,'connectionData':{'ocppVersion':'OCPP20',"
                    + "'ocppTransport':'JSON','messageTimeout':30,'ocppInterface':'Wired0'}}");
            ((ObjectNode) network.get("connectionData")).put("ocppCsmsUrl", ctx.mockCsms().url() + "/")
                    .put("securityProfile", profile - 1);
            ObjectNode down = ctx.callStation("SetNetworkProfile", network);
            ctx.check(down.path("status").asText().equals("Rejected"), "the station answered " + down
                    + " to a SetNetworkProfile with security profile " + (profile - 1) + ", lower than the "
                    + profile + " in force; it must be Rejected (B09.FR.04)");
        }
    }

    /**
     * Facts B.9. The station starts on profile 1 (the run's password over {@code ws://}); the scenario's second mock
     * CSMS listens on {@code wss://} with a certificate of the run's test PKI and the same password
     * ({@link ScenarioContext#secureMockCsms()}). First the CSMS root is installed (1.6 security extension
     * InstallCertificate CentralSystemRootCertificate, 2.0.1 CSMSRootCertificate, M05): without it a station must refuse
     * profile 2 (1.6 A05.FR.03, 2.0.1 A05.FR.02). Then:
     * <ul>
     *   <li>1.6: ChangeConfiguration SecurityProfile 2 is Accepted (A05.FR.05), and the station drops its connection and
     *       connects with profile 2 (A05.FR.06/07) to its TLS endpoint, which 1.6 does not carry in any message: the
     *       adapter configured it ({@link StationEndpoint#secureUrl()});</li>
     *   <li>2.0.1: SetNetworkProfile of the TLS endpoint with profile 2 into a free slot (slots are the station's own:
     *       those in NetworkConfigurationPriority are skipped, and an unknown one is Rejected, B09.FR.05, so the next
     *       is tried), NetworkConfigurationPriority set to put that slot first (Accepted or RebootRequired), then a
     *       Reset: the station reboots onto the first slot (B10) and boots on the TLS endpoint (B11/B12).</li>
     * </ul>
     * On the TLS endpoint the station reports profile 2 (2.0.1 A05.FR.06) and refuses to go back to 1 (1.6
     * A05.FR.01/.09, 2.0.1 B09.FR.04). Skipped without the run's password (profile 2 keeps HTTP Basic), for an adapter
     * that cannot hand the station the TLS endpoint ({@link StationUnderTest#upgradesToSecureUrl()}), and in memory.
     */
    private static void securityProfileUpgrade(ScenarioContext ctx) throws Exception {
        if (!ctx.stationHasPassword()) {
            ctx.skip("profile 2 keeps HTTP Basic authentication: give the run the station's password"
                    + " (ScenarioRunner.Builder.stationPassword)");
        }
        if (!ctx.station().upgradesToSecureUrl()) {
            ctx.skip("the station adapter cannot hand the station a TLS endpoint"
                    + " (StationUnderTest.upgradesToSecureUrl)");
        }
        MockCsms secure = ctx.secureMockCsms();
        ctx.startAcceptedStation();
        ObjectNode install = json("{'certificateType':'" + (ctx.is16() ? "CentralSystemRootCertificate"
                : "CSMSRootCertificate") + "'}").put("certificate", ctx.secureRootPem());
        ObjectNode installed = ctx.callStation("InstallCertificate", install);
        ctx.check(installed.path("status").asText().equals("Accepted"), "the station answered InstallCertificate of"
                + " the CSMS root certificate (a valid self-signed PEM) with " + installed + " instead of Accepted");
        if (ctx.is16()) {
            ObjectNode up = ctx.callStation("ChangeConfiguration", json("{'key':'SecurityProfile','value':'2'}"));
            ctx.check(up.path("status").asText().equals("Accepted"), "the station answered " + up + " to raising"
                    + " SecurityProfile from 1 to 2 with its password set and the CSMS root installed; it must accept"
                    + " (A05.FR.05)");
        } else {
            networkProfileUpgrade(ctx, secure);
        }
        try {
            secure.awaitStation(ctx.stationIdentity(), ctx.timeout());
        } catch (AssertionError e) {
            throw ctx.fail("the station accepted the upgrade but did not connect to the TLS endpoint " + secure.url()
                    + " with its password within " + ctx.timeout() + " (1.6 A05.FR.06/07, 2.0.1 B10)");
        }
        if (ctx.is16()) {
            String reported = configurationValue(ctx.callStation(secure, "GetConfiguration",
                    json("{'key':['SecurityProfile']}")), "SecurityProfile");
            ctx.check("2".equals(reported), "connected over TLS with its password the station reports"
                    + " SecurityProfile " + reported + " instead of 2");
            ObjectNode down = ctx.callStation(secure, "ChangeConfiguration",
                    json("{'key':'SecurityProfile','value':'1'}"));
            ctx.check(down.path("status").asText().equals("Rejected"), "after the upgrade the station answered "
                    + down + " to going back to SecurityProfile 1; it must be Rejected (A05.FR.01, A05.FR.09)");
            return;
        }
        ctx.takeFromStation(secure, "BootNotification", ctx.timeout());
        ObjectNode got = ctx.callStation(secure, "GetVariables", json("{'getVariableData':[{'component':"
                + "{'name':'SecurityCtrlr'},'variable':{'name':'SecurityProfile'}}]}"));
        String reported = got.path("getVariableResult").path(0).path("attributeValue").asText("");
        ctx.check(reported.equals("2"), "connected over TLS with its password the station reports"
                + " SecurityCtrlr.SecurityProfile \"" + reported + "\" instead of 2 (A05.FR.06)");
        ObjectNode network = networkProfile(ctx.mockCsms().url(), 1);
        ObjectNode down = ctx.callStation(secure, "SetNetworkProfile", network);
        ctx.check(down.path("status").asText().equals("Rejected"), "after the upgrade the station answered " + down
                + " to a SetNetworkProfile with security profile 1; it must be Rejected (B09.FR.04)");
    }

    /** 2.0.1 A05 / B09 / B10: the TLS endpoint into a free slot, that slot first, then a reset onto it. */
    private static void networkProfileUpgrade(ScenarioContext ctx, MockCsms secure) throws Exception {
        ObjectNode got = ctx.callStation("GetVariables", json("{'getVariableData':[{'component':"
                + "{'name':'OCPPCommCtrlr'},'variable':{'name':'NetworkConfigurationPriority'}}]}"));
        JsonNode result = got.path("getVariableResult").path(0);
        ctx.check(result.path("attributeStatus").asText().equals("Accepted"), "GetVariables of"
                + " OCPPCommCtrlr.NetworkConfigurationPriority, a required variable, was not Accepted: " + got);
        String priority = result.path("attributeValue").asText("").trim();
        List<String> inUse = priority.isEmpty() ? List.of() : List.of(priority.split("\\s*,\\s*"));
        ObjectNode network = networkProfile(secure.url(), 2);
        Integer slot = null;
        List<String> answers = new ArrayList<>();
        for (int s = 0; s <= MAX_SLOT && slot == null; s++) {
            if (inUse.contains(String.valueOf(s))) {
                continue;
            }
            network.put("configurationSlot", s);
            ObjectNode answer = ctx.callStation("SetNetworkProfile", network);
            answers.add(s + ": " + answer.path("status").asText());
            if (answer.path("status").asText().equals("Accepted")) {
                slot = s;
            }
        }
        if (slot == null) {
            throw ctx.fail("the station accepted SetNetworkProfile of the TLS endpoint with security profile 2 in no"
                    + " free slot from 0 to " + MAX_SLOT + " (" + String.join(", ", answers) + "), though it has"
                    + " its password and the CSMS root (A05, B09)");
        }
        String first = priority.isEmpty() ? String.valueOf(slot) : slot + "," + priority;
        ObjectNode set = json("{'setVariableData':[{'component':{'name':'OCPPCommCtrlr'},"
                + "'variable':{'name':'NetworkConfigurationPriority'}}]}");
        ((ObjectNode) set.path("setVariableData").path(0)).put("attributeValue", first);
        ObjectNode setAnswer = ctx.callStation("SetVariables", set);
        String status = setAnswer.path("setVariableResult").path(0).path("attributeStatus").asText();
        ctx.check(status.equals("Accepted") || status.equals("RebootRequired"), "SetVariables of"
                + " NetworkConfigurationPriority to \"" + first + "\" (the new slot first) was answered " + status);
        ObjectNode reset = ctx.callStation("Reset", json("{'type':'OnIdle'}"));
        ctx.check(reset.path("status").asText().equals("Accepted"), "the idle station answered Reset OnIdle with "
                + reset + " instead of Accepted (B11)");
    }

    /** A 2.0.1 SetNetworkProfile of {@code url} with {@code profile}, in slot 0 until the caller sets another. */
    private static ObjectNode networkProfile(URI url, int profile) {
        ObjectNode network = json("{'configurationSlot':0,'connectionData':{'ocppVersion':'OCPP20',"
                + "'ocppTransport':'JSON','messageTimeout':30,'ocppInterface':'Wired0'}}");
        ((ObjectNode) network.get("connectionData")).put("ocppCsmsUrl", url.toString())
                .put("securityProfile", profile);
        return network;
    }

    /** The value a 1.6 GetConfiguration answer gives {@code key}, or null. */
    private static String configurationValue(ObjectNode answer, String key) {
        for (JsonNode k : answer.path("configurationKey")) {
            if (k.path("key").asText().equals(key)) {
                return k.path("value").asText(null);
            }
        }
        return null;
    }

    /**
     * A station that connected with the run's password used HTTP Basic authentication: security profile 1 over
     * {@code ws://}, 2 over {@code wss://} (1.6 security white paper §2.1, 2.0.1 Part 2 A00), never 0.
     */
    private static void checkProfileOfPassword(ScenarioContext ctx, int profile, String variable) {
        if (ctx.stationHasPassword()) {
            ctx.check(profile >= 1, "the station connected with HTTP Basic credentials (security profile 1 or 2)"
                    + " but reports " + variable + " " + profile);
        }
    }

    // ------------------------------------------------------------------------------------------------ CSMS requests

    /** 1.6 §5.18 / 2.0.1 F05: the status comes from the schema's list; a CALLERROR fails (the action is core). */
    private static void unlockConnector(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        ObjectNode answer = ctx.callStation("UnlockConnector", ctx.is16() ? json("{'connectorId':1}")
                : json("{'evseId':1,'connectorId':1}"));
        ctx.check(answer.hasNonNull("status"), "the UnlockConnector answer has no status: " + answer);
    }

    /**
     * 1.6 §5.13/§5.1 / 2.0.1 H01/H02 (the Reservation profile is optional in 1.6): an accepted reservation is known to
     * CancelReservation, and once cancelled is not any more.
     */
    private static void reservation(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        int id = 1 + ThreadLocalRandom.current().nextInt(100_000);
        // Instant prints the seconds even when they are 0, as RFC 3339 wants.
        String expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode answer = callOptional(ctx, "ReserveNow", ctx.is16()
                ? json("{'connectorId':1,'expiryDate':'" + expiry + "','idTag':'" + TOKEN + "','reservationId':" + id
                        + "}")
                : json("{'id':" + id + ",'expiryDateTime':'" + expiry + "','evseId':1,'idToken':{'idToken':'"
                        + TOKEN + "','type':'ISO14443'}}"), "reservations");
        String status = answer.path("status").asText();
        if (!status.equals("Accepted")) {
            ctx.skip("the station answered ReserveNow " + status + ": no reservation to cancel");
        }
        ObjectNode cancel = ctx.callStation("CancelReservation", json("{'reservationId':" + id + "}"));
        ctx.check(cancel.path("status").asText().equals("Accepted"), "the station answered CancelReservation of"
                + " the reservation " + id + " it had accepted with " + cancel.path("status") + " instead of Accepted");
        ObjectNode again = ctx.callStation("CancelReservation", json("{'reservationId':" + id + "}"));
        ctx.check(again.path("status").asText().equals("Rejected"), "the station answered CancelReservation of the"
                + " reservation " + id + " it had cancelled already with " + again.path("status")
                + " instead of Rejected");
    }

    /** 1.6 §5.15/§5.10 / 2.0.1 D01/D02 (the Local Auth List profile is optional in 1.6). */
    private static void localList(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        int version = 2 + ThreadLocalRandom.current().nextInt(100_000);
        ObjectNode answer = callOptional(ctx, "SendLocalList", ctx.is16()
                ? json("{'listVersion':" + version + ",'updateType':'Full','localAuthorizationList':[{'idTag':'"
                        + TOKEN + "','idTagInfo':{'status':'Accepted'}}]}")
                : json("{'versionNumber':" + version + ",'updateType':'Full','localAuthorizationList':[{'idToken':"
                        + "{'idToken':'" + TOKEN + "','type':'ISO14443'},'idTokenInfo':{'status':'Accepted'}}]}"),
                "a local authorization list");
        String status = answer.path("status").asText();
        if (!status.equals("Accepted")) {
            ctx.skip("the station answered SendLocalList " + status + ": it keeps no local list");
        }
        ObjectNode get = ctx.callStation("GetLocalListVersion", json("{}"));
        int reported = get.path(ctx.is16() ? "listVersion" : "versionNumber").asInt();
        ctx.check(reported == version, "after SendLocalList of version " + version + " was Accepted the station"
                + " reports version " + reported);
    }

    /** 1.6 §5.16/§5.5 / 2.0.1 K01/K10 (the Smart Charging profile is optional in 1.6). */
    private static void chargingProfile(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        int id = 1 + ThreadLocalRandom.current().nextInt(100_000);
        ObjectNode answer = callOptional(ctx, "SetChargingProfile", ctx.is16()
                ? json("{'connectorId':0,'csChargingProfiles':{'chargingProfileId':" + id + ",'stackLevel':0,"
                        + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                        + "'chargingSchedule':{'chargingRateUnit':'A','chargingSchedulePeriod':[{'startPeriod':0,"
                        + "'limit':16.0}]}}}")
                : json("{'evseId':0,'chargingProfile':{'id':" + id + ",'stackLevel':0,"
                        + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                        + "'chargingSchedule':[{'id':1,'chargingRateUnit':'A','chargingSchedulePeriod':[{"
                        + "'startPeriod':0,'limit':16.0}]}]}}"), "smart charging");
        String status = answer.path("status").asText();
        if (!status.equals("Accepted")) {
            ctx.skip("the station answered SetChargingProfile(TxDefaultProfile) " + status);
        }
        ObjectNode clear = json(ctx.is16() ? "{'id':" + id + "}" : "{'chargingProfileId':" + id + "}");
        ObjectNode cleared = ctx.callStation("ClearChargingProfile", clear);
        ctx.check(cleared.path("status").asText().equals("Accepted"), "the station answered ClearChargingProfile of"
                + " the profile " + id + " it had accepted with " + cleared.path("status") + " instead of Accepted");
        ObjectNode again = ctx.callStation("ClearChargingProfile", clear);
        ctx.check(again.path("status").asText().equals("Unknown"), "the station answered ClearChargingProfile of"
                + " the profile " + id + " it had cleared already with " + again.path("status")
                + " instead of Unknown");
    }

    /** The 1.6 diagnostics states after which nothing more is uploaded (§7.24). */
    /** The highest 2.0.1 network configuration slot tried for the upgrade: stations number them from 0 or 1. */
    private static final int MAX_SLOT = 9;
    private static final Set<String> FINAL_DIAGNOSTICS = Set.of("Uploaded", "UploadFailed");
    /** The 2.0.1 UploadLogStatusEnumType values that end an upload. */
    private static final Set<String> FINAL_LOG = Set.of("BadMessage", "NotSupportedOperation", "PermissionDenied",
            "Uploaded", "UploadFailure");

    /**
     * 1.6 §5.9/§4.4 (Firmware Management profile, optional) / 2.0.1 N01: a log the station agreed to upload is
     * reported on until the upload ended, one way or the other. The location is one nothing listens on.
     */
    private static void getLog(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        String notification;
        Set<String> finals;
        int requestId = 1 + ThreadLocalRandom.current().nextInt(100_000);
        if (ctx.is16()) {
            ObjectNode answer = callOptional(ctx, "GetDiagnostics",
                    json("{'location':'ftp://127.0.0.1:1/diagnostics/'}"), "diagnostics");
            if (!answer.hasNonNull("fileName")) {
                ctx.skip("the station answered GetDiagnostics without a fileName: it has no diagnostics to upload");
            }
            notification = "DiagnosticsStatusNotification";
            finals = FINAL_DIAGNOSTICS;
        } else {
            ObjectNode answer = ctx.callStation("GetLog", json("{'logType':'DiagnosticsLog','requestId':" + requestId
                    + ",'log':{'remoteLocation':'ftp://127.0.0.1:1/logs/'}}"));
            String status = answer.path("status").asText();
            if (status.equals("Rejected")) {
                ctx.skip("the station answered GetLog Rejected");
            }
            notification = "LogStatusNotification";
            finals = FINAL_LOG;
        }
        String action = ctx.is16() ? "GetDiagnostics" : "GetLog";
        long asked = ctx.mockCsms().journal().last(action).orElseThrow().sequence();
        Exchange last = ctx.mockCsms().journal().await(e -> e.caller() == Role.STATION
                && e.action().equals(notification) && e.sequence() > asked
                && finals.contains(e.request().path("status").asText()), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the station accepted " + action + " but sent no "
                        + notification + " with a final status " + sorted(finals) + " within " + ctx.timeout()));
        for (Exchange e : ctx.mockCsms().journal().exchanges(e -> e.caller() == Role.STATION
                && e.action().equals(notification) && e.sequence() > asked && e.sequence() <= last.sequence())) {
            ctx.check(!e.failed(), "the station's " + notification + " is not valid: " + e.describe());
            JsonNode id = e.request().get("requestId");
            ctx.check(ctx.is16() || id == null || id.asInt() == requestId, "the " + notification + " carries requestId "
                    + id + " instead of the GetLog's " + requestId);
        }
    }

    /**
     * A self-signed certificate made for these scenarios (O=Untrusted Test Vendor): no manufacturer root of any
     * station vouches for it, so a station must refuse a firmware it signs before downloading (facts B.7).
     */
    static final String UNTRUSTED_SIGNING_CERTIFICATE = "-----BEGIN CERTIFICATE-----\n"
            + "MIIB2zCCAYGgAwIBAgIUGTBAX05fuabUGJ4/vx3RnCSIgREwCgYIKoZIzj0EAwIw\n"
            + "QjEeMBwGA1UECgwVVW50cnVzdGVkIFRlc3QgVmVuZG9yMSAwHgYDVQQDDBd0ZXN0\n"
            + "a2l0IGZpcm13YXJlIHNpZ25lcjAgFw0yNjEyMDcxNDU3NDNaGA8yMTI2MTExMzE0\n"
            + "NTc0M1owQjEeMBwGA1UECgwVVW50cnVzdGVkIFRlc3QgVmVuZG9yMSAwHgYDVQQD\n"
            + "DBd0ZXN0a2l0IGZpcm13YXJlIHNpZ25lcjBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
            + "A0IABF8JwmJnciu9lJj+RJGO4VUddkhcpe7DThZTN6oVFYHdya0mk6F065tbV0C8\n"
            + "lrw/6ffH9f0CwgTiUYsrLGbsOYSjUzBRMB0GA1UdDgQWBBSO7qYGsGjctVaAD4Z5\n"
            + "8vNA3xrQUDAfBgNVHSMEGDAWgBSO7qYGsGjctVaAD4Z58vNA3xrQUDAPBgNVHRMB\n"
            + "Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDt6L5HBPRwjV8fA8XjS9jqSIZk\n"
            + "jgglgL5kRo/a9nBGbAIgOeBjR5ajTEu/XY+QjWgMiJLUvoGHUuMnme1Z+5YcJ1g=\n"
            + "-----END CERTIFICATE-----\n";
    /** An ECDSA signature made with that certificate's key, Base64. */
    static final String UNTRUSTED_SIGNATURE = "MEYCIQD19hBjrHUc4hyzRAGwOKmwXkKdcq4GlHL+HaiQf5642gIhAPZ2CgXuFF4asXzA"
            + "9l5F+zpqK+D6oXCHT5LU2s4tl2de";

    /**
     * 1.6 security extension L01 (SignedUpdateFirmware) / 2.0.1 L01 (UpdateFirmware): the station checks the signing
     * certificate against its manufacturer roots before it accepts (L01.FR.21/22): one that no root vouches for is
     * answered InvalidCertificate (or RevokedCertificate) and reported with the critical security event
     * InvalidFirmwareSigningCertificate. Accepting it fails the scenario: the check comes before the download, so a
     * later InvalidSignature does not make up for it. A plain Rejected (the station takes no update now) shows nothing
     * and skips.
     */
    private static void signedFirmware(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        int requestId = 1 + ThreadLocalRandom.current().nextInt(100_000);
        String firmware = "{'location':'ftp://127.0.0.1:1/firmware.bin','retrieveDateTime':'" + now()
                + "','signingCertificate':'" + UNTRUSTED_SIGNING_CERTIFICATE.replace("\n", "\\n")
                + "','signature':'" + UNTRUSTED_SIGNATURE + "'}";
        String action = ctx.is16() ? "SignedUpdateFirmware" : "UpdateFirmware";
        ObjectNode answer = callOptional(ctx, action, json("{'requestId':" + requestId + ",'firmware':" + firmware
                + "}"), "signed firmware updates (security extension)");
        String status = answer.path("status").asText();
        if (status.equals("Rejected")) {
            ctx.skip("the station answered " + action + " Rejected: it takes no update now, so its certificate check"
                    + " cannot be seen");
        }
        ctx.check(status.equals("InvalidCertificate") || status.equals("RevokedCertificate"), "the station answered"
                + " " + action + " " + status + " although no manufacturer root vouches for the signing certificate;"
                + " it must check the certificate before accepting and answer InvalidCertificate");
        long asked = ctx.mockCsms().journal().last(action).orElseThrow().sequence();
        Exchange event = ctx.mockCsms().journal().await(e -> e.caller() == Role.STATION
                && e.action().equals("SecurityEventNotification") && e.sequence() > asked
                && e.request().path("type").asText().equals("InvalidFirmwareSigningCertificate"), ctx.timeout())
                .orElseThrow(() -> new AssertionError("the station refused the signing certificate but sent no"
                        + " SecurityEventNotification InvalidFirmwareSigningCertificate within " + ctx.timeout()));
        ctx.check(!event.failed(), "the station's SecurityEventNotification is not valid: " + event.describe());
    }

    /**
     * 2.0.1 A02 / F06 TriggerMessage(SignChargingStationCertificate), 1.6 security extension A02
     * ExtendedTriggerMessage(SignChargePointCertificate): an accepted trigger is followed by SignCertificate whose csr
     * is a PEM-encoded PKCS#10 request (RFC 2986) signed with the new key (facts B.5).
     */
    private static void certificateSigning(ScenarioContext ctx) throws Exception {
        ctx.startAcceptedStation();
        String action = ctx.is16() ? "ExtendedTriggerMessage" : "TriggerMessage";
        ObjectNode answer = callOptional(ctx, action, json("{'requestedMessage':'" + (ctx.is16()
                ? "SignChargePointCertificate" : "SignChargingStationCertificate") + "'}"), "certificate signing");
        String status = answer.path("status").asText();
        if (!status.equals("Accepted")) {
            ctx.skip("the station answered " + action + " of a certificate signing " + status);
        }
        long asked = ctx.mockCsms().journal().last(action).orElseThrow().sequence();
        Exchange sign = ctx.mockCsms().journal().await(e -> e.caller() == Role.STATION
                && e.action().equals("SignCertificate") && e.sequence() > asked, ctx.timeout())
                .orElseThrow(() -> new AssertionError("the station accepted " + action + " of a certificate signing"
                        + " but sent no SignCertificate within " + ctx.timeout()));
        ctx.check(!sign.failed(), "the station's SignCertificate is not valid: " + sign.describe());
        String type = sign.request().path("certificateType").asText("ChargingStationCertificate");
        ctx.check(ctx.is16() || type.equals("ChargingStationCertificate"), "the triggered SignCertificate asks for a "
                + type + " instead of a ChargingStationCertificate");
        String problem = Csr.problem(sign.request().path("csr").asText(""));
        ctx.check(problem == null, "the csr of the station's SignCertificate is not a PEM PKCS#10 request: " + problem);
    }

    /**
     * Calls an action of an optional feature: a CALLERROR NotImplemented or NotSupported (1.6 optional profiles, or
     * an action a 2.0.1 station leaves out) skips the scenario.
     */
    private static ObjectNode callOptional(ScenarioContext ctx, String action, ObjectNode payload, String feature)
            throws InterruptedException {
        try {
            return ctx.callStation(action, payload);
        } catch (AssertionError e) {
            if (String.valueOf(e.getMessage()).matches("(?s).*CALLERROR Not(Implemented|Supported) .*")) {
                ctx.skip("the station does not support " + feature + " (" + action + " CALLERROR "
                        + e.getMessage().replaceAll("(?s).*CALLERROR (Not\\w+) .*", "$1") + ")");
            }
            throw e;
        }
    }
}
