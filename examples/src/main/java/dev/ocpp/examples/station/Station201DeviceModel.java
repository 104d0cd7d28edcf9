package dev.ocpp.examples.station;

import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.v201.types.AttributeEnum;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.ComponentVariable;
import dev.ocpp.v201.types.DataEnum;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.MeasurandEnum;
import dev.ocpp.v201.types.MutabilityEnum;
import dev.ocpp.v201.types.ReportBaseEnum;
import dev.ocpp.v201.types.ReportData;
import dev.ocpp.v201.types.SetMonitoringData;
import dev.ocpp.v201.types.SetMonitoringResult;
import dev.ocpp.v201.types.SetMonitoringStatusEnum;
import dev.ocpp.v201.types.SetVariableData;
import dev.ocpp.v201.types.SetVariableResult;
import dev.ocpp.v201.types.SetVariableStatusEnum;
import dev.ocpp.v201.types.StatusInfo;
import dev.ocpp.v201.types.Variable;
import dev.ocpp.v201.types.VariableAttribute;
import dev.ocpp.v201.types.VariableCharacteristics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The simulated OCPP 2.0.1 station's device model (Part 1 §4, Part 2 B): a handful of components and variables,
 * each with only its Actual attribute, answering GetVariables, SetVariables, the reports and monitoring requests.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>component.variable</th><th>mutability</th><th>value</th></tr>
 *   <tr><td>ChargingStation.VendorName, Model, SerialNumber</td><td>ReadOnly</td><td>as sent in
 *       BootNotification</td></tr>
 *   <tr><td>ChargingStation.AvailabilityState</td><td>ReadOnly</td><td>the connector's status now</td></tr>
 *   <tr><td>OCPPCommCtrlr.HeartbeatInterval</td><td>ReadWrite</td><td>the interval in force, s</td></tr>
 *   <tr><td>SampledDataCtrlr.TxUpdatedInterval</td><td>ReadWrite</td><td>the meter interval, s</td></tr>
 *   <tr><td>SampledDataCtrlr.TxUpdatedMeasurands</td><td>ReadWrite</td><td>Energy.Active.Import.Register</td></tr>
 *   <tr><td>SecurityCtrlr.SecurityProfile</td><td>ReadOnly</td><td>the profile the station connects with (0
 *       without one), which a reset onto a network profile of a higher one raises (A05)</td></tr>
 *   <tr><td>OCPPCommCtrlr.NetworkConfigurationPriority</td><td>ReadWrite</td><td>the network profile slots in
 *       order, "0" at first; a list of configured slots is RebootRequired ({@link Station201Network})</td></tr>
 *   <tr><td>OCPPCommCtrlr.NetworkProfileConnectionAttempts</td><td>ReadWrite</td><td>failed attempts on a new
 *       slot before falling back, 3 at first</td></tr>
 *   <tr><td>AuthCtrlr.AuthorizeRemoteStart</td><td>ReadWrite</td><td>false</td></tr>
 *   <tr><td>OCPPCommCtrlr.MessageAttempts[TransactionEvent], MessageAttemptInterval[TransactionEvent]</td>
 *       <td>ReadWrite</td><td>the retry settings of the TransactionEvent queue (E13)</td></tr>
 * </table>
 * A written value is reported back from then on but does not change the simulation, as with 1.6's
 * ChangeConfiguration in {@link Station16}, except the retry settings, which the library's queue takes in when their
 * SetVariables is accepted, and the network variables, which {@link Station201Network} keeps. Thread-safe.
 */
final class Station201DeviceModel {

    /** A component and variable name; instances and EVSE-specific components are not modelled. */
    private record Key(String component, String variable, String instance) {
        Key(String component, String variable) {
            this(component, variable, null);
        }
    }

    /**
     * One variable's definition: its type, whether the CSMS may write it, and its value until it does; or, for a
     * variable kept elsewhere, where it is read ({@code initial}) and written ({@code store}: why a value is refused,
     * or empty once taken), and whether a new value waits for a reboot.
     */
    private record Definition(DataEnum type, String unit, boolean writable, Supplier<String> initial,
                              Function<String, Optional<String>> store, boolean rebootRequired) {
        Definition(DataEnum type, String unit, boolean writable, Supplier<String> initial) {
            this(type, unit, writable, initial, null, false);
        }
    }

    private final Map<Key, Definition> variables = new LinkedHashMap<>();
    private final Map<Key, String> written = new ConcurrentHashMap<>();

    /**
     * @param serialNumber      the station's serial number, as sent in BootNotification
     * @param availability      the connector's status as spelled on the wire, read on every request
     * @param heartbeatSeconds  the heartbeat interval in force, read on every request
     * @param meterSeconds      the interval between meter samples during a transaction
     * @param retry             the transaction message retry settings in force, read on every request
     * @param securityProfile   the security profile the station connects with, read on every request
     * @param network           the network connection profiles, whose priority and connection attempts are
     *                          variables of OCPPCommCtrlr
     */
    Station201DeviceModel(String vendor, String model, String serialNumber, Supplier<String> availability,
                          Supplier<Long> heartbeatSeconds, long meterSeconds,
                          Supplier<DeliveryPolicy.RetrySettings> retry, Supplier<Integer> securityProfile,
                          Station201Network network) {
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(heartbeatSeconds, "heartbeatSeconds");
        readOnly("ChargingStation", "VendorName", DataEnum.STRING, vendor);
        readOnly("ChargingStation", "Model", DataEnum.STRING, model);
        readOnly("ChargingStation", "SerialNumber", DataEnum.STRING, serialNumber);
        variables.put(new Key("ChargingStation", "AvailabilityState"),
                new Definition(DataEnum.OPTION_LIST, null, false, availability));
        variables.put(new Key("OCPPCommCtrlr", "HeartbeatInterval"),
                new Definition(DataEnum.INTEGER, "s", true, () -> String.valueOf(heartbeatSeconds.get())));
        variables.put(new Key("SampledDataCtrlr", "TxUpdatedInterval"),
                new Definition(DataEnum.INTEGER, "s", true, () -> String.valueOf(meterSeconds)));
        variables.put(new Key("SampledDataCtrlr", "TxUpdatedMeasurands"), new Definition(DataEnum.MEMBER_LIST,
                null, true, MeasurandEnum.ENERGY_ACTIVE_IMPORT_REGISTER::value));
        // E13: the library's queue takes an accepted change of these in by itself.
        variables.put(new Key("OCPPCommCtrlr", "MessageAttempts", "TransactionEvent"), new Definition(DataEnum.INTEGER,
                null, true, () -> String.valueOf(retry.get().attempts())));
        variables.put(new Key("OCPPCommCtrlr", "MessageAttemptInterval", "TransactionEvent"), new Definition(
                DataEnum.INTEGER, "s", true, () -> String.valueOf(retry.get().interval().toSeconds())));
        // Reports the profile only; an upgrade goes through SetNetworkProfile and a reset (A05, B09).
        variables.put(new Key("SecurityCtrlr", "SecurityProfile"), new Definition(DataEnum.INTEGER, null, false,
                () -> String.valueOf(securityProfile.get())));
        // B10: which slots to connect with, in order, from the next reboot on; and how hard to try a new one.
        variables.put(new Key("OCPPCommCtrlr", "NetworkConfigurationPriority"), new Definition(
                DataEnum.SEQUENCE_LIST, null, true, network::priority, network::priority, true));
        variables.put(new Key("OCPPCommCtrlr", "NetworkProfileConnectionAttempts"), new Definition(
                DataEnum.INTEGER, null, true, () -> String.valueOf(network.attempts()), network::attempts, false));
        variables.put(new Key("AuthCtrlr", "AuthorizeRemoteStart"),
                new Definition(DataEnum.BOOLEAN, null, true, () -> "false"));
    }

    private void readOnly(String component, String variable, DataEnum type, String value) {
        Objects.requireNonNull(value, variable);
        variables.put(new Key(component, variable), new Definition(type, null, false, () -> value));
    }

    /** The current value of {@code component.variable}, or {@code null} if the model has no such variable. */
    String value(String component, String variable) {
        return value(new Key(component, variable));
    }

    private String value(Key key) {
        Definition d = variables.get(key);
        return d == null ? null : written.getOrDefault(key, d.initial().get());
    }

    /** GetVariables for one item (B06): the value, or why there is none. */
    GetVariableResult get(GetVariableData data) {
        GetVariableResult result = new GetVariableResult()
                .withComponent(data.getComponent())
                .withVariable(data.getVariable())
                .withAttributeType(data.getAttributeType());
        GetVariableStatusEnum unknown = unknown(data.getComponent(), data.getVariable(),
                GetVariableStatusEnum.UNKNOWN_COMPONENT, GetVariableStatusEnum.UNKNOWN_VARIABLE);
        if (unknown != null) {
            return result.withAttributeStatus(unknown);
        }
        if (!actual(data.getAttributeType())) {
            return result.withAttributeStatus(GetVariableStatusEnum.NOT_SUPPORTED_ATTRIBUTE_TYPE);
        }
        return result.withAttributeStatus(GetVariableStatusEnum.ACCEPTED)
                .withAttributeValue(value(new Key(data.getComponent().getName(), data.getVariable().getName(),
                        data.getVariable().getInstance())));
    }

    /** SetVariables for one item (B05): writable variables take any value of their type. */
    SetVariableResult set(SetVariableData data) {
        SetVariableResult result = new SetVariableResult()
                .withComponent(data.getComponent())
                .withVariable(data.getVariable())
                .withAttributeType(data.getAttributeType());
        SetVariableStatusEnum unknown = unknown(data.getComponent(), data.getVariable(),
                SetVariableStatusEnum.UNKNOWN_COMPONENT, SetVariableStatusEnum.UNKNOWN_VARIABLE);
        if (unknown != null) {
            return result.withAttributeStatus(unknown);
        }
        if (!actual(data.getAttributeType())) {
            return result.withAttributeStatus(SetVariableStatusEnum.NOT_SUPPORTED_ATTRIBUTE_TYPE);
        }
        Key key = new Key(data.getComponent().getName(), data.getVariable().getName(),
                data.getVariable().getInstance());
        Definition d = variables.get(key);
        if (!d.writable()) {
            return result.withAttributeStatus(SetVariableStatusEnum.REJECTED)
                    .withAttributeStatusInfo(new StatusInfo().withReasonCode("ReadOnly"));
        }
        if (!fits(d.type(), data.getAttributeValue())) {
            return result.withAttributeStatus(SetVariableStatusEnum.REJECTED)
                    .withAttributeStatusInfo(new StatusInfo().withReasonCode("InvalidValue")
                            .withAdditionalInfo("expected a value of type " + d.type().value()));
        }
        if (key.equals(new Key("OCPPCommCtrlr", "HeartbeatInterval"))
                && Long.parseLong(data.getAttributeValue().trim()) <= 0) {
            // The station runtime heartbeats only at a positive interval; accepting 0 would report a value not in
            // force.
            return result.withAttributeStatus(SetVariableStatusEnum.REJECTED)
                    .withAttributeStatusInfo(new StatusInfo().withReasonCode("InvalidValue")
                            .withAdditionalInfo("the heartbeat interval must be at least 1 s"));
        }
        if ((key.variable().equals("MessageAttempts") && Long.parseLong(data.getAttributeValue().trim()) < 1)
                || (key.variable().equals("MessageAttemptInterval")
                        && Long.parseLong(data.getAttributeValue().trim()) < 0)) {
            return result.withAttributeStatus(SetVariableStatusEnum.REJECTED)
                    .withAttributeStatusInfo(new StatusInfo().withReasonCode("InvalidValue"));
        }
        if (d.store() != null) {
            Optional<String> refused = d.store().apply(data.getAttributeValue());
            if (refused.isPresent()) {
                return result.withAttributeStatus(SetVariableStatusEnum.REJECTED)
                        .withAttributeStatusInfo(new StatusInfo().withReasonCode("InvalidValue")
                                .withAdditionalInfo(refused.get()));
            }
            return result.withAttributeStatus(d.rebootRequired()
                    ? SetVariableStatusEnum.REBOOT_REQUIRED : SetVariableStatusEnum.ACCEPTED);
        }
        written.put(key, data.getAttributeValue());
        return result.withAttributeStatus(SetVariableStatusEnum.ACCEPTED);
    }

    /** The report a GetBaseReport asks for (B07): everything, the writable variables, or the availability. */
    List<ReportData> report(ReportBaseEnum base) {
        return switch (base) {
            case FULL_INVENTORY -> report(key -> true);
            case CONFIGURATION_INVENTORY -> report(key -> variables.get(key).writable());
            case SUMMARY_INVENTORY -> report(key -> key.variable().equals("AvailabilityState"));
        };
    }

    /**
     * The report a GetReport asks for (B08): the variables named by {@code wanted} (a component alone names all of
     * its variables), or all when none are named. Component criteria ask for components with an Active, Available,
     * Enabled or Problem variable, which this model does not have, so any criteria select nothing.
     */
    List<ReportData> report(List<ComponentVariable> wanted, boolean criteria) {
        if (criteria) {
            return List.of();
        }
        if (wanted == null || wanted.isEmpty()) {
            return report(key -> true);
        }
        return report(key -> wanted.stream().anyMatch(cv -> plain(cv.getComponent())
                && cv.getComponent().getName().equals(key.component())
                && (cv.getVariable() == null
                        || Objects.equals(cv.getVariable().getInstance(), key.instance())
                                && cv.getVariable().getName().equals(key.variable()))));
    }

    private List<ReportData> report(Predicate<Key> selected) {
        List<ReportData> out = new ArrayList<>();
        variables.forEach((key, d) -> {
            if (!selected.test(key)) {
                return;
            }
            out.add(new ReportData()
                    .withComponent(new Component().withName(key.component()))
                    .withVariable(new Variable().withName(key.variable()).withInstance(key.instance()))
                    .withVariableAttribute(List.of(new VariableAttribute()
                            .withType(AttributeEnum.ACTUAL)
                            .withValue(value(key))
                            .withMutability(d.writable() ? MutabilityEnum.READ_WRITE : MutabilityEnum.READ_ONLY)))
                    .withVariableCharacteristics(new VariableCharacteristics()
                            .withDataType(d.type())
                            .withUnit(d.unit())
                            .withSupportsMonitoring(false)));
        });
        return out;
    }

    /** SetVariableMonitoring for one item (N04): the simulator monitors nothing, so known variables refuse. */
    SetMonitoringResult monitor(SetMonitoringData data) {
        SetMonitoringStatusEnum unknown = unknown(data.getComponent(), data.getVariable(),
                SetMonitoringStatusEnum.UNKNOWN_COMPONENT, SetMonitoringStatusEnum.UNKNOWN_VARIABLE);
        return new SetMonitoringResult()
                .withStatus(unknown != null ? unknown : SetMonitoringStatusEnum.UNSUPPORTED_MONITOR_TYPE)
                .withType(data.getType())
                .withSeverity(data.getSeverity())
                .withComponent(data.getComponent())
                .withVariable(data.getVariable());
    }

    /** The "unknown" status that applies to a component and variable, or {@code null} if the model has them. */
    private <S> S unknown(Component component, Variable variable, S unknownComponent, S unknownVariable) {
        boolean known = plain(component)
                && variables.keySet().stream().anyMatch(k -> k.component().equals(component.getName()));
        if (!known) {
            return unknownComponent;
        }
        if (!variables.containsKey(new Key(component.getName(), variable.getName(), variable.getInstance()))) {
            return unknownVariable;
        }
        return null;
    }

    /** Only the station-wide, single-instance components and variables exist here. */
    private static boolean plain(Component c) {
        return c.getInstance() == null && c.getEvse() == null;
    }

    /** Only the Actual attribute is modelled; a missing type means Actual (B05, B06). */
    private static boolean actual(AttributeEnum type) {
        return type == null || type == AttributeEnum.ACTUAL;
    }

    private static boolean fits(DataEnum type, String value) {
        switch (type) {
            case INTEGER:
                try {
                    return Integer.parseInt(value) >= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            case BOOLEAN:
                return value.equals("true") || value.equals("false");
            default:
                return !value.isEmpty();
        }
    }
}
