/**
 * OCPP 1.6J: the 39 actions as generated classes, their schemas and validation with the 1.6 error codes, and the
 * typed API of both roles.
 */
@SuppressWarnings("module") // the version number is the natural last name component
module dev.ocpp.v16 {
    requires transitive dev.ocpp.core;
    requires transitive com.fasterxml.jackson.annotation;

    exports dev.ocpp.v16;
    exports dev.ocpp.v16.messages;
    exports dev.ocpp.v16.types;

    // Jackson binds the generated classes reflectively.
    opens dev.ocpp.v16.messages to com.fasterxml.jackson.databind;
    opens dev.ocpp.v16.types to com.fasterxml.jackson.databind;
}
