package dev.ocpp.v16.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.Ocpp16ChargePointSession;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.messages.TriggerMessageRequest;
import dev.ocpp.v16.messages.TriggerMessageResponse;
import dev.ocpp.v16.types.KeyValue;
import dev.ocpp.v16.types.MessageTrigger;
import dev.ocpp.v16.types.RegistrationStatus;
import dev.ocpp.v16.types.TriggerMessageStatus;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler calls its peer back through the typed view of its own session, {@code from(context)}, without casts:
 * the central system's handler through {@link Ocpp16ChargePointSession#from}, the charge point's through
 * {@link Ocpp16CentralSystemSession#from} (OCPP-J 1.6 §4.1.1: CALLs of the two sides may cross).
 */
class FromCallContextTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    final InMemoryNetwork net = new InMemoryNetwork();
    final AtomicInteger heartbeats = new AtomicInteger();
    Ocpp16CentralSystem cs;

    @AfterEach
    void stop() {
        if (cs != null) {
            cs.close();
        }
    }

    Ocpp16CentralSystem.Builder centralSystem() {
        return Ocpp16CentralSystem.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(HeartbeatRequest.class, hb -> {
                    heartbeats.incrementAndGet();
                    return new HeartbeatResponse().withCurrentTime(NOW);
                });
    }

    Ocpp16ChargePoint.Builder chargePoint() {
        return Ocpp16ChargePoint.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).identity("CP-1");
    }

    @Test
    void aCentralSystemHandlerReadsTheChargePointsConfigurationBeforeAnsweringItsBoot() throws Exception {
        AtomicReference<GetConfigurationResponse> read = new AtomicReference<>();
        cs = centralSystem()
                .onAsync(BootNotificationRequest.class, (boot, context) -> Ocpp16ChargePointSession.from(context)
                        .call(new GetConfigurationRequest().withKey(List.of("HeartbeatInterval")))
                        .thenApply(config -> {
                            read.set(config);
                            return new BootNotificationResponse().withStatus(RegistrationStatus.ACCEPTED)
                                    .withCurrentTime(NOW).withInterval(300);
                        }))
                .build().start();
        Ocpp16CentralSystemSession toCs = chargePoint()
                .on(GetConfigurationRequest.class, get -> new GetConfigurationResponse().withConfigurationKey(
                        List.of(new KeyValue().withKey("HeartbeatInterval").withReadonly(false).withValue("300"))))
                .build().connect().get(5, TimeUnit.SECONDS);

        BootNotificationResponse boot = toCs.call(new BootNotificationRequest()
                .withChargePointVendor("ACME").withChargePointModel("W1")).get(5, TimeUnit.SECONDS);

        assertThat(boot.getStatus()).isEqualTo(RegistrationStatus.ACCEPTED);
        assertThat(read.get().getConfigurationKey()).singleElement().extracting(KeyValue::getValue)
                .isEqualTo("300");
    }

    @Test
    void aChargePointHandlerSendsTheTriggeredHeartbeatThroughTheTypedViewOfItsSession() throws Exception {
        cs = centralSystem().build().start();
        AtomicReference<HeartbeatResponse> sent = new AtomicReference<>();
        chargePoint()
                .onAsync(TriggerMessageRequest.class, (trigger, context) -> Ocpp16CentralSystemSession.from(context)
                        .call(new HeartbeatRequest())
                        .thenApply(hb -> {
                            sent.set(hb);
                            return new TriggerMessageResponse().withStatus(TriggerMessageStatus.ACCEPTED);
                        }))
                .build().connect().get(5, TimeUnit.SECONDS);

        TriggerMessageResponse answer = cs.call("CP-1", new TriggerMessageRequest()
                .withRequestedMessage(MessageTrigger.HEARTBEAT)).get(5, TimeUnit.SECONDS);

        assertThat(answer.getStatus()).isEqualTo(TriggerMessageStatus.ACCEPTED);
        assertThat(heartbeats).hasValue(1);
        assertThat(sent.get().getCurrentTime()).isEqualTo(NOW);
    }
}
