/**
 * Schema-driven test material for OCPP message sets of any version: valid sample payloads (one typical instance
 * and jqwik arbitraries) read from the message schemas themselves, the places in a payload where a test may break
 * it, and the structural reduction that holds a schema set to the OCA reference.
 */
module dev.ocpp.testkit.schema {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive net.jqwik.api;
    // ReferenceSchemas aborts a test (reported as skipped) the way JUnit and jqwik both understand.
    requires org.opentest4j;

    exports dev.ocpp.testkit.schema;
}
