package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The device model of a simulated OCPP 2.0.1 station (Part 1 §4, Part 2 B05-B08): one table of components and
 * variables, each with only its Actual attribute, its mutability, data type (and unit, values list) and value. Some
 * values are the station's own, read when asked ({@link StationDefaults.View}: the heartbeat interval, the security
 * profile, the connectors' availability, the retry settings of the transaction queue); the others start as below and
 * take what an accepted SetVariables gives them.
 *
 * <table>
 *   <caption>Components</caption>
 *   <tr><th>component</th><th>variables</th></tr>
 *   <tr><td>ChargingStation</td><td>AvailabilityState, Available, Model, VendorName (ReadOnly)</td></tr>
 *   <tr><td>EVSE (evse n), Connector (evse n, connector 1)</td><td>AvailabilityState, Available (ReadOnly, the
 *       connector's status now); Connector.ConnectorType</td></tr>
 *   <tr><td>OCPPCommCtrlr</td><td>HeartbeatInterval, MessageAttempts[TransactionEvent],
 *       MessageAttemptInterval[TransactionEvent], NetworkConfigurationPriority, MessageTimeout, OfflineThreshold,
 *       ResetRetries, RetryBackOff*, NetworkProfileConnectionAttempts, WebSocketPingInterval</td></tr>
 *   <tr><td>SecurityCtrlr</td><td>SecurityProfile (ReadOnly, the one in use), OrganizationName,
 *       CertificateEntries</td></tr>
 *   <tr><td>AuthCtrlr, TxCtrlr, SampledDataCtrlr, LocalAuthListCtrlr, ReservationCtrlr, SmartChargingCtrlr,
 *       DisplayMessageCtrlr, DeviceDataCtrlr</td><td>the basics of each (Enabled, AuthorizeRemoteStart,
 *       TxStartPoint, TxUpdatedInterval, ItemsPerMessage, ...); SmartChargingCtrlr.Entries[ChargingProfiles],
 *       DisplayMessageCtrlr.DisplayMessages</td></tr>
 * </table>
 *
 * The entries of the stores a CSMS fills (SecurityCtrlr.CertificateEntries: the CSMS roots installed,
 * SmartChargingCtrlr.Entries[ChargingProfiles], DisplayMessageCtrlr.DisplayMessages) are ReadOnly; their Actual value
 * is how many the {@link StationState} keeps now and their maxLimit characteristic, which the reports carry, is how
 * many it keeps at most (Part 2 appendix: these variables' maxLimit is the store's capacity).
 *
 * A written value is reported back from then on; it changes the simulation only where the library takes it in by
 * itself (the heartbeat interval, the queue's retry settings) or the station's state keeps it (the network
 * configuration priority, B10). Thread-safe.
 */
final class DeviceModel201 {

    /** How many reportData a NotifyReport carries at most: a full inventory spans several messages (B07/B08). */
    static final int ITEMS_PER_REPORT = 20;

    /** Component criteria of GetReport (B08): a component is selected by a true variable of the same name. */
    private static final Set<String> CRITERIA = Set.of("Active", "Available", "Enabled", "Problem");

    /**
     * Variables the library takes an accepted value of in by itself (the station runtime the heartbeat interval, G02;
     * the delivery queue the retry settings, E13): they keep reporting the value in force, which a later
     * BootNotification answer may change again.
     */
    private static final Set<String> TAKEN_IN = Set.of("HeartbeatInterval", "MessageAttempts",
            "MessageAttemptInterval");

    private static final String TX_POINTS = "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,"
            + "PowerPathClosed,EnergyTransfer";
    private static final String MEASURANDS = "Energy.Active.Import.Register,Power.Active.Import,Current.Import,"
            + "Voltage,SoC";
    private static final String CONNECTOR_STATUSES = "Available,Occupied,Reserved,Unavailable,Faulted";

    /**
     * A component and variable as the model names them: component name, component instance, EVSE id and connector
     * id (null where the component has none), variable name and instance.
     */
    record Key(String component, String componentInstance, Integer evse, Integer connector, String variable,
            String variableInstance) {
    }

    /**
     * One variable's definition: its Actual attribute's mutability, data type, unit, values list and value, and its
     * maxLimit characteristic (null: none).
     */
    private record Definition(boolean writable, String dataType, String unit, String valuesList,
            Supplier<String> value, Integer maxLimit) {

        Definition(boolean writable, String dataType, String unit, String valuesList, Supplier<String> value) {
            this(writable, dataType, unit, valuesList, value, null);
        }
    }

    private final Map<Key, Definition> variables = new LinkedHashMap<>();
    private final Map<Key, String> written = new ConcurrentHashMap<>();
    private final Supplier<StationDefaults.View> view;
    private final StationState state;

    DeviceModel201(Supplier<StationDefaults.View> view, StationState state) {
        this.view = Objects.requireNonNull(view, "view");
        this.state = Objects.requireNonNull(state, "state");
        station("ChargingStation", "AvailabilityState", false, "OptionList", null, CONNECTOR_STATUSES,
                this::stationAvailability);
        station("ChargingStation", "Available", false, "boolean", null, null,
                () -> Boolean.toString(stationAvailability().equals("Available")));
        station("ChargingStation", "Model", false, "string", null, null, () -> view.get().model());
        station("ChargingStation", "VendorName", false, "string", null, null, () -> view.get().vendor());

        // Communication (B09/B10, E13, G02).
        station("OCPPCommCtrlr", "HeartbeatInterval", true, "integer", "s", null,
                () -> Long.toString(StationDefaults.wholeSeconds(view.get().heartbeatInterval())));
        put(new Key("OCPPCommCtrlr", null, null, null, "MessageAttempts", "TransactionEvent"),
                new Definition(true, "integer", null, null,
                        () -> Integer.toString(view.get().retrySettings().attempts())));
        put(new Key("OCPPCommCtrlr", null, null, null, "MessageAttemptInterval", "TransactionEvent"),
                new Definition(true, "integer", "s", null,
                        () -> Long.toString(view.get().retrySettings().interval().toSeconds())));
        station("OCPPCommCtrlr", "NetworkConfigurationPriority", true, "SequenceList", null, "0,1,2",
                state::networkPriority);
        fixed("OCPPCommCtrlr", "MessageTimeout", true, "integer", "s", "30");
        fixed("OCPPCommCtrlr", "NetworkProfileConnectionAttempts", true, "integer", null, "3");
        fixed("OCPPCommCtrlr", "OfflineThreshold", true, "integer", "s", "60");
        fixed("OCPPCommCtrlr", "ResetRetries", true, "integer", null, "3");
        fixed("OCPPCommCtrlr", "RetryBackOffRandomRange", true, "integer", "s", "10");
        fixed("OCPPCommCtrlr", "RetryBackOffRepeatTimes", true, "integer", null, "5");
        fixed("OCPPCommCtrlr", "RetryBackOffWaitMinimum", true, "integer", "s", "10");
        fixed("OCPPCommCtrlr", "WebSocketPingInterval", true, "integer", "s", "30");

        // Security (A00, A05): the profile only reports the one in use; 2.0.1 has no profile 0.
        station("SecurityCtrlr", "SecurityProfile", false, "integer", null, null,
                () -> Integer.toString(Math.max(1, view.get().securityProfile())));
        fixed("SecurityCtrlr", "OrganizationName", true, "string", null, "dev.ocpp");
        entries(new Key("SecurityCtrlr", null, null, null, "CertificateEntries", null), state::csmsRootCount,
                StationState.MAX_CSMS_ROOTS);

        fixed("AuthCtrlr", "Enabled", true, "boolean", null, "true");
        fixed("AuthCtrlr", "AuthorizeRemoteStart", true, "boolean", null, "true");
        fixed("AuthCtrlr", "LocalAuthorizeOffline", true, "boolean", null, "true");
        fixed("AuthCtrlr", "LocalPreAuthorize", true, "boolean", null, "false");

        fixed("TxCtrlr", "EVConnectionTimeOut", true, "integer", "s", "60");
        fixed("TxCtrlr", "StopTxOnEVSideDisconnect", true, "boolean", null, "true");
        fixed("TxCtrlr", "StopTxOnInvalidId", true, "boolean", null, "true");
        station("TxCtrlr", "TxStartPoint", true, "MemberList", null, TX_POINTS, () -> "EVConnected,Authorized");
        station("TxCtrlr", "TxStopPoint", true, "MemberList", null, TX_POINTS, () -> "EVConnected,Authorized");

        fixed("SampledDataCtrlr", "Enabled", true, "boolean", null, "true");
        station("SampledDataCtrlr", "TxEndedMeasurands", true, "MemberList", null, MEASURANDS,
                () -> "Energy.Active.Import.Register");
        fixed("SampledDataCtrlr", "TxEndedInterval", true, "integer", "s", "0");
        station("SampledDataCtrlr", "TxUpdatedMeasurands", true, "MemberList", null, MEASURANDS,
                () -> "Energy.Active.Import.Register");
        fixed("SampledDataCtrlr", "TxUpdatedInterval", true, "integer", "s", "60");

        fixed("DeviceDataCtrlr", "ItemsPerMessage", false, "integer", null, "50");
        fixed("DeviceDataCtrlr", "BytesPerMessage", false, "integer", null, "65000");
        fixed("LocalAuthListCtrlr", "Enabled", true, "boolean", null, "true");
        fixed("LocalAuthListCtrlr", "Entries", false, "integer", null, "0");
        fixed("ReservationCtrlr", "Enabled", true, "boolean", null, "true");
        fixed("SmartChargingCtrlr", "Enabled", true, "boolean", null, "true");
        entries(new Key("SmartChargingCtrlr", null, null, null, "Entries", "ChargingProfiles"), state::profileCount,
                StationState.MAX_CHARGING_PROFILES);
        fixed("DisplayMessageCtrlr", "Enabled", true, "boolean", null, "true");
        entries(new Key("DisplayMessageCtrlr", null, null, null, "DisplayMessages", null),
                state::displayMessageCount, StationState.MAX_DISPLAY_MESSAGES);
    }

    // ------------------------------------------------------------------------------------------------ table

    private void put(Key key, Definition d) {
        variables.put(key, d);
    }

    private void station(String component, String variable, boolean writable, String type, String unit,
            String valuesList, Supplier<String> value) {
        put(new Key(component, null, null, null, variable, null),
                new Definition(writable, type, unit, valuesList, value));
    }

    private void fixed(String component, String variable, boolean writable, String type, String unit, String value) {
        station(component, variable, writable, type, unit, null, () -> value);
    }

    /** A ReadOnly count of a store's entries, kept now by the station's state, with the store's capacity. */
    private void entries(Key key, IntSupplier count, int capacity) {
        put(key, new Definition(false, "integer", null, null, () -> Integer.toString(count.getAsInt()), capacity));
    }

    /**
     * The EVSE and Connector components of every EVSE the station has now (one connector each), made when asked: the
     * view tells the number only once the station is built.
     */
    private Map<Key, Definition> table() {
        Map<Key, Definition> all = new LinkedHashMap<>();
        Map<Key, Definition> stationWide = new LinkedHashMap<>(variables);
        // The station's own components first, then its EVSEs and connectors, then the controllers.
        stationWide.forEach((k, d) -> {
            if (k.component().equals("ChargingStation")) {
                all.put(k, d);
            }
        });
        for (int n = 1; n <= view.get().connectors(); n++) {
            int evse = n;
            Supplier<String> status = () -> view.get().status(evse);
            Supplier<String> available = () -> Boolean.toString(!isOut(view.get().status(evse)));
            all.put(new Key("EVSE", null, evse, null, "AvailabilityState", null),
                    new Definition(false, "OptionList", null, CONNECTOR_STATUSES, status));
            all.put(new Key("EVSE", null, evse, null, "Available", null),
                    new Definition(false, "boolean", null, null, available));
            all.put(new Key("Connector", null, evse, 1, "AvailabilityState", null),
                    new Definition(false, "OptionList", null, CONNECTOR_STATUSES, status));
            all.put(new Key("Connector", null, evse, 1, "Available", null),
                    new Definition(false, "boolean", null, null, available));
            all.put(new Key("Connector", null, evse, 1, "ConnectorType", null),
                    new Definition(false, "string", null, null, () -> "cType2"));
        }
        stationWide.forEach((k, d) -> {
            if (!k.component().equals("ChargingStation")) {
                all.put(k, d);
            }
        });
        return all;
    }

    private static boolean isOut(String status) {
        return status.equals("Unavailable") || status.equals("Faulted");
    }

    /** Available while any connector is, else Unavailable or Faulted when all are, else Occupied. */
    private String stationAvailability() {
        StationDefaults.View v = view.get();
        boolean allFaulted = true;
        boolean allUnavailable = true;
        for (int n = 1; n <= v.connectors(); n++) {
            String s = v.status(n);
            if (s.equals("Available")) {
                return "Available";
            }
            allFaulted &= s.equals("Faulted");
            allUnavailable &= s.equals("Unavailable");
        }
        return allFaulted ? "Faulted" : allUnavailable ? "Unavailable" : "Occupied";
    }

    /**
     * OCPPCommCtrlr.NetworkProfileConnectionAttempts as set (B10: the attempts with a new network profile before
     * falling back); at least 1.
     */
    int networkProfileConnectionAttempts() {
        Key key = new Key("OCPPCommCtrlr", null, null, null, "NetworkProfileConnectionAttempts", null);
        Definition d = variables.get(key);
        try {
            return Math.max(1, Integer.parseInt(value(key, d).trim()));
        } catch (RuntimeException e) {
            return 3;
        }
    }

    private String value(Key key, Definition d) {
        String w = written.get(key);
        return w != null ? w : d.value().get();
    }

    /** The model's key of the component and variable of a GetVariableData / SetVariableData. */
    private static Key keyOf(JsonNode data) {
        JsonNode c = data.path("component");
        JsonNode v = data.path("variable");
        JsonNode evse = c.path("evse");
        return new Key(c.path("name").asText(), StationDefaults.text(c, "instance"),
                StationDefaults.integer(evse, "id"), StationDefaults.integer(evse, "connectorId"),
                v.path("name").asText(), StationDefaults.text(v, "instance"));
    }

    private static boolean sameComponent(Key a, Key b) {
        return a.component().equals(b.component()) && Objects.equals(a.componentInstance(), b.componentInstance())
                && Objects.equals(a.evse(), b.evse()) && Objects.equals(a.connector(), b.connector());
    }

    /**
     * The answer to one variable of GetVariables / SetVariables before its value is read or checked: the unknown
     * status when the model has no such component ({@code UnknownComponent}) or variable ({@code UnknownVariable})
     * (B05, B06: as the component and variable are named, instances and EVSE included), or
     * {@code NotSupportedAttributeType} for an attribute other than Actual; null when the variable is known.
     */
    private static String unknown(Map<Key, Definition> table, Key key, String attributeType) {
        if (table.keySet().stream().noneMatch(k -> sameComponent(k, key))) {
            return "UnknownComponent";
        }
        if (!table.containsKey(key)) {
            return "UnknownVariable";
        }
        return "Actual".equals(attributeType) ? null : "NotSupportedAttributeType";
    }

    // ------------------------------------------------------------------------------------------------ B06, B05

    /**
     * GetVariables of one variable (B06): {@code Accepted} with its value, else the status of
     * {@link #unknown}. {@code result} gets attributeStatus and attributeValue.
     */
    void get(JsonNode data, ObjectNode result) {
        Map<Key, Definition> table = table();
        Key key = keyOf(data);
        String status = unknown(table, key, data.path("attributeType").asText("Actual"));
        result.put("attributeStatus", status == null ? "Accepted" : status);
        if (status == null) {
            result.put("attributeValue", value(key, table.get(key)));
        }
    }

    /**
     * SetVariables of one variable (B05): the status of {@link #unknown} for one the model does not have,
     * {@code Rejected} (reason ReadOnly) for a read-only one, {@code Rejected} (reason InvalidValue) for a
     * value that does not fit its data type (an integer of at least 0, at least 1 for
     * HeartbeatInterval and MessageAttempts; true or false; an option of its list, members of its list);
     * else {@code Accepted}, and the value is the variable's from now on. NetworkConfigurationPriority is the
     * station's (B10): {@code RebootRequired} when each entry names a configured slot, else {@code Rejected}.
     */
    void set(JsonNode data, ObjectNode result) {
        Map<Key, Definition> table = table();
        Key key = keyOf(data);
        String status = unknown(table, key, data.path("attributeType").asText("Actual"));
        if (status != null) {
            result.put("attributeStatus", status);
            return;
        }
        Definition d = table.get(key);
        String value = data.path("attributeValue").asText();
        if (!d.writable()) {
            reject(result, "ReadOnly");
        } else if (!fits(key, d, value)) {
            reject(result, "InvalidValue");
        } else if (key.component().equals("OCPPCommCtrlr") && key.variable().equals("NetworkConfigurationPriority")) {
            // Each entry must name a configured slot; the new order counts from the next reboot (B10).
            result.put("attributeStatus", state.networkPriority(value) ? "RebootRequired" : "Rejected");
        } else {
            if (!TAKEN_IN.contains(key.variable())) {
                written.put(key, value.trim());
            }
            result.put("attributeStatus", "Accepted");
        }
    }

    private static void reject(ObjectNode result, String reason) {
        result.put("attributeStatus", "Rejected");
        result.putObject("attributeStatusInfo").put("reasonCode", reason);
    }

    private static boolean fits(Key key, Definition d, String value) {
        String v = value.trim();
        switch (d.dataType()) {
            case "integer" -> {
                long least = key.variable().equals("HeartbeatInterval") || key.variable().equals("MessageAttempts")
                        ? 1 : 0;
                try {
                    return Long.parseLong(v) >= least;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            case "boolean" -> {
                return v.equals("true") || v.equals("false");
            }
            case "OptionList" -> {
                return List.of(d.valuesList().split(",")).contains(v);
            }
            case "MemberList" -> {
                List<String> allowed = List.of(d.valuesList().split(","));
                return !v.isEmpty() && List.of(v.split(",")).stream().allMatch(m -> allowed.contains(m.trim()));
            }
            default -> {
                return true;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ B07, B08

    /**
     * The reportData of GetBaseReport (B07): FullInventory every variable, ConfigurationInventory the writable ones,
     * SummaryInventory the availability of the station, its EVSEs and connectors. Null for a base the station does
     * not know (answered {@code NotSupported}).
     */
    List<ObjectNode> baseReport(String base) {
        return switch (base) {
            case "FullInventory" -> report(e -> true);
            case "ConfigurationInventory" -> report(e -> e.getValue().writable());
            case "SummaryInventory" -> report(e -> e.getKey().variable().equals("AvailabilityState"));
            default -> null;
        };
    }

    /**
     * The reportData of GetReport (B08): the variables its componentVariable names (a component without a variable
     * names all its variables; an instance or EVSE left out names every one) of the components its componentCriteria
     * select (a component is Active, Available, Enabled or has a Problem when its variable of that name is true);
     * every variable when neither is given. Empty when nothing matches (answered {@code EmptyResultSet}).
     */
    List<ObjectNode> report(JsonNode componentVariables, JsonNode criteria) {
        Map<Key, Definition> table = table();
        List<String> wanted = new ArrayList<>();
        criteria.forEach(c -> wanted.add(c.asText()));
        return report(e -> (componentVariables.isEmpty() || named(e.getKey(), componentVariables))
                && (wanted.isEmpty() || wanted.stream().anyMatch(c -> selects(table, e.getKey(), c))));
    }

    private boolean selects(Map<Key, Definition> table, Key component, String criterion) {
        if (!CRITERIA.contains(criterion)) {
            return false;
        }
        Key flag = new Key(component.component(), component.componentInstance(), component.evse(),
                component.connector(), criterion, null);
        Definition d = table.get(flag);
        return d != null && "true".equals(value(flag, d));
    }

    private static boolean named(Key key, JsonNode componentVariables) {
        for (JsonNode cv : componentVariables) {
            JsonNode c = cv.path("component");
            JsonNode evse = c.path("evse");
            JsonNode v = cv.path("variable");
            boolean component = key.component().equals(c.path("name").asText())
                    && matches(StationDefaults.text(c, "instance"), key.componentInstance())
                    && matches(StationDefaults.integer(evse, "id"), key.evse())
                    && matches(StationDefaults.integer(evse, "connectorId"), key.connector());
            boolean variable = v.isMissingNode() || v.isNull()
                    || key.variable().equals(v.path("name").asText())
                    && matches(StationDefaults.text(v, "instance"), key.variableInstance());
            if (component && variable) {
                return true;
            }
        }
        return false;
    }

    /** A field left out of the request names every value; one given names only its own. */
    private static boolean matches(Object asked, Object actual) {
        return asked == null || asked.equals(actual);
    }

    private List<ObjectNode> report(Predicate<Map.Entry<Key, Definition>> selected) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<Key, Definition> e : table().entrySet()) {
            if (selected.test(e)) {
                out.add(reportData(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** One ReportDataType: component, variable, the Actual attribute and the characteristics (B07, B08). */
    private ObjectNode reportData(Key key, Definition d) {
        ObjectNode r = OcppJson.mapper().createObjectNode();
        ObjectNode component = r.putObject("component").put("name", key.component());
        if (key.componentInstance() != null) {
            component.put("instance", key.componentInstance());
        }
        if (key.evse() != null) {
            ObjectNode evse = component.putObject("evse").put("id", key.evse());
            if (key.connector() != null) {
                evse.put("connectorId", key.connector());
            }
        }
        ObjectNode variable = r.putObject("variable").put("name", key.variable());
        if (key.variableInstance() != null) {
            variable.put("instance", key.variableInstance());
        }
        r.putArray("variableAttribute").addObject()
                .put("type", "Actual")
                .put("value", value(key, d))
                .put("mutability", d.writable() ? "ReadWrite" : "ReadOnly");
        ObjectNode characteristics = r.putObject("variableCharacteristics");
        if (d.unit() != null) {
            characteristics.put("unit", d.unit());
        }
        characteristics.put("dataType", d.dataType());
        if (d.maxLimit() != null) {
            characteristics.put("maxLimit", d.maxLimit());
        }
        if (d.valuesList() != null) {
            characteristics.put("valuesList", d.valuesList());
        }
        characteristics.put("supportsMonitoring", false);
        return r;
    }

    /**
     * The NotifyReport payloads of {@code reportData} (B07/B08): {@link #ITEMS_PER_REPORT} at most each, seqNo from
     * 0, tbc on all but the last, the requestId of the request and generatedAt {@code now}.
     */
    static List<StationDefaults.Message> notifyReports(int requestId, List<ObjectNode> reportData, String now) {
        List<StationDefaults.Message> out = new ArrayList<>();
        for (int from = 0, seqNo = 0; from < reportData.size(); from += ITEMS_PER_REPORT, seqNo++) {
            int to = Math.min(reportData.size(), from + ITEMS_PER_REPORT);
            ObjectNode p = OcppJson.mapper().createObjectNode()
                    .put("requestId", requestId)
                    .put("generatedAt", now)
                    .put("tbc", to < reportData.size())
                    .put("seqNo", seqNo);
            reportData.subList(from, to).forEach(p.putArray("reportData")::add);
            out.add(new StationDefaults.Message("NotifyReport", p));
        }
        return out;
    }
}
