package dev.ocpp.testkit.internal;

import static dev.ocpp.testkit.internal.CsmsDefaults16.has;
import static dev.ocpp.testkit.internal.CsmsDefaults16.json;
import static dev.ocpp.testkit.internal.CsmsDefaults16.now;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.v201.messages.AuthorizeResponse;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.DataTransferResponse;
import dev.ocpp.v201.messages.Get15118EVCertificateResponse;
import dev.ocpp.v201.messages.GetCertificateStatusResponse;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.NotifyEVChargingNeedsResponse;
import dev.ocpp.v201.messages.NotifyEVChargingScheduleResponse;
import dev.ocpp.v201.messages.SignCertificateResponse;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.AuthorizeCertificateStatusEnum;
import dev.ocpp.v201.types.DataTransferStatusEnum;
import dev.ocpp.v201.types.GenericStatusEnum;
import dev.ocpp.v201.types.GetCertificateStatusEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.Iso15118EVCertificateStatusEnum;
import dev.ocpp.v201.types.NotifyEVChargingNeedsStatusEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.time.Clock;

/**
 * The default answers the CSMS gives to a station-initiated CALL, OCPP 2.0.1: the answers of a CSMS that knows and
 * accepts everything, so that a station's happy path runs without the test setting anything up. Stateless.
 *
 * <ul>
 *   <li>BootNotification (Part 2 B01): Accepted, heartbeat interval {@link MockCsms#DEFAULT_HEARTBEAT_INTERVAL}
 *       seconds, {@code currentTime} from the clock.</li>
 *   <li>Heartbeat (G02): {@code currentTime} from the clock.</li>
 *   <li>Authorize (C01): idTokenInfo Accepted; with {@code certificateStatus} Accepted as well when the request
 *       carries a contract certificate or its hash data (C07), which is when a CSMS answers one.</li>
 *   <li>TransactionEvent (E01-E15): idTokenInfo Accepted when the request carries an idToken, for the CSMS answers
 *       the idTokenInfo of every idToken it is given; {@code {}} otherwise.</li>
 *   <li>DataTransfer (P02): Accepted. A real CSMS that does not know the vendorId answers UnknownVendorId; the mock
 *       stands for a CSMS that knows every vendor, so that a station's data transfer goes through by default; a
 *       test of the refusal enqueues it.</li>
 *   <li>SignCertificate (A02, A03), NotifyEVChargingNeeds (K15), NotifyEVChargingSchedule (K17): Accepted.</li>
 *   <li>Get15118EVCertificate (M01, M02) and GetCertificateStatus (M06): Failed, with an empty
 *       {@code exiResponse} for the first. The mock has no PKI, and an Accepted would have to come with an EXI
 *       stream or an OCSP response the station would then try to use; a test that needs those enqueues them.</li>
 *   <li>Every other station-initiated action (the Notify* reports and events, StatusNotification, MeterValues,
 *       the status notifications of firmware, logs and reservations, the charging limits and profiles reports,
 *       SecurityEventNotification): {@code {}}, their responses having no required field.</li>
 * </ul>
 */
final class CsmsDefaults201 {

    private CsmsDefaults201() {
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    static ObjectNode answer(String action, ObjectNode request, Clock clock) {
        return switch (action) {
            case "BootNotification" -> json(new BootNotificationResponse()
                    .withStatus(RegistrationStatusEnum.ACCEPTED)
                    .withInterval(MockCsms.DEFAULT_HEARTBEAT_INTERVAL)
                    .withCurrentTime(now(clock)));
            case "Heartbeat" -> json(new HeartbeatResponse().withCurrentTime(now(clock)));
            case "Authorize" -> {
                AuthorizeResponse r = new AuthorizeResponse().withIdTokenInfo(accepted());
                if (has(request, "certificate") || has(request, "iso15118CertificateHashData")) {
                    r.withCertificateStatus(AuthorizeCertificateStatusEnum.ACCEPTED);
                }
                yield json(r);
            }
            case "TransactionEvent" -> json(has(request, "idToken")
                    ? new TransactionEventResponse().withIdTokenInfo(accepted())
                    : new TransactionEventResponse());
            case "DataTransfer" -> json(new DataTransferResponse().withStatus(DataTransferStatusEnum.ACCEPTED));
            case "SignCertificate" -> json(new SignCertificateResponse().withStatus(GenericStatusEnum.ACCEPTED));
            case "NotifyEVChargingNeeds" -> json(new NotifyEVChargingNeedsResponse()
                    .withStatus(NotifyEVChargingNeedsStatusEnum.ACCEPTED));
            case "NotifyEVChargingSchedule" -> json(new NotifyEVChargingScheduleResponse()
                    .withStatus(GenericStatusEnum.ACCEPTED));
            case "Get15118EVCertificate" -> json(new Get15118EVCertificateResponse()
                    .withStatus(Iso15118EVCertificateStatusEnum.FAILED)
                    .withExiResponse(""));
            case "GetCertificateStatus" -> json(new GetCertificateStatusResponse()
                    .withStatus(GetCertificateStatusEnum.FAILED));
            case "SecurityEventNotification", "NotifyReport", "StatusNotification", "ReservationStatusUpdate",
                    "MeterValues", "ReportChargingProfiles", "NotifyChargingLimit", "ClearedChargingLimit",
                    "FirmwareStatusNotification", "PublishFirmwareStatusNotification", "LogStatusNotification",
                    "NotifyMonitoringReport", "NotifyEvent", "NotifyCustomerInformation", "NotifyDisplayMessages" ->
                    OcppJson.mapper().createObjectNode();
            default -> throw new IllegalArgumentException("a 2.0.1 CSMS has no default answer to " + action
                    + ": it is not an action a charging station sends");
        };
    }

    private static IdTokenInfo accepted() {
        return new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED);
    }
}
