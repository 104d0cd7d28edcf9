package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.Role;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import dev.ocpp.v201.Ocpp201Actions;
import dev.ocpp.v201.Ocpp201Validation;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link VersionKit} of each version, as one class filled from that version module's action table, validation
 * and the testkit's default answers: the version modules describe their actions alike, so nothing here differs by
 * version but the data.
 */
final class TableKit implements VersionKit {

    static final TableKit OCPP16 = new TableKit(OcppVersion.OCPP16, Ocpp16Actions.CATALOG,
            Ocpp16Actions.all().stream().map(a -> new ActionInfo(a.name(), a.requestType(), a.responseType(),
                    a.sentByChargePoint(), a.sentByCentralSystem())).toList(),
            Ocpp16Validation::interceptor, Ocpp16Validation.validator(),
            // The CSMS's defaults keep the transaction ids they handed out, so each simulator gets its own.
            () -> new CsmsDefaults16()::answer, StationDefaults16::new);

    static final TableKit OCPP201 = new TableKit(OcppVersion.OCPP201, Ocpp201Actions.CATALOG,
            Ocpp201Actions.all().stream().map(a -> new ActionInfo(a.name(), a.requestType(), a.responseType(),
                    a.sentByChargingStation(), a.sentByCsms())).toList(),
            Ocpp201Validation::interceptor, Ocpp201Validation.validator(),
            () -> CsmsDefaults201::answer, StationDefaults201::new);

    private final OcppVersion version;
    private final ActionCatalog catalog;
    private final List<ActionInfo> actions;
    private final Map<String, ActionInfo> byName;
    private final Map<Class<?>, ActionInfo> byRequest;
    private final Function<ValidationOptions, CallInterceptor> validation;
    private final JsonSchemaValidator validator;
    private final Supplier<DefaultAnswers> csmsDefaults;
    private final Supplier<DefaultAnswers> stationDefaults;

    private TableKit(OcppVersion version, ActionCatalog catalog, List<ActionInfo> actions,
            Function<ValidationOptions, CallInterceptor> validation, JsonSchemaValidator validator,
            Supplier<DefaultAnswers> csmsDefaults, Supplier<DefaultAnswers> stationDefaults) {
        this.version = version;
        this.catalog = catalog;
        this.actions = List.copyOf(actions);
        this.byName = this.actions.stream()
                .collect(Collectors.toUnmodifiableMap(ActionInfo::name, Function.identity()));
        this.byRequest = this.actions.stream()
                .collect(Collectors.toUnmodifiableMap(ActionInfo::requestType, Function.identity()));
        this.validation = validation;
        this.validator = validator;
        this.csmsDefaults = csmsDefaults;
        this.stationDefaults = stationDefaults;
    }

    @Override
    public OcppVersion version() {
        return version;
    }

    @Override
    public ActionCatalog catalog() {
        return catalog;
    }

    @Override
    public List<ActionInfo> actions() {
        return actions;
    }

    @Override
    public Optional<ActionInfo> action(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<ActionInfo> actionOf(Class<?> requestType) {
        return Optional.ofNullable(byRequest.get(requestType));
    }

    @Override
    public CallInterceptor validation(ValidationOptions options) {
        return validation.apply(options);
    }

    @Override
    public JsonSchemaValidator validator() {
        return validator;
    }

    @Override
    public ObjectNode defaultAnswer(Role answerer, String action, ObjectNode request, Clock clock) {
        // As a fresh simulator would answer.
        return defaults(answerer).answer(action, request, clock);
    }

    @Override
    public DefaultAnswers defaults(Role answerer) {
        return answerer == Role.CSMS ? csmsDefaults.get() : stationDefaults.get();
    }
}
