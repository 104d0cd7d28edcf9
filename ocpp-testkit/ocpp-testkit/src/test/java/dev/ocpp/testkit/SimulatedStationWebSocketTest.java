package dev.ocpp.testkit;

import static dev.ocpp.testkit.SimulatedStationTestCsms.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.messages.AuthorizeRequest;
import dev.ocpp.v16.messages.AuthorizeResponse;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.messages.StatusNotificationResponse;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Simulated stations of both versions over real WebSockets (Netty, 127.0.0.1, an ephemeral port) against the
 * library's typed CSMS façades, the station on the Netty transport it makes and closes itself.
 */
class SimulatedStationWebSocketTest {

    @Test
    void station16ChargesAgainstTheTypedCentralSystemOverAWebSocket() throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        try (Ocpp16CentralSystem csms = Ocpp16CentralSystem.builder(new NettyServerTransport(1))
                .host("127.0.0.1").port(0).path("/ocpp")
                .on(BootNotificationRequest.class, b -> {
                    received.add(b);
                    return new BootNotificationResponse().withStatus(
                            dev.ocpp.v16.types.RegistrationStatus.ACCEPTED)
                            .withCurrentTime(OffsetDateTime.now()).withInterval(300);
                })
                .on(StatusNotificationRequest.class, s -> {
                    received.add(s);
                    return new StatusNotificationResponse();
                })
                .on(AuthorizeRequest.class, a -> {
                    received.add(a);
                    return new AuthorizeResponse().withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
                })
                .on(StartTransactionRequest.class, s -> {
                    received.add(s);
                    return new StartTransactionResponse().withTransactionId(9)
                            .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
                })
                .on(StopTransactionRequest.class, s -> {
                    received.add(s);
                    return new StopTransactionResponse();
                })
                .build().start()) {
            SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP16).identity("WS-16")
                    .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).build();
            try (station) {
                station.start().get(10, TimeUnit.SECONDS);
                assertThat(station.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
                assertThat(csms.chargePoint("WS-16")).isPresent();

                // The status report after the boot is answered before the network goes.
                station.journal().await(e -> e.action().equals("StatusNotification") && e.answered(),
                        Duration.ofSeconds(10)).orElseThrow();
                // A network loss on real time: back after the duration, without a new BootNotification.
                station.goOffline(Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
                station.whenConnected().get(10, TimeUnit.SECONDS);
                eventually(() -> csms.chargePoint("WS-16").isPresent(), "the central system sees the station back");

                station.plugIn(1).get(10, TimeUnit.SECONDS);
                station.presentIdToken("CARD").get(10, TimeUnit.SECONDS);
                station.unplug(1).get(10, TimeUnit.SECONDS);
            }
            eventually(() -> csms.chargePoints().isEmpty(), "the central system has no charge point left");
            // The station closed the Netty transport it made: its event loop is gone.
            eventually(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("ocpp-netty-client")),
                    "no Netty client thread left");
            assertThat(received).extracting(r -> r.getClass().getSimpleName()).containsExactly(
                    "BootNotificationRequest", "StatusNotificationRequest", "StatusNotificationRequest",
                    "AuthorizeRequest",
                    "StartTransactionRequest", "StatusNotificationRequest", "StopTransactionRequest",
                    "StatusNotificationRequest");
            assertThat(received).filteredOn(StopTransactionRequest.class::isInstance)
                    .extracting(r -> ((StopTransactionRequest) r).getTransactionId()).containsExactly(9);
        }
    }

    @Test
    void station201ChargesAgainstTheTypedCsmsWithBootGatingOverAWebSocket() throws Exception {
        List<TransactionEventRequest> events = new CopyOnWriteArrayList<>();
        try (Ocpp201Csms csms = Ocpp201Csms.builder(new NettyServerTransport(1))
                .host("127.0.0.1").port(0).path("/ocpp")
                .bootGating()
                .on(dev.ocpp.v201.messages.BootNotificationRequest.class, b ->
                        new dev.ocpp.v201.messages.BootNotificationResponse().withStatus(RegistrationStatusEnum.ACCEPTED)
                                .withCurrentTime(OffsetDateTime.now()).withInterval(300))
                .on(dev.ocpp.v201.messages.StatusNotificationRequest.class, s ->
                        new dev.ocpp.v201.messages.StatusNotificationResponse())
                .on(dev.ocpp.v201.messages.AuthorizeRequest.class, a ->
                        new dev.ocpp.v201.messages.AuthorizeResponse()
                                .withIdTokenInfo(new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED)))
                .on(TransactionEventRequest.class, e -> {
                    events.add(e);
                    return new TransactionEventResponse();
                })
                .build().start()) {
            SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP201).identity("WS-201")
                    .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).build();
            try (station) {
                station.start().get(10, TimeUnit.SECONDS);
                station.plugIn(1).get(10, TimeUnit.SECONDS);
                station.presentIdToken("CARD").get(10, TimeUnit.SECONDS);
                station.stopCharging(1).get(10, TimeUnit.SECONDS);
                assertThat(csms.chargingStation("WS-201")).isPresent();
            }
            eventually(() -> csms.chargingStations().isEmpty(), "the CSMS has no station left");
            assertThat(events).extracting(e -> e.getEventType().value() + "/" + e.getSeqNo())
                    .containsExactly("Started/0", "Updated/1", "Ended/2");
            assertThat(events).extracting(e -> e.getTransactionInfo().getTransactionId()).containsOnly(
                    events.get(0).getTransactionInfo().getTransactionId());
        }
    }
}
