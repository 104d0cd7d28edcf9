/**
 * Certificates for the OCPP security use cases: key pairs and CSRs (A02/A03), certificate hash data (M03-M05, B.6 of
 * the facts), chain verification against a trust store, signed firmware (L01), and a throw-away PKI for tests and
 * demos.
 */
package dev.ocpp.security.pki;
