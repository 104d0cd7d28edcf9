/**
 * Test material for OCPP code of either role and either version (1.6J, 2.0.1): a mock CSMS to test a station
 * against, simulated stations to test a CSMS with, journals of every exchange, AssertJ assertions on them, a virtual
 * clock, a JUnit 5 extension that wires these into tests, and a catalogue of conformance scenarios for either role.
 */
module dev.ocpp.testkit {
    requires transitive dev.ocpp.core;
    requires transitive dev.ocpp.v16;
    requires transitive dev.ocpp.v201;
    requires transitive dev.ocpp.transport.inmemory;
    requires dev.ocpp.transport.netty;
    // The test PKI of the scenarios' TLS mock CSMS.
    requires transitive dev.ocpp.security;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    // The arbitraries hand out jqwik types and the schema kit's samples and mutations.
    requires transitive net.jqwik.api;
    requires transitive dev.ocpp.testkit.schema;
    requires org.slf4j;

    exports dev.ocpp.testkit;
    exports dev.ocpp.testkit.arbitraries;
    exports dev.ocpp.testkit.assertj;
    exports dev.ocpp.testkit.conformance;
    exports dev.ocpp.testkit.faults;
    exports dev.ocpp.testkit.junit;
}
