package dev.ocpp.testkit;

import static dev.ocpp.testkit.SimulatedStationTestCsms.eventually;
import static dev.ocpp.testkit.SimulatedStationTestCsms.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A fleet of simulated stations against the library's CSMS, in memory. */
class StationFleetTest {

    final InMemoryNetwork net = new InMemoryNetwork();

    @Test
    void fleetOfTwentyIsAllAcceptedAndLeavesNoSessionWhenClosed() throws Exception {
        try (SimulatedStationTestCsms csms = new SimulatedStationTestCsms(OcppVersion.OCPP201, net.serverTransport())) {
            StationFleet fleet = StationFleet.builder(OcppVersion.OCPP201, 20).identityPrefix("LOAD")
                    .endpoint(csms.endpoint()).transport(net.clientTransport()).build();
            try (fleet) {
                assertThat(fleet.size()).isEqualTo(20);
                assertThat(fleet.station(0).identity()).isEqualTo("LOAD-0001");
                assertThat(fleet.station(19).identity()).isEqualTo("LOAD-0020");
                fleet.start();
                fleet.awaitAllAccepted(Duration.ofSeconds(10));

                assertThat(fleet.acceptedCount()).isEqualTo(20);
                assertThat(fleet.stations()).allSatisfy(s ->
                        assertThat(s.registrationStatus()).contains(RegistrationStatus.ACCEPTED));
                assertThat(csms.server().sessions()).hasSize(20);
                for (int i = 1; i <= 20; i++) {
                    assertThat(csms.payloads(StationFleet.identity("LOAD", i), "BootNotification")).hasSize(1);
                }
                fleet.station(4).plugIn(1).get(10, TimeUnit.SECONDS);
                assertThat(csms.actions("LOAD-0005")).containsExactly("BootNotification", "StatusNotification",
                        "StatusNotification", "TransactionEvent");
            }
            eventually(() -> csms.server().sessions().isEmpty(), "no session left at the CSMS");
        }
    }

    @Test
    void atMostEightStationsBootAtOnce() throws Exception {
        LinkedBlockingQueue<CompletableFuture<ObjectNode>> held = new LinkedBlockingQueue<>();
        OcppServer server = OcppServer.builder(net.serverTransport()).host("127.0.0.1").port(0).path("/ocpp")
                .serve(OcppVersion.OCPP16, Handlers.builder(Ocpp16Actions.CATALOG)
                        .intercept(Ocpp16Validation.interceptor(ValidationOptions.defaults()))
                        .onAsync("BootNotification", call -> {
                            CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
                            held.add(answer);
                            return answer;
                        })
                        .build())
                .build().start();
        try (server; StationFleet fleet = StationFleet.builder(OcppVersion.OCPP16, 12)
                .endpoint(URI.create("ws://127.0.0.1:" + server.port() + "/ocpp"))
                .transport(net.clientTransport()).build()) {
            fleet.start();
            List<CompletableFuture<ObjectNode>> firstEight = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                firstEight.add(poll(held));
            }
            // Eight boots wait for their answer: the ninth station has not even been started.
            assertThat(fleet.station(8).registrationStatus()).isEmpty();
            assertThat(fleet.station(8).isConnected()).isFalse();
            assertThat(fleet.station(8).journal().exchanges()).isEmpty();
            assertThat(held).isEmpty();

            // Each acceptance lets one more station start.
            firstEight.get(0).complete(accepted());
            CompletableFuture<ObjectNode> ninth = poll(held);
            for (CompletableFuture<ObjectNode> f : firstEight) {
                f.complete(accepted());
            }
            ninth.complete(accepted());
            for (int i = 0; i < 3; i++) {
                poll(held).complete(accepted());
            }
            fleet.awaitAllAccepted(Duration.ofSeconds(10));
            assertThat(fleet.acceptedCount()).isEqualTo(12);
        }
    }

    @Test
    void awaitAllAcceptedNamesTheStationsStillWaiting() throws Exception {
        VirtualClock clock = new VirtualClock();
        try (SimulatedStationTestCsms csms = new SimulatedStationTestCsms(OcppVersion.OCPP16, net.serverTransport())) {
            csms.answer("BootNotification", r -> json("{\"status\":\"Pending\",\"currentTime\":\""
                    + OcppJson.format(OffsetDateTime.now()) + "\",\"interval\":60}"));
            try (StationFleet fleet = StationFleet.builder(OcppVersion.OCPP16, 2).identityPrefix("PEND")
                    .endpoint(csms.endpoint()).transport(net.clientTransport())
                    .stations(b -> b.clock(clock)).build()) {
                assertThatThrownBy(() -> fleet.awaitAllAccepted(Duration.ofSeconds(1)))
                        .isInstanceOf(IllegalStateException.class);
                fleet.start();
                csms.awaitCount("PEND-0002", "BootNotification", 1);
                // Pending until the virtual clock moves, which it does not here.
                assertThatThrownBy(() -> fleet.awaitAllAccepted(Duration.ofMillis(200)))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("0 of 2").hasMessageContaining("PEND-0001")
                        .hasMessageContaining("PEND-0002");
            }
        }
    }

    private static CompletableFuture<ObjectNode> poll(LinkedBlockingQueue<CompletableFuture<ObjectNode>> held)
            throws InterruptedException {
        CompletableFuture<ObjectNode> f = held.poll(10, TimeUnit.SECONDS);
        assertThat(f).as("a BootNotification within 10 s").isNotNull();
        return f;
    }

    private static ObjectNode accepted() {
        return json("{\"status\":\"Accepted\",\"currentTime\":\"" + OcppJson.format(OffsetDateTime.now())
                + "\",\"interval\":300}");
    }
}
