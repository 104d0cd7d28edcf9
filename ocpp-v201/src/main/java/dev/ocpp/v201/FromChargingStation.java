package dev.ocpp.v201;

/**
 * A request the charging station sends and the CSMS answers. A CSMS registers handlers for these; a charging
 * station calls them (OCPP 2.0.1 Part 2; the 24 station-initiated messages and DataTransfer).
 *
 * @param <R> the response payload type
 */
public interface FromChargingStation<R extends Ocpp201Response> extends Ocpp201Request<R> {
}
