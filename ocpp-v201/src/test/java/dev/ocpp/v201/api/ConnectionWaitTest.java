package dev.ocpp.v201.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.NotConnectedException;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Typed calls to and from a peer that is not connected: they fail at once with {@link NotConnectedException}, or,
 * when asked, wait for the connection and go out on it.
 */
class ConnectionWaitTest {

    private final InMemoryNetwork net = new InMemoryNetwork();
    private Ocpp201Csms csms;
    private Ocpp201CsmsSession station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    private static Throwable failure(CompletableFuture<?> f) {
        Throwable t = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    @Test
    void csmsCallToAStationNotYetConnectedFailsAtOnceOrWaitsForItWhenAsked() throws Exception {
        csms = Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .on(HeartbeatRequest.class, h -> new HeartbeatResponse().withCurrentTime(Ocpp201Fixture.NOW))
                .build().start();
        ResetRequest reset = new ResetRequest().withType(ResetEnum.ON_IDLE);
        assertThat(failure(csms.call("CS-1", reset))).isInstanceOf(NotConnectedException.class);
        CompletableFuture<ResetResponse> patient = csms.call("CS-1", reset,
                CallOptions.defaults().withConnectionWait(Duration.ofSeconds(10)));
        assertThat(patient).isNotDone();

        station = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity("CS-1")
                .on(ResetRequest.class, r -> new ResetResponse().withStatus(ResetStatusEnum.SCHEDULED))
                .build().start();
        assertThat(patient.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(ResetStatusEnum.SCHEDULED);
        assertThat(failure(csms.call("NOBODY", reset,
                CallOptions.defaults().withConnectionWait(Duration.ofMillis(100)))))
                .isInstanceOf(NotConnectedException.class);
    }

    @Test
    void stationCallWithoutAConnectionFailsAtOnceWhenItMayNotWait() {
        // Nothing listens on this port: the station stays disconnected.
        station = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:1/ocpp")).identity("CS-2")
                .build().start();
        assertThat(failure(station.call(new HeartbeatRequest(),
                CallOptions.defaults().withConnectionWait(Duration.ZERO)))).isInstanceOf(NotConnectedException.class);
    }
}
