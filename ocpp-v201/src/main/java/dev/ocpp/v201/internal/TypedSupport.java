package dev.ocpp.v201.internal;

import dev.ocpp.core.internal.typed.TypedBinding;
import dev.ocpp.v201.Ocpp201Action;
import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201Validation;

/** The 2.0.1 registry and schemas as the version-neutral typed wiring sees them. */
public final class TypedSupport {

    public static final TypedBinding BINDING = new TypedBinding("OCPP 2.0.1", "charging station", "CSMS",
            Ocpp201Actions.CATALOG, type -> Ocpp201Actions.byRequestType(type).map(TypedSupport::neutral),
            Ocpp201Validation.validator(), Ocpp201Validation::errorCode);

    private TypedSupport() {
    }

    private static TypedBinding.Action neutral(Ocpp201Action<?, ?> a) {
        return new TypedBinding.Action(a.name(), a.requestType(), a.responseType(), a.sentByChargingStation(),
                a.sentByCsms());
    }
}
