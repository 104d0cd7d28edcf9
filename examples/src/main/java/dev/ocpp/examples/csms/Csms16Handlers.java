package dev.ocpp.examples.csms;

import dev.ocpp.core.Handlers;
import dev.ocpp.v16.Ocpp16CentralSystemHandlers;
import dev.ocpp.v16.messages.AuthorizeRequest;
import dev.ocpp.v16.messages.AuthorizeResponse;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.DataTransferRequest;
import dev.ocpp.v16.messages.DataTransferResponse;
import dev.ocpp.v16.messages.DiagnosticsStatusNotificationRequest;
import dev.ocpp.v16.messages.DiagnosticsStatusNotificationResponse;
import dev.ocpp.v16.messages.FirmwareStatusNotificationRequest;
import dev.ocpp.v16.messages.FirmwareStatusNotificationResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.messages.LogStatusNotificationRequest;
import dev.ocpp.v16.messages.LogStatusNotificationResponse;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.MeterValuesResponse;
import dev.ocpp.v16.messages.SecurityEventNotificationRequest;
import dev.ocpp.v16.messages.SecurityEventNotificationResponse;
import dev.ocpp.v16.messages.SignCertificateRequest;
import dev.ocpp.v16.messages.SignCertificateResponse;
import dev.ocpp.v16.messages.SignedFirmwareStatusNotificationRequest;
import dev.ocpp.v16.messages.SignedFirmwareStatusNotificationResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.messages.StatusNotificationResponse;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.DataTransferStatus;
import dev.ocpp.v16.types.GenericStatus;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v16.types.RegistrationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example CSMS's OCPP 1.6 answers: every one of the 14 actions a charge point sends gets a schema-valid, typed
 * response, so that any charge point can boot, authorize and run transactions against it.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>action</th><th>answer</th></tr>
 *   <tr><td>BootNotification</td><td>Accepted, the current time and the configured heartbeat interval</td></tr>
 *   <tr><td>Heartbeat</td><td>the current time</td></tr>
 *   <tr><td>Authorize, StopTransaction</td><td>idTagInfo Accepted, whatever the idTag</td></tr>
 *   <tr><td>StartTransaction</td><td>idTagInfo Accepted and a fresh transaction id (1, 2, ...)</td></tr>
 *   <tr><td>DataTransfer</td><td>Accepted, whatever the vendor</td></tr>
 *   <tr><td>SignCertificate</td><td>Rejected</td></tr>
 *   <tr><td>the notifications and MeterValues</td><td>the empty confirmation their schemas define</td></tr>
 * </table>
 *
 * <p>Requests and responses are checked against their schemas by the typed layer: a charge point that sends an
 * invalid request gets the 1.6 CALLERROR for it (e.g. OccurenceConstraintViolation) without any code here.
 */
public final class Csms16Handlers {

    private Csms16Handlers() {
    }

    /**
     * A new handler set with its own transaction counter. Serve one set per server: transaction ids must be unique
     * across the charge points of a central system, since StopTransaction and MeterValues name only the id.
     *
     * @param heartbeatInterval returned in BootNotification, whole seconds (at least 1)
     */
    public static Handlers create(Duration heartbeatInterval, Clock clock) {
        int interval = (int) Math.min(Integer.MAX_VALUE, Math.max(1, heartbeatInterval.toSeconds()));
        AtomicInteger transactionIds = new AtomicInteger();
        return Ocpp16CentralSystemHandlers.builder()
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatus.ACCEPTED)
                        .withCurrentTime(now(clock))
                        .withInterval(interval))
                .on(HeartbeatRequest.class, heartbeat -> new HeartbeatResponse().withCurrentTime(now(clock)))
                .on(StatusNotificationRequest.class, status -> new StatusNotificationResponse())
                .on(AuthorizeRequest.class, authorize -> new AuthorizeResponse().withIdTagInfo(accepted()))
                .on(StartTransactionRequest.class, start -> new StartTransactionResponse()
                        .withIdTagInfo(accepted())
                        .withTransactionId(transactionIds.incrementAndGet()))
                .on(MeterValuesRequest.class, meterValues -> new MeterValuesResponse())
                .on(StopTransactionRequest.class, stop -> new StopTransactionResponse().withIdTagInfo(accepted()))
                .on(DataTransferRequest.class, data -> new DataTransferResponse()
                        .withStatus(DataTransferStatus.ACCEPTED))
                .on(DiagnosticsStatusNotificationRequest.class, n -> new DiagnosticsStatusNotificationResponse())
                .on(FirmwareStatusNotificationRequest.class, n -> new FirmwareStatusNotificationResponse())
                .on(LogStatusNotificationRequest.class, n -> new LogStatusNotificationResponse())
                .on(SecurityEventNotificationRequest.class, n -> new SecurityEventNotificationResponse())
                .on(SignedFirmwareStatusNotificationRequest.class,
                        n -> new SignedFirmwareStatusNotificationResponse())
                // Accepting would promise a CertificateSigned later, which a CSMS without a CA cannot keep.
                .on(SignCertificateRequest.class, csr -> new SignCertificateResponse()
                        .withStatus(GenericStatus.REJECTED))
                .build();
    }

    private static IdTagInfo accepted() {
        return new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED);
    }

    /** Milliseconds only, since some charge points reject finer fractions. */
    private static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
