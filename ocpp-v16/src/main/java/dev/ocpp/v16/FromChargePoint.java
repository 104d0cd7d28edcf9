package dev.ocpp.v16;

/**
 * A request the charge point sends and the central system answers (charge-point-initiated, OCPP 1.6 edition 2
 * §3.3). A central system registers handlers for these; a charge point calls them.
 *
 * @param <R> the response payload type
 */
public interface FromChargePoint<R extends Ocpp16Response> extends Ocpp16Request<R> {
}
