package dev.ocpp.v201.api;

import static dev.ocpp.v201.api.Ocpp201Fixture.NOW;
import static dev.ocpp.v201.api.Ocpp201Fixture.boot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 2.0.1 station given a boot notification boots by itself (B01), waits out a Pending (B02), and heartbeats once
 * accepted (G02), over the in-memory transport with boot gating on. Real clock, with 1 s intervals; every wait is
 * on a future with a generous timeout.
 */
class StationRuntimeEndToEndTest {

    final InMemoryNetwork net = new InMemoryNetwork();
    Ocpp201Csms csms;
    Ocpp201CsmsSession station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.session().close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    @Test
    void aStationBootsByItselfAndHeartbeats() throws Exception {
        AtomicInteger boots = new AtomicInteger();
        CompletableFuture<HeartbeatRequest> heartbeat = new CompletableFuture<>();
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse().withCurrentTime(NOW)
                        .withInterval(1).withStatus(boots.incrementAndGet() == 1
                                ? RegistrationStatusEnum.PENDING : RegistrationStatusEnum.ACCEPTED))
                .on(HeartbeatRequest.class, h -> {
                    heartbeat.complete(h);
                    return new HeartbeatResponse().withCurrentTime(NOW);
                })
                .build().start();
        Ocpp201ChargingStation cs = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity("CS-1")
                .bootGating(true)
                .bootNotification(boot())
                .build();
        StationRuntime runtime = cs.runtime().orElseThrow();
        List<RegistrationStatus> seen = new CopyOnWriteArrayList<>();
        runtime.onRegistration(seen::add);

        station = cs.start();
        runtime.accepted().get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(RegistrationStatus.PENDING, RegistrationStatus.ACCEPTED);
        assertThat(boots).hasValue(2);
        assertThat(cs.registrationStatus()).contains(RegistrationStatusEnum.ACCEPTED); // boot gating saw it too
        assertThat(runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));

        heartbeat.get(10, TimeUnit.SECONDS);
        assertThat(runtime.lastCsmsTime()).contains(NOW);
        // The application's own typed calls pass the station's boot gating now.
        assertThat(station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS).getCurrentTime()).isEqualTo(NOW);
    }

    @Test
    void withoutABootNotificationTheApplicationBoots() {
        Ocpp201ChargingStation cs = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:1/ocpp")).identity("CS-1").build();
        assertThat(cs.runtime()).isEmpty();
    }

    @Test
    void oneBuilderBuildsStationsThatEachBootTheirOwnSession() throws Exception {
        java.util.List<String> booted = new java.util.concurrent.CopyOnWriteArrayList<>();
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, (b, ctx) -> {
                    booted.add(ctx.identity());
                    return new BootNotificationResponse().withCurrentTime(NOW).withInterval(300)
                            .withStatus(RegistrationStatusEnum.ACCEPTED);
                })
                .build().start();
        Ocpp201ChargingStation.Builder builder = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).bootNotification(boot());
        Ocpp201ChargingStation first = builder.identity("CS-A").build();
        Ocpp201ChargingStation second = builder.identity("CS-B").build();
        // The second starts first: the first's runtime must not take its session.
        Ocpp201CsmsSession b = second.start();
        try {
            second.runtime().orElseThrow().accepted().get(10, TimeUnit.SECONDS);
            assertThat(first.runtime().orElseThrow().registrationStatus()).isEmpty();
            station = first.start();
            first.runtime().orElseThrow().accepted().get(10, TimeUnit.SECONDS);
            assertThat(booted).containsExactlyInAnyOrder("CS-A", "CS-B");
        } finally {
            b.close();
        }
    }
}
