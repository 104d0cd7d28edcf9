/**
 * The example CSMS: an {@link dev.ocpp.core.OcppServer} answering every charge-point action of OCPP 1.6 (typed, see
 * {@link dev.ocpp.examples.csms.Csms16Handlers}) and Boot, Heartbeat and Status of 2.0.1.
 */
package dev.ocpp.examples.csms;
