/**
 * jqwik arbitraries over every message of every simulated OCPP version: typed instances of the generated request and
 * response classes, read from the versions' own schemas, and CALL frames broken in exactly one place with the
 * reaction OCPP-J requires of the receiver (OCPP-J 1.6 §4.1.3 and §4.2.3, OCPP 2.0.1 Part 4 §4.2.3, §4.3, §4.4).
 * Entry point: {@link dev.ocpp.testkit.arbitraries.OcppArbitraries}.
 */
package dev.ocpp.testkit.arbitraries;
