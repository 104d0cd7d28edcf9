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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@link VersionKit} of OCPP 1.6: a view of {@link Ocpp16Actions} and {@link Ocpp16Validation}. */
final class V16Kit implements VersionKit {

    static final V16Kit INSTANCE = new V16Kit();

    private final List<ActionInfo> actions = Ocpp16Actions.all().stream()
            .map(a -> new ActionInfo(a.name(), a.requestType(), a.responseType(), a.sentByChargePoint(), a.sentByCentralSystem()))
            .toList();
    private final Map<String, ActionInfo> byName = actions.stream()
            .collect(Collectors.toUnmodifiableMap(ActionInfo::name, Function.identity()));
    private final Map<Class<?>, ActionInfo> byRequest = actions.stream()
            .collect(Collectors.toUnmodifiableMap(ActionInfo::requestType, Function.identity()));

    private V16Kit() {
    }

    @Override
    public OcppVersion version() {
        return OcppVersion.OCPP16;
    }

    @Override
    public ActionCatalog catalog() {
        return Ocpp16Actions.CATALOG;
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
        return Ocpp16Validation.interceptor(options);
    }

    @Override
    public JsonSchemaValidator validator() {
        return Ocpp16Validation.validator();
    }

    @Override
    public ObjectNode defaultAnswer(Role answerer, String action, ObjectNode request, Clock clock) {
        return answerer == Role.CSMS
                ? new CsmsDefaults16().answer(action, request, clock)
                : StationDefaults16.answer(action, request, clock);
    }

    @Override
    public DefaultAnswers defaults(Role answerer) {
        // The CSMS's defaults keep the transaction ids they handed out; the station's have no state.
        return answerer == Role.CSMS ? new CsmsDefaults16()::answer : VersionKit.super.defaults(answerer);
    }
}
