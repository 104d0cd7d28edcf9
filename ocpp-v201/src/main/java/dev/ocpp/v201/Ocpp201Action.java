package dev.ocpp.v201;

import java.util.Objects;

/**
 * One OCPP 2.0.1 action: its wire name, the generated classes of its request and response, who may send it, and its
 * functional block. The complete list is {@link Ocpp201Actions#all()}.
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
public record Ocpp201Action<Q extends Ocpp201Request<R>, R extends Ocpp201Response>(
        String name, Class<Q> requestType, Class<R> responseType, Direction direction, FunctionalBlock block) {

    public Ocpp201Action {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(responseType, "responseType");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(block, "block");
    }

    /** Whether a charging station may send this action's request. */
    public boolean sentByChargingStation() {
        return direction != Direction.CSMS_TO_CHARGING_STATION;
    }

    /** Whether a CSMS may send this action's request. */
    public boolean sentByCsms() {
        return direction != Direction.CHARGING_STATION_TO_CSMS;
    }

    /** Who initiates an action (Part 2 message definitions; DataTransfer goes both ways, P01 and P02). */
    public enum Direction {
        CHARGING_STATION_TO_CSMS,
        CSMS_TO_CHARGING_STATION,
        BOTH
    }
}
