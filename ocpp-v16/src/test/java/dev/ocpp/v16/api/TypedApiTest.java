package dev.ocpp.v16.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.ValidationReport;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemHandlers;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.types.RegistrationStatus;
import dev.ocpp.v16.types.ResetStatus;
import dev.ocpp.v16.types.ResetType;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TypedApiTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    final InMemoryNetwork net = new InMemoryNetwork();
    final List<ValidationReport> reports = new CopyOnWriteArrayList<>();
    Ocpp16CentralSystem cs;

    @AfterEach
    void stop() {
        if (cs != null) {
            cs.close();
        }
    }

    Ocpp16CentralSystemSession connectChargePoint() throws Exception {
        cs = Ocpp16CentralSystem.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatus.ACCEPTED).withCurrentTime(NOW).withInterval(300))
                .sessionConfig(SessionConfig.builder().listener(new OcppEventListener() {
                    @Override
                    public void payloadViolations(OcppSession session, ValidationReport report) {
                        reports.add(report);
                    }
                }).build())
                .build().start();
        Ocpp16ChargePoint cp = Ocpp16ChargePoint.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).identity("CP-1")
                .on(ResetRequest.class, reset -> new ResetResponse().withStatus(ResetStatus.ACCEPTED))
                .build();
        return cp.connect().get(5, TimeUnit.SECONDS);
    }

    @Test
    void typedCallsGoBothWays() throws Exception {
        Ocpp16CentralSystemSession toCs = connectChargePoint();
        BootNotificationResponse boot = toCs.call(new BootNotificationRequest()
                .withChargePointVendor("ACME").withChargePointModel("W1")).get(5, TimeUnit.SECONDS);
        assertThat(boot.getStatus()).isEqualTo(RegistrationStatus.ACCEPTED);
        assertThat(boot.getCurrentTime()).isEqualTo(NOW);

        ResetResponse reset = cs.call("CP-1", new ResetRequest().withType(ResetType.SOFT)).get(5, TimeUnit.SECONDS);
        assertThat(reset.getStatus()).isEqualTo(ResetStatus.ACCEPTED);
    }

    @Test
    void missingRequiredFieldIsAnsweredWithOccurenceConstraintViolation() throws Exception {
        Ocpp16CentralSystemSession toCs = connectChargePoint();
        ObjectNode bad = (ObjectNode) new ObjectMapper().readTree("{\"chargePointVendor\":\"ACME\"}");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                // Unchecked by the sender (its session validates its own calls too): the central system refuses it.
                () -> toCs.session().call("BootNotification", bad,
                        CallOptions.defaults().withValidation(ValidationOptions.off())).get(5, TimeUnit.SECONDS));
        CallErrorException ce = (CallErrorException) e.getCause();
        assertThat(ce.wireCode()).isEqualTo("OccurenceConstraintViolation");
        assertThat(ce.description()).contains("chargePointModel");
    }

    @Test
    void invalidOutgoingRequestFailsWithoutBeingSent() throws Exception {
        Ocpp16CentralSystemSession toCs = connectChargePoint();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> toCs.call(new BootNotificationRequest().withChargePointVendor("ACME"))
                        .get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(PayloadValidationException.class)
                .hasMessageContaining("chargePointModel");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void registeringAHandlerForTheWrongDirectionFailsFast() {
        Ocpp16CentralSystemHandlers.Builder b = Ocpp16CentralSystemHandlers.builder();
        assertThatThrownBy(() -> b.on((Class) ResetRequest.class, (java.util.function.Function) r -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Reset");
    }
}
