package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.Role;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What the simulators need to know of one OCPP version, so that they are written once for every version: its
 * actions and who sends them, its validation, and the default answer each role gives to each action it may
 * receive. Everything else in the testkit is version-neutral.
 */
public interface VersionKit {

    /** One action of the version. */
    record ActionInfo(String name, Class<?> requestType, Class<?> responseType, boolean sentByStation,
            boolean sentByCsms) {

        /** Whether {@code role} may send this action's CALL. */
        public boolean sentBy(Role role) {
            return role == Role.STATION ? sentByStation : sentByCsms;
        }
    }

    OcppVersion version();

    ActionCatalog catalog();

    List<ActionInfo> actions();

    Optional<ActionInfo> action(String name);

    Optional<ActionInfo> actionOf(Class<?> requestType);

    /** The version's schema validation interceptor. */
    CallInterceptor validation(ValidationOptions options);

    JsonSchemaValidator validator();

    /**
     * The answer {@code answerer} gives by default to a CALL of {@code action} with {@code request}: a
     * schema-valid, plausible CALLRESULT payload (Accepted where the action has a status). {@code clock} gives
     * the time for fields such as {@code currentTime}.
     */
    ObjectNode defaultAnswer(Role answerer, String action, ObjectNode request, Clock clock);

    /**
     * The default answers of one simulator playing {@code answerer}, made once per simulator so that a default may
     * depend on what that simulator answered before (the CSMS of OCPP 1.6 hands out a new StartTransaction
     * {@code transactionId} each time, §4.8; a station's follow what the CSMS set, see {@link StationDefaults}).
     * {@link #defaultAnswer} answers as a fresh one would.
     */
    default DefaultAnswers defaults(Role answerer) {
        return (action, request, clock) -> defaultAnswer(answerer, action, request, clock);
    }

    /** The default answers of one simulator; see {@link VersionKit#defaults}. Thread-safe. */
    @FunctionalInterface
    interface DefaultAnswers {
        /** As {@link VersionKit#defaultAnswer}, for this simulator. */
        ObjectNode answer(String action, ObjectNode request, Clock clock);
    }

    /** The kit of {@code version}. */
    static VersionKit of(OcppVersion version) {
        return switch (version) {
            case OCPP16 -> TableKit.OCPP16;
            case OCPP201 -> TableKit.OCPP201;
            default -> throw new IllegalArgumentException("the testkit does not simulate " + version + " yet");
        };
    }
}
