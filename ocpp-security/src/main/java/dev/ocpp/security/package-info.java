/**
 * The OCPP security profiles (OCPP 2.0.1 Part 2 A00, OCPP 1.6 Security Whitepaper §2): configurations for the CSMS
 * and for the charging station, and the security events a refused connection produces.
 */
package dev.ocpp.security;
