/**
 * A catalogue of conformance scenarios (issue 16): each {@link dev.ocpp.testkit.conformance.Scenario} checks one
 * behaviour the OCPP 1.6J or 2.0.1 specification asks of a CSMS or a station, naming the requirement it checks. The
 * user adapts the system under test ({@link dev.ocpp.testkit.conformance.CsmsUnderTest},
 * {@link dev.ocpp.testkit.conformance.StationUnderTest}); a {@link dev.ocpp.testkit.conformance.ScenarioRunner} runs
 * the scenarios against it with the testkit's simulators, and
 * {@link dev.ocpp.testkit.conformance.ConformanceReport} renders the results; the abstract JUnit classes
 * {@link dev.ocpp.testkit.conformance.CsmsConformanceTest} and
 * {@link dev.ocpp.testkit.conformance.StationConformanceTest} turn them into dynamic tests.
 */
package dev.ocpp.testkit.conformance;
