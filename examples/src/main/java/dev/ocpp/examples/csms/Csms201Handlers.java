package dev.ocpp.examples.csms;

import dev.ocpp.core.Handlers;
import dev.ocpp.v201.Ocpp201BootGating;
import dev.ocpp.v201.Ocpp201CsmsHandlers;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.AuthorizeResponse;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.ClearedChargingLimitRequest;
import dev.ocpp.v201.messages.ClearedChargingLimitResponse;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.messages.DataTransferResponse;
import dev.ocpp.v201.messages.FirmwareStatusNotificationRequest;
import dev.ocpp.v201.messages.FirmwareStatusNotificationResponse;
import dev.ocpp.v201.messages.Get15118EVCertificateRequest;
import dev.ocpp.v201.messages.Get15118EVCertificateResponse;
import dev.ocpp.v201.messages.GetCertificateStatusRequest;
import dev.ocpp.v201.messages.GetCertificateStatusResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.LogStatusNotificationRequest;
import dev.ocpp.v201.messages.LogStatusNotificationResponse;
import dev.ocpp.v201.messages.MeterValuesRequest;
import dev.ocpp.v201.messages.MeterValuesResponse;
import dev.ocpp.v201.messages.NotifyChargingLimitRequest;
import dev.ocpp.v201.messages.NotifyChargingLimitResponse;
import dev.ocpp.v201.messages.NotifyCustomerInformationRequest;
import dev.ocpp.v201.messages.NotifyCustomerInformationResponse;
import dev.ocpp.v201.messages.NotifyDisplayMessagesRequest;
import dev.ocpp.v201.messages.NotifyDisplayMessagesResponse;
import dev.ocpp.v201.messages.NotifyEVChargingNeedsRequest;
import dev.ocpp.v201.messages.NotifyEVChargingNeedsResponse;
import dev.ocpp.v201.messages.NotifyEVChargingScheduleRequest;
import dev.ocpp.v201.messages.NotifyEVChargingScheduleResponse;
import dev.ocpp.v201.messages.NotifyEventRequest;
import dev.ocpp.v201.messages.NotifyEventResponse;
import dev.ocpp.v201.messages.NotifyMonitoringReportRequest;
import dev.ocpp.v201.messages.NotifyMonitoringReportResponse;
import dev.ocpp.v201.messages.NotifyReportRequest;
import dev.ocpp.v201.messages.NotifyReportResponse;
import dev.ocpp.v201.messages.PublishFirmwareStatusNotificationRequest;
import dev.ocpp.v201.messages.PublishFirmwareStatusNotificationResponse;
import dev.ocpp.v201.messages.ReportChargingProfilesRequest;
import dev.ocpp.v201.messages.ReportChargingProfilesResponse;
import dev.ocpp.v201.messages.ReservationStatusUpdateRequest;
import dev.ocpp.v201.messages.ReservationStatusUpdateResponse;
import dev.ocpp.v201.messages.SecurityEventNotificationRequest;
import dev.ocpp.v201.messages.SecurityEventNotificationResponse;
import dev.ocpp.v201.messages.SignCertificateRequest;
import dev.ocpp.v201.messages.SignCertificateResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.StatusNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.DataTransferStatusEnum;
import dev.ocpp.v201.types.GenericStatusEnum;
import dev.ocpp.v201.types.GetCertificateStatusEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.Iso15118EVCertificateStatusEnum;
import dev.ocpp.v201.types.NotifyEVChargingNeedsStatusEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.StatusInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The example CSMS's OCPP 2.0.1 answers: every one of the 24 actions a charging station sends, and DataTransfer,
 * gets a schema-valid, typed response, so that any station can boot, authorize and run transactions against it.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>action</th><th>answer</th></tr>
 *   <tr><td>BootNotification</td><td>Accepted, the current time and the configured heartbeat interval</td></tr>
 *   <tr><td>Heartbeat</td><td>the current time</td></tr>
 *   <tr><td>Authorize</td><td>idTokenInfo Accepted, whatever the idToken</td></tr>
 *   <tr><td>TransactionEvent</td><td>idTokenInfo Accepted when the event carries an idToken, else empty</td></tr>
 *   <tr><td>DataTransfer, NotifyEVChargingSchedule</td><td>Accepted</td></tr>
 *   <tr><td>SignCertificate, NotifyEVChargingNeeds</td><td>Rejected</td></tr>
 *   <tr><td>Get15118EVCertificate, GetCertificateStatus</td><td>Failed</td></tr>
 *   <tr><td>StatusNotification, MeterValues and the other notifications and reports</td><td>the empty answer
 *       their schemas define</td></tr>
 * </table>
 *
 * <p>Requests and responses are checked against their schemas by the typed layer: a station that sends an invalid
 * request gets the 2.0.1 CALLERROR for it (e.g. OccurrenceConstraintViolation) without any code here. With boot
 * gating, a station's calls before its BootNotification was Accepted get SecurityError and reach no handler.
 */
public final class Csms201Handlers {

    private Csms201Handlers() {
    }

    /**
     * A new handler set.
     *
     * @param heartbeatInterval returned in BootNotification, whole seconds (at least 1)
     * @param gating            boot gating shared with the CSMS's own calls to its stations; {@code null} for none
     */
    public static Handlers create(Duration heartbeatInterval, Clock clock, Ocpp201BootGating gating) {
        int interval = (int) Math.min(Integer.MAX_VALUE, Math.max(1, heartbeatInterval.toSeconds()));
        Ocpp201CsmsHandlers.Builder b = Ocpp201CsmsHandlers.builder()
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withCurrentTime(now(clock))
                        .withInterval(interval)
                        .withStatus(RegistrationStatusEnum.ACCEPTED))
                .on(HeartbeatRequest.class, heartbeat -> new HeartbeatResponse().withCurrentTime(now(clock)))
                .on(StatusNotificationRequest.class, status -> new StatusNotificationResponse())
                .on(AuthorizeRequest.class, authorize -> new AuthorizeResponse().withIdTokenInfo(accepted()))
                // idTokenInfo is required when the event carries an idToken, and would say nothing otherwise.
                .on(TransactionEventRequest.class, event -> new TransactionEventResponse()
                        .withIdTokenInfo(event.getIdToken() == null ? null : accepted()))
                .on(MeterValuesRequest.class, meterValues -> new MeterValuesResponse())
                .on(DataTransferRequest.class, data -> new DataTransferResponse()
                        .withStatus(DataTransferStatusEnum.ACCEPTED))
                // Accepting would promise a CertificateSigned later, which a CSMS without a CA cannot keep.
                .on(SignCertificateRequest.class, csr -> new SignCertificateResponse()
                        .withStatus(GenericStatusEnum.REJECTED)
                        .withStatusInfo(new StatusInfo().withReasonCode("NoCA")))
                // Accepted would promise a charging schedule "momentarily" (K15); the example does no smart charging.
                .on(NotifyEVChargingNeedsRequest.class, needs -> new NotifyEVChargingNeedsResponse()
                        .withStatus(NotifyEVChargingNeedsStatusEnum.REJECTED))
                .on(NotifyEVChargingScheduleRequest.class, schedule -> new NotifyEVChargingScheduleResponse()
                        .withStatus(GenericStatusEnum.ACCEPTED))
                // Without a contract-certificate or OCSP service there is nothing to forward the request to.
                .on(Get15118EVCertificateRequest.class, get -> new Get15118EVCertificateResponse()
                        .withStatus(Iso15118EVCertificateStatusEnum.FAILED)
                        .withExiResponse(""))
                .on(GetCertificateStatusRequest.class, get -> new GetCertificateStatusResponse()
                        .withStatus(GetCertificateStatusEnum.FAILED))
                .on(NotifyReportRequest.class, n -> new NotifyReportResponse())
                .on(SecurityEventNotificationRequest.class, n -> new SecurityEventNotificationResponse())
                .on(ReservationStatusUpdateRequest.class, n -> new ReservationStatusUpdateResponse())
                .on(ReportChargingProfilesRequest.class, n -> new ReportChargingProfilesResponse())
                .on(NotifyChargingLimitRequest.class, n -> new NotifyChargingLimitResponse())
                .on(ClearedChargingLimitRequest.class, n -> new ClearedChargingLimitResponse())
                .on(FirmwareStatusNotificationRequest.class, n -> new FirmwareStatusNotificationResponse())
                .on(PublishFirmwareStatusNotificationRequest.class,
                        n -> new PublishFirmwareStatusNotificationResponse())
                .on(LogStatusNotificationRequest.class, n -> new LogStatusNotificationResponse())
                .on(NotifyMonitoringReportRequest.class, n -> new NotifyMonitoringReportResponse())
                .on(NotifyEventRequest.class, n -> new NotifyEventResponse())
                .on(NotifyCustomerInformationRequest.class, n -> new NotifyCustomerInformationResponse())
                .on(NotifyDisplayMessagesRequest.class, n -> new NotifyDisplayMessagesResponse());
        if (gating != null) {
            b.bootGating(gating);
        }
        return b.build();
    }

    private static IdTokenInfo accepted() {
        return new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED);
    }

    /** Milliseconds only, since some stations reject finer fractions. */
    private static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
