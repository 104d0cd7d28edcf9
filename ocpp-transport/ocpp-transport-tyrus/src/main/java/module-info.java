/**
 * The standalone OCPP-J WebSocket runtime on Tyrus and Grizzly: a server that needs no container, and a client.
 * Builds on {@code dev.ocpp.transport.jakarta} and adds what the Jakarta API cannot do there: binding to one address,
 * TLS, refusing upgrades with 401/404, peer addresses and client certificates, rejecting oversize messages from
 * their frame headers, and permessage-deflate (RFC 7692).
 */
module dev.ocpp.transport.tyrus {
    requires transitive dev.ocpp.core;
    requires dev.ocpp.transport.jakarta;
    requires jakarta.websocket;
    requires org.glassfish.tyrus.spi;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.client;
    requires org.glassfish.tyrus.container.grizzly.server;
    // Tyrus' own Grizzly client: the default container of a plain ClientManager, for JakartaClientTransport users;
    // TyrusClientTransport runs its connections on internal.client instead.
    requires org.glassfish.tyrus.container.grizzly.client;
    requires org.glassfish.grizzly;
    requires org.glassfish.grizzly.http;
    requires org.glassfish.grizzly.http.server;
    requires org.slf4j;

    exports dev.ocpp.transport.tyrus;
    // Tyrus instantiates its client container by class name, from its core module.
    exports dev.ocpp.transport.tyrus.internal.client to org.glassfish.tyrus.core;
}
