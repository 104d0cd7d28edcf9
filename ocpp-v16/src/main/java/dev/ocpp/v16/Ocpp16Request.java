package dev.ocpp.v16;

/**
 * A request payload of OCPP 1.6J whose answer is a {@code R}. Implemented by the generated request classes only,
 * through {@link FromChargePoint} or {@link FromCentralSystem}, which say who may send it (OCPP 1.6 edition 2
 * §3.3, security extension §5).
 *
 * @param <R> the response payload type
 */
public interface Ocpp16Request<R extends Ocpp16Response> {
}
