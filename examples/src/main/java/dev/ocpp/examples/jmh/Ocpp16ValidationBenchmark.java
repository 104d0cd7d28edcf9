package dev.ocpp.examples.jmh;

import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.StartTransactionRequest;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link ValidatedBindBenchmark} for OCPP 1.6 payloads: MeterValues (10 sampled values), StartTransaction and
 * BootNotification.
 *
 * <p>Run: {@code java -cp examples/target/ocpp-examples.jar org.openjdk.jmh.Main Ocpp16ValidationBenchmark}
 */
public class Ocpp16ValidationBenchmark extends ValidatedBindBenchmark {

    @Param({"MeterValues", "StartTransaction", "BootNotification"})
    public String action;

    @Setup
    public void setUp() {
        String payload;
        Class<?> type;
        switch (action) {
            case "MeterValues" -> {
                StringBuilder sb = new StringBuilder("{\"connectorId\":1,\"transactionId\":4711,\"meterValue\":[");
                sb.append("{\"timestamp\":\"2026-11-21T10:00:00Z\",\"sampledValue\":[");
                String[] measurands = {"Energy.Active.Import.Register", "Power.Active.Import", "Current.Import",
                    "Voltage", "Temperature"};
                for (int i = 0; i < 10; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"value\":\"").append(1000 + i * 17).append("\",\"context\":\"Sample.Periodic\",")
                            .append("\"format\":\"Raw\",\"measurand\":\"").append(measurands[i % 5]).append("\",")
                            .append("\"phase\":\"L").append(i % 3 + 1).append("\",\"location\":\"Outlet\",")
                            .append("\"unit\":\"").append(i % 5 == 0 ? "Wh" : "W").append("\"}");
                }
                payload = sb.append("]}]}").toString();
                type = MeterValuesRequest.class;
            }
            case "StartTransaction" -> {
                payload = "{\"connectorId\":1,\"idTag\":\"04A2B3C4D5E6F7\",\"meterStart\":123456,"
                        + "\"reservationId\":17,\"timestamp\":\"2026-11-21T10:00:00.250+01:00\"}";
                type = StartTransactionRequest.class;
            }
            case "BootNotification" -> {
                payload = "{\"chargePointVendor\":\"ACME Charging\",\"chargePointModel\":\"Wallbox 22\","
                        + "\"chargePointSerialNumber\":\"SN-000123456\",\"chargeBoxSerialNumber\":\"CB-99\","
                        + "\"firmwareVersion\":\"1.4.2-rc3\",\"iccid\":\"8931440400012345678\","
                        + "\"imsi\":\"262011234567890\",\"meterType\":\"EM340\",\"meterSerialNumber\":\"M-777\"}";
                type = BootNotificationRequest.class;
            }
            default -> throw new IllegalArgumentException(action);
        }
        prepare(Ocpp16Validation.validator(), action, payload, type);
    }
}
