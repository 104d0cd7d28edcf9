package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.OcppJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reports a bare 2.0.1 {@link SimulatedStation} sends after its own answers: the device model read and written by
 * GetVariables / SetVariables and reported by NotifyReport after GetBaseReport / GetReport (B05-B08), its charging
 * profiles reported by ReportChargingProfiles (K01/K09) and its display messages by NotifyDisplayMessages (O01-O05).
 * Against a {@link MockCsms} in memory, which validates every CALL it receives: no test may leave a CALLERROR in its
 * journal.
 */
class SimulatedStationReportsTest extends StationAgainstMockCsms {

    private static final String ID = "CS-REPORTS";

    SimulatedStationReportsTest() {
        super(ID);
    }

    private void started(int evses) throws Exception {
        started(OcppVersion.OCPP201, evses);
    }

    /** The reportData of every NotifyReport of {@code requestId}, "Component[evse].Variable[instance]=value". */
    private List<String> reported(int requestId) {
        List<String> out = new ArrayList<>();
        for (ObjectNode n : sent("NotifyReport")) {
            if (n.path("requestId").asInt() == requestId) {
                n.path("reportData").forEach(d -> out.add(name(d) + "=" + d.at("/variableAttribute/0/value").asText()));
            }
        }
        return out;
    }

    private static String name(JsonNode d) {
        JsonNode c = d.path("component");
        JsonNode v = d.path("variable");
        return c.path("name").asText() + (c.has("evse") ? "[" + c.at("/evse/id").asInt()
                + (c.at("/evse").has("connectorId") ? "/" + c.at("/evse/connectorId").asInt() : "") + "]" : "")
                + "." + v.path("name").asText() + (v.has("instance") ? "[" + v.path("instance").asText() + "]" : "");
    }

    private JsonNode variable(ObjectNode answer, int i) {
        return answer.path("getVariableResult").get(i);
    }

    // ------------------------------------------------------------------------------------------------ B07, B08

    @Test
    void fullInventoryIsAcceptedAndFollowedByNotifyReportsNumberedFromZeroWithTbcOnAllButTheLast() throws Exception {
        started(2);
        assertThat(status("GetBaseReport", "{'requestId':7,'reportBase':'FullInventory'}")).isEqualTo("Accepted");
        flush();

        List<ObjectNode> reports = sent("NotifyReport");
        assertThat(reports).hasSizeGreaterThan(1);
        assertThat(reports).extracting(r -> r.path("seqNo").asInt()).containsExactly(
                java.util.stream.IntStream.range(0, reports.size()).boxed().toArray(Integer[]::new));
        assertThat(reports).extracting(r -> r.path("tbc").asBoolean()).last().isEqualTo(false);
        assertThat(reports.subList(0, reports.size() - 1)).allSatisfy(r -> assertThat(r.path("tbc").asBoolean())
                .isTrue());
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.path("requestId").asInt()).isEqualTo(7);
            assertThat(OcppJson.parse(r.path("generatedAt").asText()).toInstant()).isEqualTo(clock.instant());
        });
        // Live values: the heartbeat interval the mock's BootNotification answer gave, the profile in use.
        assertThat(reported(7)).contains(
                "OCPPCommCtrlr.HeartbeatInterval=" + MockCsms.DEFAULT_HEARTBEAT_INTERVAL,
                "SecurityCtrlr.SecurityProfile=1",
                "ChargingStation.VendorName=dev.ocpp",
                "EVSE[2].AvailabilityState=Available",
                "Connector[1/1].ConnectorType=cType2",
                "OCPPCommCtrlr.MessageAttempts[TransactionEvent]="
                        + station.delivery().retrySettings().attempts(),
                "OCPPCommCtrlr.NetworkConfigurationPriority=0",
                "TxCtrlr.TxStartPoint=EVConnected,Authorized");
        JsonNode heartbeat = reports.stream().flatMap(r -> java.util.stream.StreamSupport.stream(
                r.path("reportData").spliterator(), false)).filter(d -> name(d).equals(
                        "OCPPCommCtrlr.HeartbeatInterval")).findFirst().orElseThrow();
        assertThat(heartbeat.at("/variableAttribute/0/type").asText()).isEqualTo("Actual");
        assertThat(heartbeat.at("/variableAttribute/0/mutability").asText()).isEqualTo("ReadWrite");
        assertThat(heartbeat.at("/variableCharacteristics/dataType").asText()).isEqualTo("integer");
        assertThat(heartbeat.at("/variableCharacteristics/unit").asText()).isEqualTo("s");
        assertThat(heartbeat.at("/variableCharacteristics/supportsMonitoring").asBoolean()).isFalse();
        assertNoCallError();
    }

    @Test
    void configurationInventoryReportsTheWritableVariablesAndSummaryInventoryTheAvailability() throws Exception {
        started(1);
        station.plugIn(1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(status("GetBaseReport", "{'requestId':1,'reportBase':'ConfigurationInventory'}"))
                .isEqualTo("Accepted");
        assertThat(status("GetBaseReport", "{'requestId':2,'reportBase':'SummaryInventory'}")).isEqualTo("Accepted");
        flush();

        assertThat(sent("NotifyReport").stream().filter(r -> r.path("requestId").asInt() == 1)
                .flatMap(r -> java.util.stream.StreamSupport.stream(r.path("reportData").spliterator(), false)))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.at("/variableAttribute/0/mutability").asText()).isEqualTo("ReadWrite"));
        assertThat(reported(1)).contains("OCPPCommCtrlr.HeartbeatInterval=" + MockCsms.DEFAULT_HEARTBEAT_INTERVAL)
                .noneMatch(s -> s.startsWith("SecurityCtrlr.SecurityProfile"));
        // The cable is in: the EVSE and its connector are Occupied, the station as a whole too (no EVSE is free).
        assertThat(reported(2)).containsExactly("ChargingStation.AvailabilityState=Occupied",
                "EVSE[1].AvailabilityState=Occupied", "Connector[1/1].AvailabilityState=Occupied");
        assertNoCallError();
    }

    @Test
    void getReportReportsWhatItsComponentVariablesAndCriteriaSelectAndNothingWhenNothingMatches() throws Exception {
        started(2);
        assertThat(status("GetReport", "{'requestId':3,'componentVariable':[{'component':{'name':'OCPPCommCtrlr'},"
                + "'variable':{'name':'HeartbeatInterval'}},{'component':{'name':'EVSE','evse':{'id':2}}}]}"))
                .isEqualTo("Accepted");
        assertThat(status("GetReport", "{'requestId':4,'componentCriteria':['Enabled']}")).isEqualTo("Accepted");
        assertThat(status("GetReport", "{'requestId':5,'componentCriteria':['Problem']}"))
                .isEqualTo("EmptyResultSet");
        assertThat(status("GetReport", "{'requestId':6,'componentVariable':[{'component':{'name':'NoSuchCtrlr'}}]}"))
                .isEqualTo("EmptyResultSet");
        flush();

        assertThat(reported(3)).containsExactly("EVSE[2].AvailabilityState=Available", "EVSE[2].Available=true",
                "OCPPCommCtrlr.HeartbeatInterval=" + MockCsms.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(reported(4)).isNotEmpty().contains("AuthCtrlr.Enabled=true", "AuthCtrlr.AuthorizeRemoteStart=true",
                "LocalAuthListCtrlr.Entries=0").noneMatch(s -> s.startsWith("OCPPCommCtrlr."));
        assertThat(sent("NotifyReport")).extracting(r -> r.path("requestId").asInt()).containsOnly(3, 4);
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ B05, B06

    @Test
    void getVariablesReadsTheModelsLiveValuesAndSetVariablesWritesOnlyWhatIsWritable() throws Exception {
        started(1);
        station.plugIn(1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ObjectNode set = call("SetVariables", "{'setVariableData':["
                + "{'component':{'name':'OCPPCommCtrlr'},'variable':{'name':'HeartbeatInterval'},"
                + "'attributeValue':'45'},"
                + "{'component':{'name':'SecurityCtrlr'},'variable':{'name':'SecurityProfile'},'attributeValue':'2'},"
                + "{'component':{'name':'TxCtrlr'},'variable':{'name':'EVConnectionTimeOut'},'attributeValue':'soon'},"
                + "{'component':{'name':'NoSuchCtrlr'},'variable':{'name':'V'},'attributeValue':'1'},"
                + "{'component':{'name':'AuthCtrlr'},'variable':{'name':'NoSuchVariable'},'attributeValue':'1'},"
                + "{'component':{'name':'AuthCtrlr'},'variable':{'name':'LocalPreAuthorize'},'attributeValue':'true',"
                + "'attributeType':'Target'}]}");
        assertThat(set.path("setVariableResult")).extracting(r -> r.path("attributeStatus").asText())
                .containsExactly("Accepted", "Rejected", "Rejected", "UnknownComponent", "UnknownVariable",
                        "NotSupportedAttributeType");
        assertThat(set.at("/setVariableResult/1/attributeStatusInfo/reasonCode").asText()).isEqualTo("ReadOnly");
        assertThat(set.at("/setVariableResult/2/attributeStatusInfo/reasonCode").asText()).isEqualTo("InvalidValue");
        // The runtime took the accepted interval in.
        assertThat(station.heartbeatInterval()).isEqualTo(Duration.ofSeconds(45));

        ObjectNode got = call("GetVariables", "{'getVariableData':["
                + "{'component':{'name':'OCPPCommCtrlr'},'variable':{'name':'HeartbeatInterval'}},"
                + "{'component':{'name':'SecurityCtrlr'},'variable':{'name':'SecurityProfile'}},"
                + "{'component':{'name':'EVSE','evse':{'id':1}},'variable':{'name':'AvailabilityState'}},"
                + "{'component':{'name':'EVSE','evse':{'id':2}},'variable':{'name':'AvailabilityState'}},"
                + "{'component':{'name':'TxCtrlr'},'variable':{'name':'EVConnectionTimeOut'}}]}");
        assertThat(got.path("getVariableResult")).extracting(r -> r.path("attributeStatus").asText() + ":"
                + r.path("attributeValue").asText()).containsExactly("Accepted:45", "Accepted:1", "Accepted:Occupied",
                        "UnknownComponent:", "Accepted:60");
        assertThat(variable(got, 2).path("component")).isEqualTo(OcppJson.mapper().readTree(
                "{\"name\":\"EVSE\",\"evse\":{\"id\":1}}"));

        // The interval reported is the one in force: the answer to the BootNotification after a reset sets it again.
        assertThat(status("Reset", "{'type':'Immediate'}")).isEqualTo("Accepted");
        csms.journal().await(e -> e.action().equals("BootNotification") && e.answered()
                && csms.journal().exchanges("BootNotification").size() == 2, WAIT).orElseThrow();
        SimulatedStationTestCsms.eventually(() -> station.heartbeatInterval().equals(
                Duration.ofSeconds(MockCsms.DEFAULT_HEARTBEAT_INTERVAL)), "the new interval taken in");
        assertThat(call("GetVariables", "{'getVariableData':[{'component':{'name':'OCPPCommCtrlr'},"
                + "'variable':{'name':'HeartbeatInterval'}}]}").at("/getVariableResult/0/attributeValue").asText())
                .isEqualTo(Integer.toString(MockCsms.DEFAULT_HEARTBEAT_INTERVAL));
        assertNoCallError();
    }

    // ------------------------------------------------------------------------------------------------ K01, K09

    @Test
    void getChargingProfilesReportsTheMatchingProfilesPerEvseAndNoProfilesWhenNoneMatches() throws Exception {
        started(1);
        assertThat(status("GetChargingProfiles", "{'requestId':1,'chargingProfile':{}}")).isEqualTo("NoProfiles");
        String profile = "'chargingProfileKind':'Relative','chargingSchedule':[{'id':1,'chargingRateUnit':'A',"
                + "'chargingSchedulePeriod':[{'startPeriod':0,'limit':16.0}]}]}";
        assertThat(status("SetChargingProfile", "{'evseId':0,'chargingProfile':{'id':10,'stackLevel':0,"
                + "'chargingProfilePurpose':'ChargingStationMaxProfile'," + profile + "}")).isEqualTo("Accepted");
        assertThat(status("SetChargingProfile", "{'evseId':0,'chargingProfile':{'id':11,'stackLevel':1,"
                + "'chargingProfilePurpose':'TxDefaultProfile'," + profile + "}")).isEqualTo("Accepted");
        assertThat(status("SetChargingProfile", "{'evseId':1,'chargingProfile':{'id':12,'stackLevel':2,"
                + "'chargingProfilePurpose':'TxDefaultProfile'," + profile + "}")).isEqualTo("Accepted");

        assertThat(status("GetChargingProfiles", "{'requestId':2,'chargingProfile':{'chargingProfilePurpose':"
                + "'TxDefaultProfile'}}")).isEqualTo("Accepted");
        assertThat(status("GetChargingProfiles", "{'requestId':3,'evseId':1,'chargingProfile':{'stackLevel':2,"
                + "'chargingLimitSource':['CSO']}}")).isEqualTo("Accepted");
        assertThat(status("GetChargingProfiles", "{'requestId':4,'chargingProfile':{'chargingProfileId':[10,99]}}"))
                .isEqualTo("Accepted");
        assertThat(status("GetChargingProfiles", "{'requestId':5,'chargingProfile':{'chargingLimitSource':['EMS']}}"))
                .isEqualTo("NoProfiles");
        assertThat(status("GetChargingProfiles", "{'requestId':6,'evseId':1,'chargingProfile':{'stackLevel':0}}"))
                .isEqualTo("NoProfiles");
        flush();

        List<ObjectNode> reports = sent("ReportChargingProfiles");
        assertThat(reports).extracting(r -> r.path("requestId").asInt() + "/evse " + r.path("evseId").asInt()
                + "/tbc " + r.path("tbc").asBoolean() + "/" + ids(r)).containsExactly(
                        "2/evse 0/tbc true/[11]", "2/evse 1/tbc false/[12]", "3/evse 1/tbc false/[12]",
                        "4/evse 0/tbc false/[10]");
        assertThat(reports).allSatisfy(r -> assertThat(r.path("chargingLimitSource").asText()).isEqualTo("CSO"));
        // The profile as the CSMS set it.
        assertThat(reports.get(0).at("/chargingProfile/0/chargingSchedule/0/chargingSchedulePeriod/0/limit")
                .asDouble()).isEqualTo(16.0);
        assertNoCallError();
    }

    private static List<Integer> ids(JsonNode report) {
        List<Integer> ids = new ArrayList<>();
        report.path("chargingProfile").forEach(p -> ids.add(p.path("id").asInt()));
        return ids;
    }

    // ------------------------------------------------------------------------------------------------ O01-O05

    @Test
    void displayMessagesAreKeptReportedByNotifyDisplayMessagesAndCleared() throws Exception {
        started(1);
        assertThat(status("GetDisplayMessages", "{'requestId':1}")).isEqualTo("Unknown");
        assertThat(status("SetDisplayMessage", "{'message':{'id':1,'priority':'NormalCycle','message':"
                + "{'format':'UTF8','content':'Welcome'}}}")).isEqualTo("Accepted");
        assertThat(status("SetDisplayMessage", "{'message':{'id':2,'priority':'AlwaysFront','state':'Idle',"
                + "'message':{'format':'UTF8','content':'Out of order soon'}}}")).isEqualTo("Accepted");

        assertThat(status("GetDisplayMessages", "{'requestId':2,'priority':'AlwaysFront'}")).isEqualTo("Accepted");
        assertThat(status("GetDisplayMessages", "{'requestId':3}")).isEqualTo("Accepted");
        assertThat(status("GetDisplayMessages", "{'requestId':4,'id':[3]}")).isEqualTo("Unknown");
        assertThat(status("GetDisplayMessages", "{'requestId':5,'state':'Charging'}")).isEqualTo("Unknown");
        assertThat(status("ClearDisplayMessage", "{'id':2}")).isEqualTo("Accepted");
        assertThat(status("ClearDisplayMessage", "{'id':2}")).isEqualTo("Unknown");
        assertThat(status("GetDisplayMessages", "{'requestId':6,'id':[2]}")).isEqualTo("Unknown");
        flush();

        List<ObjectNode> notified = sent("NotifyDisplayMessages");
        assertThat(notified).extracting(n -> n.path("requestId").asInt() + ":" + messageIds(n) + ":"
                + n.path("tbc").asBoolean()).containsExactly("2:[2]:false", "3:[1, 2]:false");
        assertThat(notified.get(0).at("/messageInfo/0/message/content").asText()).isEqualTo("Out of order soon");
        assertNoCallError();
    }

    @Test
    void reportsFollowTheirAnswersInTheOrderTheAnswersWentOut() throws Exception {
        started(1);
        assertThat(status("SetDisplayMessage", "{'message':{'id':1,'priority':'NormalCycle','message':"
                + "{'format':'UTF8','content':'Welcome'}}}")).isEqualTo("Accepted");
        // Asked all at once: the answers go out back to back, and their reports must not overtake one another (nor
        // the Heartbeat triggered last, which flush() takes for the end of what came before).
        List<java.util.concurrent.CompletableFuture<ObjectNode>> asked = new ArrayList<>();
        for (int requestId = 1; requestId <= 30; requestId++) {
            asked.add(csms.callRaw(ID, "GetDisplayMessages", (ObjectNode) OcppJson.mapper().readTree(
                    "{\"requestId\":" + requestId + "}")));
        }
        for (var a : asked) {
            assertThat(a.get(WAIT.toSeconds(), TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");
        }
        flush();
        assertThat(sent("NotifyDisplayMessages")).extracting(n -> n.path("requestId").asInt()).containsExactly(
                java.util.stream.IntStream.rangeClosed(1, 30).boxed().toArray(Integer[]::new));
        assertNoCallError();
    }

    private static List<Integer> messageIds(JsonNode notify) {
        List<Integer> ids = new ArrayList<>();
        notify.path("messageInfo").forEach(m -> ids.add(m.path("id").asInt()));
        return ids;
    }
}
