package dev.ocpp.examples.bench;

import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.ConnectionLimits;

import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.types.RegistrationStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.OffsetDateTime;

/**
 * The harness's full OCPP path: the typed OCPP 1.6 CSMS façade ({@link Ocpp16CentralSystem}) on a given transport,
 * with schema validation of requests and responses left on (its default), answering BootNotification (Accepted)
 * and Heartbeat (the current time). This is what an application built on the library pays per call: frame parsing,
 * validation, typed binding and dispatch, serialising the answer, and the transport.
 */
public final class TypedRpcServer implements AutoCloseable {

    /** The interval the conns mode's stations are told; they keep their own schedule, so it is informational. */
    private static final int HEARTBEAT_INTERVAL = 60;

    private final Ocpp16CentralSystem csms;
    private final String host;

    private TypedRpcServer(Ocpp16CentralSystem csms, String host) {
        this.csms = csms;
        this.host = host;
    }

    private static final ConnectionLimits BENCH_LIMITS = ConnectionLimits.builder()
            .maxConnections(1_000_000).maxConnectionsPerAddress(1_000_000)
            .maxPendingHandshakes(1_000_000).maxPendingHandshakesPerAddress(1_000_000)
            .build();

    /** Starts the CSMS on {@code host:port} (port 0: any free port) over {@code transport}. */
    public static TypedRpcServer start(TransportServerFactory transport, String host, int port) throws IOException {
        return start(transport, host, port, false);
    }

    /**
     * As {@link #start(TransportServerFactory, String, int)}; with {@code inlineHandlers} the handlers run on the
     * transport thread ({@code SessionConfig.inlineHandlers}), which these two may since they never block.
     */
    public static TypedRpcServer start(TransportServerFactory transport, String host, int port,
                                       boolean inlineHandlers) throws IOException {
        Ocpp16CentralSystem csms = Ocpp16CentralSystem.builder(transport)
                .host(host).port(port).path("/ocpp")
                .sessionConfig(SessionConfig.builder().inlineHandlers(inlineHandlers).build())
                // The load tools open every connection from one address, thousands at a time: the per-address
                // defaults, made to keep one hostile address from crowding out the rest, would refuse them.
                .server(s -> s.connectionLimits(BENCH_LIMITS))
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatus.ACCEPTED)
                        .withCurrentTime(OffsetDateTime.now())
                        .withInterval(HEARTBEAT_INTERVAL))
                .on(HeartbeatRequest.class, beat -> new HeartbeatResponse().withCurrentTime(OffsetDateTime.now()))
                .build();
        try {
            csms.start();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new TypedRpcServer(csms, host);
    }

    /** The endpoint without the identity. */
    public URI endpoint() {
        return URI.create("ws://" + host + ":" + csms.port() + "/ocpp");
    }

    @Override
    public void close() {
        csms.close();
    }
}
