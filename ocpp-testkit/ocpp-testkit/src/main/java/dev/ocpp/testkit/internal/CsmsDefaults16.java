package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.v16.messages.AuthorizeResponse;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.DataTransferResponse;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.messages.SignCertificateResponse;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.DataTransferStatus;
import dev.ocpp.v16.types.GenericStatus;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v16.types.RegistrationStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default answers the CSMS gives to a station-initiated CALL, OCPP 1.6: the answers of a CSMS that knows and
 * accepts everything, so that a station's happy path runs without the test setting anything up.
 *
 * <ul>
 *   <li>BootNotification (§4.2): Accepted, heartbeat interval {@link MockCsms#DEFAULT_HEARTBEAT_INTERVAL} seconds,
 *       {@code currentTime} from the clock.</li>
 *   <li>Heartbeat (§4.6): {@code currentTime} from the clock.</li>
 *   <li>Authorize (§4.1): idTagInfo Accepted.</li>
 *   <li>StartTransaction (§4.8): idTagInfo Accepted and a {@code transactionId} new for this CSMS: 1, 2, 3 ... in
 *       the order the StartTransactions are answered. That is why this class has instances: one per simulator.</li>
 *   <li>StopTransaction (§4.10): idTagInfo Accepted when the request carries an idTag; nothing otherwise (the field
 *       is there to answer the idTag, and a transaction stopped without one has nothing to authorize).</li>
 *   <li>DataTransfer (§4.3): Accepted. A real CSMS that does not know the vendorId SHALL answer UnknownVendorId;
 *       the mock stands for a CSMS that knows every vendor, so that a station's data transfer goes through by
 *       default; a test of the refusal enqueues it.</li>
 *   <li>SignCertificate (security extension §5): Accepted.</li>
 *   <li>Every other station-initiated action (MeterValues, StatusNotification, DiagnosticsStatusNotification,
 *       FirmwareStatusNotification, SecurityEventNotification, LogStatusNotification,
 *       SignedFirmwareStatusNotification): {@code {}}, their confirmations having no field.</li>
 * </ul>
 *
 * Thread-safe.
 */
final class CsmsDefaults16 {

    /** The last transactionId handed out by this CSMS. */
    private final AtomicInteger transactionIds = new AtomicInteger();

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    ObjectNode answer(String action, ObjectNode request, Clock clock) {
        return switch (action) {
            case "BootNotification" -> json(new BootNotificationResponse()
                    .withStatus(RegistrationStatus.ACCEPTED)
                    .withInterval(MockCsms.DEFAULT_HEARTBEAT_INTERVAL)
                    .withCurrentTime(now(clock)));
            case "Heartbeat" -> json(new HeartbeatResponse().withCurrentTime(now(clock)));
            case "Authorize" -> json(new AuthorizeResponse().withIdTagInfo(accepted()));
            case "StartTransaction" -> json(new StartTransactionResponse()
                    .withIdTagInfo(accepted())
                    .withTransactionId(transactionIds.incrementAndGet()));
            case "StopTransaction" -> json(has(request, "idTag")
                    ? new StopTransactionResponse().withIdTagInfo(accepted())
                    : new StopTransactionResponse());
            case "DataTransfer" -> json(new DataTransferResponse().withStatus(DataTransferStatus.ACCEPTED));
            case "SignCertificate" -> json(new SignCertificateResponse().withStatus(GenericStatus.ACCEPTED));
            case "MeterValues", "StatusNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
                    "SecurityEventNotification", "LogStatusNotification", "SignedFirmwareStatusNotification" ->
                    OcppJson.mapper().createObjectNode();
            default -> throw new IllegalArgumentException("a 1.6 CSMS has no default answer to " + action
                    + ": it is not an action a charge point sends");
        };
    }

    private static IdTagInfo accepted() {
        return new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED);
    }

    /** Whether {@code request} has a non-null {@code field}. */
    static boolean has(ObjectNode request, String field) {
        JsonNode value = request == null ? null : request.get(field);
        return value != null && !value.isNull();
    }

    /**
     * The clock's time in UTC, to the millisecond: finer fractions are valid RFC 3339 but add nothing a station
     * could use, and some stations' parsers take at most three digits.
     */
    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    static ObjectNode json(Object response) {
        return OcppJson.mapper().valueToTree(response);
    }
}
