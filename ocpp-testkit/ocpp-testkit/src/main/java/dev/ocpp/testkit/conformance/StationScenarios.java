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
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Role;
import java.time.Duration;
import java.util.List;
import java.util.Set;

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
                        StationScenarios::invalidPayload));
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
}
