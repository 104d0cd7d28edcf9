package dev.ocpp.v16;

/**
 * A request the central system sends and the charge point answers (central-system-initiated, OCPP 1.6 edition 2
 * §3.3). A charge point registers handlers for these; a central system calls them.
 *
 * @param <R> the response payload type
 */
public interface FromCentralSystem<R extends Ocpp16Response> extends Ocpp16Request<R> {
}
