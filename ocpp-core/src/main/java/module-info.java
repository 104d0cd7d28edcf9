/**
 * Version-neutral OCPP-J: frames, codec, dialects, the RPC engine, payload validation, the typed-message plumbing
 * the version modules share, and the transport SPI.
 */
@SuppressWarnings("module") // the qualified export names modules that are not on this module's path
module dev.ocpp.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.networknt.schema;
    // json-schema-validator declares its date-time parser optional; without it "format": "date-time" is unchecked.
    requires com.ethlo.time;
    requires org.slf4j;

    exports dev.ocpp.core;
    exports dev.ocpp.core.delivery;
    exports dev.ocpp.core.frame;
    exports dev.ocpp.core.spi;
    exports dev.ocpp.core.spi.support;
    exports dev.ocpp.core.station;
    exports dev.ocpp.core.typed;
    exports dev.ocpp.core.validation;
    exports dev.ocpp.core.internal.typed to dev.ocpp.v16, dev.ocpp.v201;
    exports dev.ocpp.core.internal.settings to dev.ocpp.v16, dev.ocpp.v201;
    exports dev.ocpp.core.internal.concurrent to dev.ocpp.transport.jakarta, dev.ocpp.transport.tyrus,
            dev.ocpp.transport.jdk, dev.ocpp.security, dev.ocpp.testkit;
}
