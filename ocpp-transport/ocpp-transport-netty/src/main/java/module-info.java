/**
 * The OCPP-J WebSocket transport on Netty: a server and a client behind the transport SPI of {@code dev.ocpp.core},
 * on native epoll where the platform has it and NIO otherwise.
 */
module dev.ocpp.transport.netty {
    requires transitive dev.ocpp.core;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.compression;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires org.slf4j;
    exports dev.ocpp.transport.netty;
}
