package dev.ocpp.testkit.readme;

import static dev.ocpp.testkit.assertj.OcppAssertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.testkit.junit.CsmsEndpoint;
import dev.ocpp.testkit.junit.OcppTest;
import dev.ocpp.testkit.junit.Simulated;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.AuthorizeResponse;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.StatusNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The testkit README's test of one's own CSMS: a {@link SimulatedStation} charges against the CSMS under test (here
 * a small CSMS built on the library, standing in for the reader's, on the test's in-memory network). The marked
 * region is the README's code block.
 */
@OcppTest(version = OcppVersion.OCPP201)
class YourCsmsTest {

    @Simulated
    InMemoryNetwork network;
    private Ocpp201Csms yourCsms;

    @BeforeEach
    void startYourCsms() {
        yourCsms = Ocpp201Csms.builder(network.serverTransport()).host("127.0.0.1").port(0).path("/ocpp")
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(OffsetDateTime.now())
                        .withInterval(300))
                .on(StatusNotificationRequest.class, status -> new StatusNotificationResponse())
                .on(AuthorizeRequest.class, authorize -> new AuthorizeResponse()
                        .withIdTokenInfo(new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED)))
                .on(TransactionEventRequest.class, event -> new TransactionEventResponse())
                .build().start();
    }

    @CsmsEndpoint
    URI yourCsmsUrl() {
        return URI.create("ws://127.0.0.1:" + yourCsms.port() + "/ocpp");
    }

    @AfterEach
    void stopYourCsms() {
        yourCsms.close();
    }

    // tag::snippet[]
    @Test
    void aWholeChargingSessionIsAnswered(SimulatedStation station) throws Exception {
        station.start().get(5, TimeUnit.SECONDS);
        station.plugIn(1).get(5, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(5, TimeUnit.SECONDS);
        station.meterValues(1, 1500).get(5, TimeUnit.SECONDS);
        station.unplug(1).get(5, TimeUnit.SECONDS);

        assertThat(station.journal())
                .hasAnswerMatching("BootNotification", "{\"status\":\"Accepted\",\"interval\":300}")
                .hasAnswerMatching("Authorize", "{\"idTokenInfo\":{\"status\":\"Accepted\"}}")
                .hasCallMatching(Role.STATION, "TransactionEvent", "{\"eventType\":\"Ended\"}")
                .containsCallsInOrder("BootNotification", "TransactionEvent", "Authorize", "TransactionEvent")
                .allAnswered();
    }
    // end::snippet[]
}
