package dev.ocpp.v16;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.PayloadDirection;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.ValidationReport;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.ClearCacheRequest;
import dev.ocpp.v16.messages.ClearCacheResponse;
import dev.ocpp.v16.messages.DataTransferRequest;
import dev.ocpp.v16.messages.DataTransferResponse;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationResponse;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.messages.StatusNotificationResponse;
import dev.ocpp.v16.types.ClearCacheStatus;
import dev.ocpp.v16.types.DataTransferStatus;
import dev.ocpp.v16.types.KeyValue;
import dev.ocpp.v16.types.RegistrationStatus;
import dev.ocpp.v16.types.ResetType;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the typed layer does with payloads that break their schema, in each direction, and how the lenient and
 * switched-off validation options change that.
 */
class ValidationBehaviourTest {

    private static final String IDENTITY = "CP-1";
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final String TWENTY_ONE = "ABCDEFGHIJKLMNOPQRSTU";
    /**
     * Raw calls that probe the receiver go out unchecked: the sender's session validates its own calls too (the
     * validation interceptor of its typed handlers), and would keep them off the wire.
     */
    private static final CallOptions UNCHECKED = CallOptions.defaults().withValidation(ValidationOptions.off());

    private final InMemoryNetwork net = new InMemoryNetwork();
    private final List<ValidationReport> csReports = new CopyOnWriteArrayList<>();
    private final List<ValidationReport> cpReports = new CopyOnWriteArrayList<>();
    /** Every text the charge point received, as on the wire. */
    private final List<String> cpReceived = new CopyOnWriteArrayList<>();
    private final List<BootNotificationRequest> boots = new CopyOnWriteArrayList<>();
    private Ocpp16CentralSystem cs;

    @AfterEach
    void stop() {
        if (cs != null) {
            cs.close();
        }
    }

    // ------------------------------------------------------------------ invalid responses

    @Test
    void invalidHandlerResponseIsAnsweredInternalErrorAndReportedAsOutgoingResult() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                        .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                                .withStatus(RegistrationStatus.ACCEPTED).withCurrentTime(NOW)),
                chargePoint());

        ExecutionException e = callFails(() -> toCs.call(boot()).get(5, SECONDS));

        assertThat(e.getCause()).isInstanceOfSatisfying(CallErrorException.class,
                ce -> assertThat(ce.wireCode()).isEqualTo("InternalError"));
        // Reported before the CALLERROR went out, so it is here by the time the caller has its answer.
        assertThat(csReports).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(PayloadDirection.OUTGOING_RESULT);
            assertThat(r.action()).isEqualTo("BootNotification");
            assertThat(r.messageId()).isNotBlank();
            assertThat(r.accepted()).isFalse();
            assertThat(r.violations()).containsExactly(
                    new Violation(Violation.Kind.MISSING, "interval", "required field is missing"));
        });
    }

    @Test
    void invalidCallResultFailsTheCentralSystemsCallAndNoCallErrorGoesBack() throws Exception {
        connect(centralSystem(), chargePoint()
                // The charge point's own check would have replaced the bad response by InternalError.
                .validation(ValidationOptions.builder().outgoingResults(false).build())
                .on(ResetRequest.class, reset -> new ResetResponse())
                .on(ClearCacheRequest.class, clear -> new ClearCacheResponse().withStatus(ClearCacheStatus.ACCEPTED)));

        ExecutionException e = callFails(() -> cs.call(IDENTITY, new ResetRequest().withType(ResetType.SOFT))
                .get(5, SECONDS));

        assertThat(e.getCause()).isInstanceOfSatisfying(PayloadValidationException.class, pve -> {
            assertThat(pve).hasMessageContaining("Reset").hasMessageContaining("status");
            assertThat(pve.report().direction()).isEqualTo(PayloadDirection.INCOMING_RESULT);
            assertThat(pve.violations()).extracting(Violation::kind, Violation::path)
                    .containsExactly(tuple(Violation.Kind.MISSING, "status"));
        });
        assertThat(csReports).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(PayloadDirection.INCOMING_RESULT);
            assertThat(r.accepted()).isFalse();
        });
        // A later exchange on the same connection: once it is answered, anything sent before it has arrived.
        assertThat(cs.call(IDENTITY, new ClearCacheRequest()).get(5, SECONDS).getStatus())
                .isEqualTo(ClearCacheStatus.ACCEPTED);
        assertThat(cpReceived).hasSize(2).allSatisfy(text -> assertThat(text).startsWith("[2,"));
    }

    @Test
    void invalidCallResultFailsTheChargePointsCallWithTheFieldNamed() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                        .validation(ValidationOptions.builder().outgoingResults(false).build())
                        .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                                .withStatus(RegistrationStatus.ACCEPTED).withCurrentTime(NOW)),
                chargePoint());

        ExecutionException e = callFails(() -> toCs.call(boot()).get(5, SECONDS));

        assertThat(e.getCause()).isInstanceOf(PayloadValidationException.class)
                .hasMessageContaining("interval");
        assertThat(cpReports).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(PayloadDirection.INCOMING_RESULT);
            assertThat(r.accepted()).isFalse();
        });
    }

    // ------------------------------------------------------------------ lenient options

    @Test
    void unknownPropertyIsRefusedWithFormationViolationByDefault() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem().on(BootNotificationRequest.class, this::accept),
                chargePoint());

        CallErrorException ce = callError(toCs, "BootNotification", bootWith("vendorExtension", "x"));

        assertThat(ce.wireCode()).isEqualTo("FormationViolation");
        assertThat(ce.description()).contains("vendorExtension");
        assertThat(boots).isEmpty();
        assertThat(csReports).singleElement().satisfies(r -> assertThat(r.accepted()).isFalse());
    }

    @Test
    void unknownPropertyIsToleratedAndReportedWhenTheReceiverAllowsIt() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                        .validation(ValidationOptions.builder().tolerateUnknownProperties(true).build())
                        .on(BootNotificationRequest.class, this::accept),
                chargePoint());

        ObjectNode answer = toCs.session().call("BootNotification", bootWith("vendorExtension", "x"), UNCHECKED)
                .get(5, SECONDS);

        assertThat(answer.path("status").asText()).isEqualTo("Accepted");
        assertThat(boots).singleElement().extracting(BootNotificationRequest::getChargePointVendor)
                .isEqualTo("ACME");
        assertThat(csReports).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isTrue();
            assertThat(r.direction()).isEqualTo(PayloadDirection.INCOMING_CALL);
            assertThat(r.violations()).extracting(Violation::kind, Violation::path).containsExactly(
                    tuple(Violation.Kind.UNKNOWN_PROPERTY, "vendorExtension"));
        });
    }

    @Test
    void overlongStringIsRefusedWithPropertyConstraintViolationByDefault() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem().on(BootNotificationRequest.class, this::accept),
                chargePoint());

        CallErrorException ce = callError(toCs, "BootNotification", bootWith("chargePointVendor", TWENTY_ONE));

        assertThat(ce.wireCode()).isEqualTo("PropertyConstraintViolation");
        assertThat(ce.description()).contains("chargePointVendor");
        assertThat(boots).isEmpty();
    }

    @Test
    void overlongStringReachesTheHandlerWholeWhenTheReceiverToleratesIt() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                        .validation(ValidationOptions.builder().tolerateOverlongStrings(true).build())
                        .on(BootNotificationRequest.class, this::accept),
                chargePoint());

        ObjectNode answer = toCs.session()
                .call("BootNotification", bootWith("chargePointVendor", TWENTY_ONE), UNCHECKED)
                .get(5, SECONDS);

        assertThat(answer.path("status").asText()).isEqualTo("Accepted");
        assertThat(boots).singleElement().extracting(BootNotificationRequest::getChargePointVendor)
                .isEqualTo(TWENTY_ONE);
        assertThat(csReports).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isTrue();
            assertThat(r.violations()).extracting(Violation::kind, Violation::path).containsExactly(
                    tuple(Violation.Kind.TOO_LONG, "chargePointVendor"));
        });
    }

    @Test
    void toleranceCoversOnlyItsOwnKindOfViolation() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                        .validation(ValidationOptions.builder().tolerateUnknownProperties(true)
                                .tolerateOverlongStrings(true).build())
                        .on(BootNotificationRequest.class, this::accept),
                chargePoint());
        ObjectNode payload = bootWith("vendorExtension", "x");
        payload.remove("chargePointModel");

        CallErrorException ce = callError(toCs, "BootNotification", payload);

        assertThat(ce.wireCode()).isEqualTo("OccurenceConstraintViolation");
        assertThat(ce.description()).contains("chargePointModel");
        assertThat(boots).isEmpty();
        // The report still lists the tolerable violation: the listener sees the whole payload's faults.
        assertThat(csReports).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isFalse();
            assertThat(r.violations()).extracting(Violation::kind)
                    .containsExactlyInAnyOrder(Violation.Kind.MISSING, Violation.Kind.UNKNOWN_PROPERTY);
        });
    }

    @Test
    void overlongStringInAnIncomingResultIsToleratedWhenTheCallerAllowsIt() throws Exception {
        String longKey = "K".repeat(51);
        connect(centralSystem()
                        .validation(ValidationOptions.builder().tolerateOverlongStrings(true).build()),
                chargePoint()
                        .validation(ValidationOptions.builder().outgoingResults(false).build())
                        .on(GetConfigurationRequest.class, get -> new GetConfigurationResponse()
                                .withConfigurationKey(List.of(new KeyValue().withKey(longKey).withReadonly(true)))));

        GetConfigurationResponse answer = cs.call(IDENTITY, new GetConfigurationRequest()).get(5, SECONDS);

        assertThat(answer.getConfigurationKey()).singleElement().extracting(KeyValue::getKey).isEqualTo(longKey);
        assertThat(csReports).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(PayloadDirection.INCOMING_RESULT);
            assertThat(r.accepted()).isTrue();
            assertThat(r.violations()).extracting(Violation::path).containsExactly("configurationKey[0].key");
        });
    }

    @Test
    void toleranceNeverAppliesToWhatWeSend() throws Exception {
        AtomicInteger transfers = new AtomicInteger();
        connect(centralSystem()
                        .validation(ValidationOptions.builder().tolerateOverlongStrings(true)
                                .tolerateUnknownProperties(true).build()),
                chargePoint().on(DataTransferRequest.class, dt -> {
                    transfers.incrementAndGet();
                    return new DataTransferResponse().withStatus(DataTransferStatus.ACCEPTED);
                }));

        ExecutionException e = callFails(() -> cs.call(IDENTITY,
                new DataTransferRequest().withVendorId("com.example").withMessageId("M".repeat(51))).get(5, SECONDS));

        assertThat(e.getCause()).isInstanceOfSatisfying(PayloadValidationException.class, pve -> {
            assertThat(pve.report().direction()).isEqualTo(PayloadDirection.OUTGOING_CALL);
            assertThat(pve).hasMessageContaining("messageId");
        });
        // Only the valid one of two calls ever reaches the charge point.
        assertThat(cs.call(IDENTITY, new DataTransferRequest().withVendorId("com.example")).get(5, SECONDS)
                .getStatus()).isEqualTo(DataTransferStatus.ACCEPTED);
        assertThat(transfers).hasValue(1);
    }

    // ------------------------------------------------------------------ date-times only the binder refuses

    @Test
    void dateTimeThatPassesTheValidatorButNotTheBinderIsTypeConstraintViolation() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Ocpp16CentralSystemSession toCs = connect(centralSystem().on(StatusNotificationRequest.class, sn -> {
            handled.incrementAndGet();
            return new StatusNotificationResponse();
        }), chargePoint());
        // A leap second is valid RFC 3339 and the validator takes it, but OffsetDateTime cannot hold it; the peer
        // must hear the code of a malformed date-time either way.
        ObjectNode payload = statusNotificationAt("2016-12-31T23:59:60Z");
        assertThat(Ocpp16Validation.validator().validate("StatusNotification", true, payload)).isEmpty();

        CallErrorException ce = callError(toCs, "StatusNotification", payload);

        assertThat(ce.wireCode()).isEqualTo("TypeConstraintViolation");
        assertThat(ce.description()).startsWith("timestamp");
        assertThat(handled).hasValue(0);
    }

    @Test
    void dateTimeWithASpaceForTheTIsAcceptedAsRfc3339Allows() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.OffsetDateTime> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        Ocpp16CentralSystemSession toCs = connect(centralSystem().on(StatusNotificationRequest.class, sn -> {
            seen.set(sn.getTimestamp());
            return new StatusNotificationResponse();
        }), chargePoint());

        toCs.session().call("StatusNotification", statusNotificationAt("2026-11-21 10:00:00+01:00"))
                .get(5, SECONDS);

        assertThat(seen.get()).isEqualTo(java.time.OffsetDateTime.parse("2026-11-21T10:00:00+01:00"));
    }

    @Test
    void malformedDateTimeIsTypeConstraintViolationEvenWithValidationOff() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                .validation(ValidationOptions.off())
                .on(StatusNotificationRequest.class, sn -> new StatusNotificationResponse()), chargePoint());

        CallErrorException ce = callError(toCs, "StatusNotification", statusNotificationAt("now"));

        assertThat(ce.wireCode()).isEqualTo("TypeConstraintViolation");
        assertThat(ce.description()).startsWith("timestamp");
    }

    // ------------------------------------------------------------------ validation off

    @Test
    void validationOffLetsAnInvalidRequestReachTheHandler() throws Exception {
        Ocpp16CentralSystemSession toCs = connect(centralSystem()
                        .validation(ValidationOptions.off())
                        .on(BootNotificationRequest.class, this::accept),
                chargePoint());
        ObjectNode payload = bootWith("chargePointVendor", TWENTY_ONE);
        payload.remove("chargePointModel");
        payload.put("vendorExtension", "x");

        ObjectNode answer = toCs.session().call("BootNotification", payload, UNCHECKED).get(5, SECONDS);

        assertThat(answer.path("status").asText()).isEqualTo("Accepted");
        assertThat(boots).singleElement().satisfies(b -> {
            assertThat(b.getChargePointVendor()).isEqualTo(TWENTY_ONE);
            assertThat(b.getChargePointModel()).isNull();
        });
        assertThat(csReports).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private BootNotificationResponse accept(BootNotificationRequest boot) {
        boots.add(boot);
        return new BootNotificationResponse().withStatus(RegistrationStatus.ACCEPTED).withCurrentTime(NOW)
                .withInterval(300);
    }

    private static BootNotificationRequest boot() {
        return new BootNotificationRequest().withChargePointVendor("ACME").withChargePointModel("W1");
    }

    /** A valid BootNotification with {@code field} set (or added) to {@code value}. */
    private static ObjectNode bootWith(String field, String value) {
        ObjectNode payload = OcppJson.mapper().valueToTree(boot());
        payload.put(field, value);
        return payload;
    }

    private static ObjectNode statusNotificationAt(String timestamp) {
        ObjectNode payload = OcppJson.mapper().createObjectNode();
        payload.put("connectorId", 1).put("errorCode", "NoError").put("status", "Available")
                .put("timestamp", timestamp);
        return payload;
    }

    private Ocpp16CentralSystem.Builder centralSystem() {
        return Ocpp16CentralSystem.builder(net.serverTransport()).port(0).path("/ocpp")
                .sessionConfig(SessionConfig.builder().listener(reportsTo(csReports)).build());
    }

    private Ocpp16ChargePoint.Builder chargePoint() {
        return Ocpp16ChargePoint.builder(net.clientTransport()).identity(IDENTITY)
                .sessionConfig(SessionConfig.builder().listener(reportsTo(cpReports))
                        .frameListener((session, direction, text) -> {
                            if (direction == FrameListener.Direction.IN) {
                                cpReceived.add(text);
                            }
                        }).build());
    }

    private Ocpp16CentralSystemSession connect(Ocpp16CentralSystem.Builder csb, Ocpp16ChargePoint.Builder cpb)
            throws Exception {
        cs = csb.build().start();
        return cpb.endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).build().connect().get(5, SECONDS);
    }

    private static OcppEventListener reportsTo(List<ValidationReport> reports) {
        return new OcppEventListener() {
            @Override
            public void payloadViolations(OcppSession session, ValidationReport report) {
                reports.add(report);
            }
        };
    }

    private static CallErrorException callError(Ocpp16CentralSystemSession toCs, String action, ObjectNode payload) {
        ExecutionException e = callFails(() -> toCs.session().call(action, payload, UNCHECKED).get(5, SECONDS));
        assertThat(e.getCause()).isInstanceOf(CallErrorException.class);
        return (CallErrorException) e.getCause();
    }

    private static ExecutionException callFails(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(ExecutionException.class);
        return (ExecutionException) t;
    }
}
