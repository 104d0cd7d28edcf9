/**
 * The testkit's conformance catalogue ({@link dev.ocpp.testkit.conformance.Catalogue}) applied to the examples: the
 * adapters that let its scenarios drive the example CSMS ({@link dev.ocpp.examples.conformance.ExampleCsmsUnderTest})
 * and the example station ({@link dev.ocpp.examples.conformance.ExampleStationUnderTest}), and the adapters of the
 * {@code conformance} command for a CSMS or a station running elsewhere.
 */
package dev.ocpp.examples.conformance;
