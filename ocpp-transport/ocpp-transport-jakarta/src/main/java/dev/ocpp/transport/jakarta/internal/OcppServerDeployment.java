package dev.ocpp.transport.jakarta.internal;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.CloseFrames;
import dev.ocpp.core.spi.support.Handshakes;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.spi.support.Subprotocols;
import dev.ocpp.transport.jakarta.OcppServerEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OCPP server endpoint deployed into a Jakarta WebSocket container: its {@link ServerEndpointConfig}, the
 * handshake logic of its configurator, and the connections it has open.
 *
 * <p>Handshake: the container first asks {@code getNegotiatedSubprotocol}, which offers the client's first
 * subprotocol that is served (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2); then {@code modifyHandshake} hands the
 * whole request to {@link ServerConnectionHandler#onHandshake}, whose decision wins: a refusal goes to
 * {@link ContainerSupport#refuse}, an acceptance overwrites the response's {@code Sec-WebSocket-Protocol} with the
 * decided subprotocol, or removes it when there is none. The decision travels to {@code onOpen} in the per-connection
 * user properties, which Jakarta WebSocket 2.1 and later pass from {@code modifyHandshake} to {@code onOpen}.
 */
public final class OcppServerDeployment {

    private static final Logger LOG = LoggerFactory.getLogger(OcppServerDeployment.class);
    private static final String HANDSHAKE = OcppServerDeployment.class.getName() + ".handshake";
    private static final String CONNECTION = OcppServerDeployment.class.getName() + ".connection";

    private final ServerTransportConfig config;
    private final ServerConnectionHandler handler;
    private final ContainerSupport support;
    private final Set<JakartaConnection> connections = ConcurrentHashMap.newKeySet();
    private final ServerEndpointConfig endpointConfig;

    public OcppServerDeployment(ServerTransportConfig config, ServerConnectionHandler handler,
                                ContainerSupport support) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.support = Objects.requireNonNull(support, "support");
        this.endpointConfig = ServerEndpointConfig.Builder
                .create(OcppServerEndpoint.class, config.path() + "/{identity}")
                .subprotocols(config.subprotocols())
                .extensions(support.serverExtensions(config))
                .configurator(new Configurator())
                .build();
    }

    /** The configuration to register with the container. */
    public ServerEndpointConfig endpointConfig() {
        return endpointConfig;
    }

    /** A snapshot of the connections that have not delivered {@code onClosed} yet. */
    public Collection<JakartaConnection> connections() {
        return List.copyOf(connections);
    }

    // ------------------------------------------------------------------ Endpoint callbacks

    /** {@code Endpoint.onOpen} of {@link OcppServerEndpoint}. */
    public static void opened(Session session, EndpointConfig endpointConfig) {
        Handshake h = take(endpointConfig.getUserProperties());
        if (h == null) {
            h = take(session.getUserProperties());
        }
        if (h == null) {
            LOG.error("No handshake decision for a new session: the container did not pass the user properties of "
                    + "modifyHandshake on to onOpen, as Jakarta WebSocket 2.1 requires");
            closeQuietly(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "Handshake state lost");
            return;
        }
        h.deployment.open(session, h);
    }

    /** {@code Endpoint.onClose} of {@link OcppServerEndpoint}. */
    public static void closed(Session session, CloseReason reason) {
        Object c = session.getUserProperties().get(CONNECTION);
        if (c instanceof JakartaConnection connection) {
            connection.containerClosed(reason);
        }
    }

    /** {@code Endpoint.onError} of {@link OcppServerEndpoint}. */
    public static void failed(Session session, Throwable cause) {
        Object c = session.getUserProperties().get(CONNECTION);
        if (c instanceof JakartaConnection connection) {
            connection.containerError(cause);
        } else {
            LOG.debug("Error on a session without connection", cause);
        }
    }

    private void open(Session session, Handshake h) {
        HandshakeDecision d = h.decision;
        if (!d.accepted()) {
            // Only where the container could not refuse before the upgrade: the next best thing.
            closeQuietly(session, CloseReason.CloseCodes.VIOLATED_POLICY, "HTTP " + d.status() + " " + d.reason());
            return;
        }
        String negotiated = blankToNull(session.getNegotiatedSubprotocol());
        if (!Objects.equals(negotiated, d.subprotocol())) {
            LOG.warn("The container negotiated subprotocol {} although {} was decided for {}",
                    LogSafe.escape(negotiated), LogSafe.escape(d.subprotocol()), LogSafe.escape(d.identity()));
        }
        BasicCredentials credentials = Handshakes.credentials(d, h.request);
        ConnectionInfo info = new ConnectionInfo(d.identity(), negotiated, h.requestUri, h.request.remoteAddress(),
                h.request.localAddress(), h.request.peerCertificates(), Optional.ofNullable(credentials));
        JakartaConnection connection = new JakartaConnection(session, info, config.maxMessageSize(),
                config.maxQueuedSends());
        session.getUserProperties().put(CONNECTION, connection);
        connections.add(connection);
        connection.whenFinished(() -> connections.remove(connection));
        TransportListener listener;
        try {
            listener = Objects.requireNonNull(handler.onConnected(connection), "onConnected returned null");
        } catch (RuntimeException e) {
            LOG.error("Connection handler failed for {}; closing the connection", LogSafe.escape(d.identity()), e);
            connection.start(new TransportListener() { }, null, java.time.Duration.ZERO, config.pongTimeout());
            connection.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "Internal error");
            return;
        }
        connection.start(listener, null, config.pingInterval(), config.pongTimeout());
    }

    // ------------------------------------------------------------------ handshake

    private void handshake(ServerEndpointConfig sec, jakarta.websocket.server.HandshakeRequest request,
                           HandshakeResponse response) {
        URI uri = request.getRequestURI();
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        Map<String, List<String>> headers = request.getHeaders();
        HandshakeRequest spiRequest = new HandshakeRequest(rawPath, Subprotocols.offered(headers), headers,
                support.remoteAddress(request), support.localAddress(request), support.peerCertificates(request));
        // The container has checked key and version before calling us (RFC 6455 §4.2.1); the identity it has not.
        // Refused like a handler's refusal, so that the handler never sees a malformed request. A container that
        // cannot refuse before the upgrade closes the session at once instead (see open).
        Optional<Handshakes.Refusal> malformed = Handshakes.checkUpgrade(rawPath, config.path(), headers);
        HandshakeDecision decision = malformed
                .map(r -> HandshakeDecision.reject(r.status(), r.reason()))
                .orElseGet(() -> Handshakes.decide(handler, spiRequest));
        if (!decision.accepted()) {
            if (support.refuse(response, decision)) {
                return;
            }
            setSubprotocol(response, null);
        } else {
            setSubprotocol(response, decision.subprotocol());
        }
        sec.getUserProperties().put(HANDSHAKE, new Handshake(this, decision, spiRequest,
                requestUri(rawPath, request.getQueryString(), uri)));
    }

    private static void setSubprotocol(HandshakeResponse response, String subprotocol) {
        Map<String, List<String>> headers = response.getHeaders();
        for (Iterator<String> it = headers.keySet().iterator(); it.hasNext(); ) {
            if (jakarta.websocket.server.HandshakeRequest.SEC_WEBSOCKET_PROTOCOL.equalsIgnoreCase(it.next())) {
                it.remove();
            }
        }
        if (subprotocol != null) {
            headers.put(jakarta.websocket.server.HandshakeRequest.SEC_WEBSOCKET_PROTOCOL, List.of(subprotocol));
        }
    }

    private static URI requestUri(String rawPath, String query, URI fallback) {
        try {
            return URI.create(query == null || query.isEmpty() ? rawPath : rawPath + "?" + query);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static Handshake take(Map<String, Object> properties) {
        Object h;
        try {
            h = properties.remove(HANDSHAKE);
        } catch (UnsupportedOperationException e) {
            h = properties.get(HANDSHAKE);
        }
        return h instanceof Handshake handshake ? handshake : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void closeQuietly(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, CloseFrames.truncateReason(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not close session", e);
        }
    }

    /** What {@code modifyHandshake} decided, on its way to {@code onOpen}. */
    private record Handshake(OcppServerDeployment deployment, HandshakeDecision decision, HandshakeRequest request,
                             URI requestUri) {
    }

    /** The container-facing hooks of the handshake. */
    private final class Configurator extends ServerEndpointConfig.Configurator {

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return Subprotocols.select(requested, supported).orElse("");
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            // OCPP-J defines no extensions of its own; the container runtime may negotiate permessage-deflate.
            return support.negotiateExtensions(installed, requested);
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true; // stations are not browsers; identity and credentials are checked in modifyHandshake
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, jakarta.websocket.server.HandshakeRequest request,
                                    HandshakeResponse response) {
            handshake(sec, request, response);
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            if (endpointClass != OcppServerEndpoint.class) {
                throw new InstantiationException("Unexpected endpoint class " + endpointClass.getName());
            }
            return endpointClass.cast(new OcppServerEndpoint());
        }
    }
}
