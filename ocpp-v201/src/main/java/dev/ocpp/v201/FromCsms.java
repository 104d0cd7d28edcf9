package dev.ocpp.v201;

/**
 * A request the CSMS sends and the charging station answers. A charging station registers handlers for these; a
 * CSMS calls them (OCPP 2.0.1 Part 2; the 39 CSMS-initiated messages and DataTransfer).
 *
 * @param <R> the response payload type
 */
public interface FromCsms<R extends Ocpp201Response> extends Ocpp201Request<R> {
}
