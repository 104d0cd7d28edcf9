/**
 * The example CSMS: an {@link dev.ocpp.core.OcppServer} answering every station-initiated action of OCPP 1.6
 * ({@link dev.ocpp.examples.csms.Csms16Handlers}) and OCPP 2.0.1 ({@link dev.ocpp.examples.csms.Csms201Handlers}),
 * both typed, on one endpoint.
 */
package dev.ocpp.examples.csms;
