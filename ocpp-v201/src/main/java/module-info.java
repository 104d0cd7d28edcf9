/**
 * OCPP 2.0.1: the 64 actions as generated classes, their schemas and validation with the 2.0.1 error codes, and the
 * typed API of both roles.
 */
@SuppressWarnings("module") // the version number is the natural last name component
module dev.ocpp.v201 {
    requires transitive dev.ocpp.core;
    requires transitive com.fasterxml.jackson.annotation;

    exports dev.ocpp.v201;
    exports dev.ocpp.v201.messages;
    exports dev.ocpp.v201.types;

    // Jackson binds the generated classes reflectively.
    opens dev.ocpp.v201.messages to com.fasterxml.jackson.databind;
    opens dev.ocpp.v201.types to com.fasterxml.jackson.databind;
}
