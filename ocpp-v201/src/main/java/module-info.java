/** OCPP 2.0.1: the action catalog now; typed messages and calls come with the typed-API issue. */
@SuppressWarnings("module") // the version number is the natural last name component
module dev.ocpp.v201 {
    requires transitive dev.ocpp.core;

    exports dev.ocpp.v201;
}
