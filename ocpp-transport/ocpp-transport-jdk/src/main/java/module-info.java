/**
 * The OCPP-J station client on the JDK's own {@code java.net.http.WebSocket}: a client behind the transport SPI of
 * {@code dev.ocpp.core} that needs no WebSocket library and brings no server stack.
 */
module dev.ocpp.transport.jdk {
    requires transitive dev.ocpp.core;
    requires java.net.http;
    requires org.slf4j;
    exports dev.ocpp.transport.jdk;
}
