/**
 * Version-neutral OCPP-J: frames, codec, dialects, the RPC engine and the transport SPI.
 */
module dev.ocpp.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.ocpp.core;
    exports dev.ocpp.core.frame;
    exports dev.ocpp.core.spi;
}
