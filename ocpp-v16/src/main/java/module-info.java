/** OCPP 1.6J: the action catalog now; typed messages and calls come with the typed-API issue. */
@SuppressWarnings("module") // the version number is the natural last name component
module dev.ocpp.v16 {
    requires transitive dev.ocpp.core;

    exports dev.ocpp.v16;
}
