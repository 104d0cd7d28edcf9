/** An in-memory transport for OCPP tests: real handshake decisions and event ordering, no sockets. */
module dev.ocpp.transport.inmemory {
    requires transitive dev.ocpp.core;
    requires org.slf4j;

    exports dev.ocpp.transport.inmemory;
}
