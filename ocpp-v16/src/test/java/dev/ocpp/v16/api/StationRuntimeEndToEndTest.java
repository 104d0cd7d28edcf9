package dev.ocpp.v16.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.ChangeConfigurationResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.types.ConfigurationStatus;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 1.6 charge point given a boot notification boots by itself, waits out a Rejected (§4.2), heartbeats once accepted
 * (§4.6) and follows a ChangeConfiguration of HeartbeatInterval, over the in-memory transport. Real clock, with 1 s
 * intervals; every wait is on a future with a generous timeout.
 */
class StationRuntimeEndToEndTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    final InMemoryNetwork net = new InMemoryNetwork();
    Ocpp16CentralSystem cs;
    Ocpp16CentralSystemSession toCs;

    @AfterEach
    void stop() {
        if (toCs != null) {
            toCs.session().close();
        }
        if (cs != null) {
            cs.close();
        }
    }

    @Test
    void aChargePointBootsByItselfAndHeartbeats() throws Exception {
        AtomicInteger boots = new AtomicInteger();
        CompletableFuture<HeartbeatRequest> heartbeat = new CompletableFuture<>();
        cs = Ocpp16CentralSystem.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse().withCurrentTime(NOW)
                        .withInterval(1).withStatus(boots.incrementAndGet() == 1
                                ? dev.ocpp.v16.types.RegistrationStatus.REJECTED
                                : dev.ocpp.v16.types.RegistrationStatus.ACCEPTED))
                .on(HeartbeatRequest.class, h -> {
                    heartbeat.complete(h);
                    return new HeartbeatResponse().withCurrentTime(NOW);
                })
                .build().start();
        Ocpp16ChargePoint cp = Ocpp16ChargePoint.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).identity("CP-1")
                .on(ChangeConfigurationRequest.class,
                        c -> new ChangeConfigurationResponse().withStatus(ConfigurationStatus.ACCEPTED))
                .bootNotification(new BootNotificationRequest().withChargePointVendor("ACME")
                        .withChargePointModel("W1"))
                .build();
        StationRuntime runtime = cp.runtime().orElseThrow();
        List<RegistrationStatus> seen = new CopyOnWriteArrayList<>();
        runtime.onRegistration(seen::add);

        toCs = cp.start();
        runtime.accepted().get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(RegistrationStatus.REJECTED, RegistrationStatus.ACCEPTED);
        heartbeat.get(10, TimeUnit.SECONDS);
        assertThat(runtime.lastCsmsTime()).contains(NOW);

        ChangeConfigurationResponse changed = cs.call("CP-1", new ChangeConfigurationRequest()
                .withKey("HeartbeatInterval").withValue("2")).get(10, TimeUnit.SECONDS);
        assertThat(changed.getStatus()).isEqualTo(ConfigurationStatus.ACCEPTED);
        // Set before the answer went out.
        assertThat(runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    }
}
