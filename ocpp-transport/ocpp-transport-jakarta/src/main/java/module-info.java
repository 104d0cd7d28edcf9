/**
 * OCPP-J over the Jakarta WebSocket API: a server endpoint that deploys into any Jakarta WebSocket container, and a
 * client transport on any {@link jakarta.websocket.WebSocketContainer}.
 *
 * <p>The implementation package is exported only to the Tyrus runtime module, which plugs in the container-specific
 * pieces the Jakarta API leaves open (refusing an upgrade with an HTTP status, peer addresses).
 */
@SuppressWarnings("module") // the qualified export names a module that is not on this module's path
module dev.ocpp.transport.jakarta {
    requires transitive dev.ocpp.core;
    requires transitive jakarta.websocket;
    requires org.slf4j;

    exports dev.ocpp.transport.jakarta;
    exports dev.ocpp.transport.jakarta.internal to dev.ocpp.transport.tyrus;
}
