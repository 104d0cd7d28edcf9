package dev.ocpp.transport.jakarta.internal;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.ServerTransportConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the Jakarta WebSocket API leaves to each container and the OCPP transport still needs: refusing an upgrade
 * with an HTTP status, the peer's address and certificates during the handshake, and the HTTP status a client
 * handshake failed with. {@link GenericContainerSupport} does what can be done without knowing the container; a
 * container runtime (the Tyrus module) supplies an exact implementation.
 */
public interface ContainerSupport {

    /** The client's address for the upgrade request being handled on this thread, or {@code null} if unknown. */
    default InetSocketAddress remoteAddress(HandshakeRequest request) {
        return null;
    }

    /** The server's address for the upgrade request being handled on this thread, or {@code null} if unknown. */
    default InetSocketAddress localAddress(HandshakeRequest request) {
        return null;
    }

    /** The client's TLS certificate chain, leaf first; empty without TLS client authentication or if unknown. */
    default List<X509Certificate> peerCertificates(HandshakeRequest request) {
        return List.of();
    }

    /**
     * Makes the container answer the upgrade request with {@code decision.status()} and no upgrade. Called from
     * {@code ServerEndpointConfig.Configurator#modifyHandshake}; an implementation may throw whatever the container
     * turns into that answer.
     *
     * @return {@code true} if the container will answer with the status; {@code false} if it offers no way to
     *         refuse, in which case the endpoint closes the connection right after the upgrade instead
     */
    boolean refuse(HandshakeResponse response, HandshakeDecision decision);

    /**
     * A client connection was opened, on the container thread that is completing its handshake; lets a container
     * runtime attach its own machinery to it.
     */
    default void clientOpened(JakartaConnection connection) {
    }

    /**
     * The extensions a server endpoint for {@code config} installs ({@code ServerEndpointConfig#getExtensions}).
     * None by default: OCPP-J needs none, and a portable endpoint cannot compress frames itself; a container runtime
     * adds permessage-deflate (RFC 7692) here when {@link ServerTransportConfig#perMessageDeflate()} asks for it.
     */
    default List<Extension> serverExtensions(ServerTransportConfig config) {
        return List.of();
    }

    /**
     * The extensions of one server handshake, chosen among those the client {@code requested}; called from the
     * configurator's {@code getNegotiatedExtensions}. {@code installed} are the {@link #serverExtensions}. None by
     * default.
     */
    default List<Extension> negotiateExtensions(List<Extension> installed, List<Extension> requested) {
        return List.of();
    }

    /**
     * The extensions a client for {@code config} offers in its upgrade request
     * ({@code ClientEndpointConfig#getExtensions}). None by default; see {@link #serverExtensions}.
     */
    default List<Extension> clientExtensions(ClientTransportConfig config) {
        return List.of();
    }

    /** The HTTP status of a handshake response a client received, if the container tells it. */
    default OptionalInt responseStatus(HandshakeResponse response) {
        return OptionalInt.empty();
    }

    /** The HTTP status a failed client handshake was answered with, read from the container's exception. */
    default OptionalInt rejectionStatus(Throwable failure) {
        return OptionalInt.empty();
    }
}
