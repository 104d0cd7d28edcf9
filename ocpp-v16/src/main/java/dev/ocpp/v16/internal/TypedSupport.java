package dev.ocpp.v16.internal;

import dev.ocpp.core.internal.typed.TypedBinding;
import dev.ocpp.v16.Ocpp16Action;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;

/** The 1.6 registry and schemas as the version-neutral typed wiring sees them. */
public final class TypedSupport {

    public static final TypedBinding BINDING = new TypedBinding("OCPP 1.6", "charge point", "central system",
            Ocpp16Actions.CATALOG, type -> Ocpp16Actions.byRequestType(type).map(TypedSupport::neutral),
            Ocpp16Validation.validator(), Ocpp16Validation::errorCode);

    private TypedSupport() {
    }

    private static TypedBinding.Action neutral(Ocpp16Action<?, ?> a) {
        return new TypedBinding.Action(a.name(), a.requestType(), a.responseType(), a.sentByChargePoint(),
                a.sentByCentralSystem());
    }
}
