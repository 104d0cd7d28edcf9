package dev.ocpp.v16;

import java.util.Objects;

/**
 * One OCPP 1.6J action: its wire name, the generated classes of its request and response, who may send it, and its
 * feature profile. The complete list is {@link Ocpp16Actions#all()}.
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
public record Ocpp16Action<Q extends Ocpp16Request<R>, R extends Ocpp16Response>(
        String name, Class<Q> requestType, Class<R> responseType, Direction direction, FeatureProfile profile) {

    public Ocpp16Action {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(responseType, "responseType");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(profile, "profile");
    }

    /** Whether a charge point may send this action's request. */
    public boolean sentByChargePoint() {
        return direction != Direction.CENTRAL_SYSTEM_TO_CHARGE_POINT;
    }

    /** Whether a central system may send this action's request. */
    public boolean sentByCentralSystem() {
        return direction != Direction.CHARGE_POINT_TO_CENTRAL_SYSTEM;
    }

    /** Who initiates an action (OCPP 1.6 edition 2 §3.3; DataTransfer goes both ways, §4.3 and §5.6). */
    public enum Direction {
        CHARGE_POINT_TO_CENTRAL_SYSTEM,
        CENTRAL_SYSTEM_TO_CHARGE_POINT,
        BOTH
    }
}
