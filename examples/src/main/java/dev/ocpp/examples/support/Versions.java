package dev.ocpp.examples.support;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v201.Ocpp201Actions;
import java.util.List;

/** The protocol versions the examples speak, and their action catalogs. */
public final class Versions {

    /** What the examples support: the two versions that have complete action catalogs. */
    public static final List<OcppVersion> SUPPORTED = List.of(OcppVersion.OCPP16, OcppVersion.OCPP201);

    private Versions() {
    }

    /** The catalog of {@code version}, which decides NotSupported versus NotImplemented. */
    public static ActionCatalog catalog(OcppVersion version) {
        switch (version) {
            case OCPP16:
                return Ocpp16Actions.CATALOG;
            case OCPP201:
                return Ocpp201Actions.CATALOG;
            default:
                throw new IllegalArgumentException("The examples do not speak " + version);
        }
    }

    /** The version a subprotocol token names, e.g. {@code ocpp1.6}. */
    public static OcppVersion parse(String subprotocol) {
        String token = subprotocol.trim();
        return OcppVersion.fromSubprotocol(token).filter(SUPPORTED::contains).orElseThrow(() ->
                new IllegalArgumentException("Unsupported protocol '" + token + "'; expected one of "
                        + SUPPORTED));
    }
}
