package dev.ocpp.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.spi.TransportServerFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connection limits reach the transport configuration that {@link OcppServer} hands its transport. */
class ServerConnectionLimitsConfigTest {

    private static final TransportServerFactory NEVER_STARTED = (config, handler) -> {
        throw new AssertionError("not started in this test");
    };

    @Test
    void limitsSetOnTheServerBuilderReachTheTransportConfig() {
        ConnectionLimits limits = ConnectionLimits.builder().maxConnectionsPerAddress(5_000)
                .handshakeTimeout(Duration.ofSeconds(3)).build();

        OcppServer viaShortcut = OcppServer.builder(NEVER_STARTED).connectionLimits(limits)
                .serve(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none())).build();
        OcppServer viaTransport = OcppServer.builder(NEVER_STARTED).transport(t -> t.connectionLimits(limits))
                .serve(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none())).build();

        assertThat(viaShortcut.transportConfig().connectionLimits()).isEqualTo(limits);
        assertThat(viaTransport.transportConfig().connectionLimits()).isEqualTo(limits);
    }

    @Test
    void aServerWithoutLimitsGetsTheDefaults() {
        OcppServer server = OcppServer.builder(NEVER_STARTED)
                .serve(OcppVersion.OCPP201, Handlers.none(ActionCatalog.none())).build();

        assertThat(server.transportConfig().connectionLimits()).isEqualTo(ConnectionLimits.defaults());
    }
}
