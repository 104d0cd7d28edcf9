package dev.ocpp.examples.jmh;

import dev.ocpp.v201.Ocpp201Validation;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.NotifyReportRequest;
import dev.ocpp.v201.messages.TransactionEventRequest;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link ValidatedBindBenchmark} for OCPP 2.0.1 payloads: TransactionEvent (10 sampled values), NotifyReport
 * (50 entries) and BootNotification.
 *
 * <p>Run: {@code java -cp examples/target/ocpp-examples.jar org.openjdk.jmh.Main Ocpp201ValidationBenchmark}
 */
public class Ocpp201ValidationBenchmark extends ValidatedBindBenchmark {

    @Param({"TransactionEvent", "NotifyReport", "BootNotification"})
    public String action;

    @Setup
    public void setUp() {
        String payload;
        Class<?> type;
        switch (action) {
            case "TransactionEvent" -> {
                payload = transactionEvent();
                type = TransactionEventRequest.class;
            }
            case "NotifyReport" -> {
                payload = notifyReport(50);
                type = NotifyReportRequest.class;
            }
            case "BootNotification" -> {
                payload = "{\"reason\":\"PowerUp\",\"chargingStation\":{\"serialNumber\":\"SN-000123456\","
                        + "\"model\":\"Wallbox 22\",\"vendorName\":\"ACME Charging\",\"firmwareVersion\":\"2.0.1-rc3\","
                        + "\"modem\":{\"iccid\":\"8931440400012345678\",\"imsi\":\"262011234567890\"}}}";
                type = BootNotificationRequest.class;
            }
            default -> throw new IllegalArgumentException(action);
        }
        prepare(Ocpp201Validation.validator(), action, payload, type);
    }

    /** Updated, with evse, idToken, transactionInfo and one meterValue of ten fully described sampledValues. */
    static String transactionEvent() {
        StringBuilder sb = new StringBuilder("{\"eventType\":\"Updated\",\"timestamp\":\"2026-11-21T10:05:00Z\",")
                .append("\"triggerReason\":\"MeterValuePeriodic\",\"seqNo\":7,\"offline\":false,")
                .append("\"numberOfPhasesUsed\":3,\"cableMaxCurrent\":32,")
                .append("\"transactionInfo\":{\"transactionId\":\"TX-2026-11-21-0001\",\"chargingState\":\"Charging\",")
                .append("\"timeSpentCharging\":300,\"remoteStartId\":77},")
                .append("\"evse\":{\"id\":1,\"connectorId\":1},")
                .append("\"idToken\":{\"idToken\":\"04A2B3C4D5E6F7\",\"type\":\"ISO14443\"},")
                .append("\"meterValue\":[{\"timestamp\":\"2026-11-21T10:05:00Z\",\"sampledValue\":[");
        String[] measurands = {"Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage",
            "SoC"};
        String[] units = {"Wh", "W", "A", "V", "Percent"};
        for (int i = 0; i < 10; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"value\":").append(1000 + i * 17.25).append(",\"context\":\"Sample.Periodic\",")
                    .append("\"measurand\":\"").append(measurands[i % 5]).append("\",")
                    .append("\"phase\":\"L").append(i % 3 + 1).append("\",\"location\":\"Outlet\",")
                    .append("\"unitOfMeasure\":{\"unit\":\"").append(units[i % 5]).append("\",\"multiplier\":")
                    .append(i % 5 == 0 ? 3 : 0).append("}}");
        }
        return sb.append("]}]}").toString();
    }

    /** {@code entries} reportData, each with component, variable, variableAttribute and variableCharacteristics. */
    static String notifyReport(int entries) {
        StringBuilder sb = new StringBuilder("{\"requestId\":4711,\"generatedAt\":\"2026-11-21T10:00:00Z\",")
                .append("\"tbc\":false,\"seqNo\":0,\"reportData\":[");
        for (int i = 0; i < entries; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"component\":{\"name\":\"").append(i % 2 == 0 ? "EVSE" : "Connector").append("\",")
                    .append("\"instance\":\"slot").append(i).append("\",")
                    .append("\"evse\":{\"id\":").append(i % 4 + 1).append(",\"connectorId\":1}},")
                    .append("\"variable\":{\"name\":\"Variable").append(i).append("\"");
            if (i % 3 == 0) {
                sb.append(",\"instance\":\"max\"");
            }
            sb.append("},\"variableAttribute\":[{\"type\":\"Actual\",\"value\":\"").append(i * 10)
                    .append("\",\"mutability\":\"ReadWrite\",\"persistent\":true,\"constant\":false}");
            if (i % 2 == 1) {
                sb.append(",{\"type\":\"MaxSet\",\"value\":\"1000\",\"mutability\":\"ReadOnly\"}");
            }
            sb.append("],\"variableCharacteristics\":");
            switch (i % 3) {
                case 0 -> sb.append("{\"unit\":\"W\",\"dataType\":\"integer\",\"minLimit\":0,\"maxLimit\":22000,")
                        .append("\"supportsMonitoring\":true}");
                case 1 -> sb.append("{\"dataType\":\"OptionList\",\"valuesList\":\"Available,Occupied,Faulted\",")
                        .append("\"supportsMonitoring\":false}");
                default -> sb.append("{\"unit\":\"s\",\"dataType\":\"decimal\",\"minLimit\":0.5,")
                        .append("\"maxLimit\":86400.5,\"supportsMonitoring\":true}");
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }
}
