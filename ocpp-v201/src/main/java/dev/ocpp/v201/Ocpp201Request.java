package dev.ocpp.v201;

/**
 * A request payload of OCPP 2.0.1 whose answer is a {@code R}. Implemented by the generated request classes only,
 * through {@link FromChargingStation} or {@link FromCsms}, which say who may send it (Part 2, the message
 * definitions of each functional block).
 *
 * @param <R> the response payload type
 */
public interface Ocpp201Request<R extends Ocpp201Response> {
}
