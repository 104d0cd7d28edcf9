package dev.ocpp.examples.station;

import dev.ocpp.core.typed.CallContext;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.CertificateSignedRequest;
import dev.ocpp.v201.messages.CertificateSignedResponse;
import dev.ocpp.v201.messages.ClearCacheRequest;
import dev.ocpp.v201.messages.ClearCacheResponse;
import dev.ocpp.v201.messages.ClearChargingProfileRequest;
import dev.ocpp.v201.messages.ClearChargingProfileResponse;
import dev.ocpp.v201.messages.ClearDisplayMessageRequest;
import dev.ocpp.v201.messages.ClearDisplayMessageResponse;
import dev.ocpp.v201.messages.ClearVariableMonitoringRequest;
import dev.ocpp.v201.messages.ClearVariableMonitoringResponse;
import dev.ocpp.v201.messages.CostUpdatedRequest;
import dev.ocpp.v201.messages.CostUpdatedResponse;
import dev.ocpp.v201.messages.CustomerInformationRequest;
import dev.ocpp.v201.messages.CustomerInformationResponse;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.messages.DataTransferResponse;
import dev.ocpp.v201.messages.GetBaseReportRequest;
import dev.ocpp.v201.messages.GetBaseReportResponse;
import dev.ocpp.v201.messages.GetChargingProfilesRequest;
import dev.ocpp.v201.messages.GetChargingProfilesResponse;
import dev.ocpp.v201.messages.GetCompositeScheduleRequest;
import dev.ocpp.v201.messages.GetCompositeScheduleResponse;
import dev.ocpp.v201.messages.GetDisplayMessagesRequest;
import dev.ocpp.v201.messages.GetDisplayMessagesResponse;
import dev.ocpp.v201.messages.GetLocalListVersionRequest;
import dev.ocpp.v201.messages.GetLocalListVersionResponse;
import dev.ocpp.v201.messages.GetLogRequest;
import dev.ocpp.v201.messages.GetLogResponse;
import dev.ocpp.v201.messages.GetMonitoringReportRequest;
import dev.ocpp.v201.messages.GetMonitoringReportResponse;
import dev.ocpp.v201.messages.GetReportRequest;
import dev.ocpp.v201.messages.GetReportResponse;
import dev.ocpp.v201.messages.LogStatusNotificationRequest;
import dev.ocpp.v201.messages.NotifyCustomerInformationRequest;
import dev.ocpp.v201.messages.NotifyDisplayMessagesRequest;
import dev.ocpp.v201.messages.NotifyReportRequest;
import dev.ocpp.v201.messages.PublishFirmwareRequest;
import dev.ocpp.v201.messages.PublishFirmwareResponse;
import dev.ocpp.v201.messages.ReportChargingProfilesRequest;
import dev.ocpp.v201.messages.SecurityEventNotificationRequest;
import dev.ocpp.v201.messages.SendLocalListRequest;
import dev.ocpp.v201.messages.SendLocalListResponse;
import dev.ocpp.v201.messages.SetChargingProfileRequest;
import dev.ocpp.v201.messages.SetChargingProfileResponse;
import dev.ocpp.v201.messages.SetDisplayMessageRequest;
import dev.ocpp.v201.messages.SetDisplayMessageResponse;
import dev.ocpp.v201.messages.SetMonitoringBaseRequest;
import dev.ocpp.v201.messages.SetMonitoringBaseResponse;
import dev.ocpp.v201.messages.SetMonitoringLevelRequest;
import dev.ocpp.v201.messages.SetMonitoringLevelResponse;
import dev.ocpp.v201.messages.SetVariableMonitoringRequest;
import dev.ocpp.v201.messages.SetVariableMonitoringResponse;
import dev.ocpp.v201.messages.UnpublishFirmwareRequest;
import dev.ocpp.v201.messages.UnpublishFirmwareResponse;
import dev.ocpp.v201.messages.UpdateFirmwareRequest;
import dev.ocpp.v201.messages.UpdateFirmwareResponse;
import dev.ocpp.v201.types.CertificateSignedStatusEnum;
import dev.ocpp.v201.types.ChargingLimitSourceEnum;
import dev.ocpp.v201.types.ChargingProfile;
import dev.ocpp.v201.types.ChargingProfileCriterion;
import dev.ocpp.v201.types.ChargingProfilePurposeEnum;
import dev.ocpp.v201.types.ChargingProfileStatusEnum;
import dev.ocpp.v201.types.ChargingRateUnitEnum;
import dev.ocpp.v201.types.ChargingSchedulePeriod;
import dev.ocpp.v201.types.ClearCacheStatusEnum;
import dev.ocpp.v201.types.ClearChargingProfile;
import dev.ocpp.v201.types.ClearChargingProfileStatusEnum;
import dev.ocpp.v201.types.ClearMessageStatusEnum;
import dev.ocpp.v201.types.ClearMonitoringResult;
import dev.ocpp.v201.types.ClearMonitoringStatusEnum;
import dev.ocpp.v201.types.CompositeSchedule;
import dev.ocpp.v201.types.CustomerInformationStatusEnum;
import dev.ocpp.v201.types.DataTransferStatusEnum;
import dev.ocpp.v201.types.DisplayMessageStatusEnum;
import dev.ocpp.v201.types.GenericDeviceModelStatusEnum;
import dev.ocpp.v201.types.GenericStatusEnum;
import dev.ocpp.v201.types.GetChargingProfileStatusEnum;
import dev.ocpp.v201.types.GetDisplayMessagesStatusEnum;
import dev.ocpp.v201.types.LogStatusEnum;
import dev.ocpp.v201.types.MessageInfo;
import dev.ocpp.v201.types.ReportData;
import dev.ocpp.v201.types.SendLocalListStatusEnum;
import dev.ocpp.v201.types.StatusInfo;
import dev.ocpp.v201.types.UnpublishFirmwareStatusEnum;
import dev.ocpp.v201.types.UpdateFirmwareStatusEnum;
import dev.ocpp.v201.types.UploadLogStatusEnum;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The simulated OCPP 2.0.1 station's answers that leave the charging session alone: reports, monitoring, smart
 * charging, display messages, the local list, firmware, logs, certificates, customer information and DataTransfer
 * (network profiles and the CSMS roots: {@link Station201Network}).
 * It says yes where the simulator can keep the promise and no where it cannot:
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>action</th><th>answer</th></tr>
 *   <tr><td>GetBaseReport, GetReport</td><td>Accepted, and a NotifyReport from the device model follows
 *       (EmptyResultSet when nothing matches)</td></tr>
 *   <tr><td>SetChargingProfile, GetChargingProfiles, ClearChargingProfile</td><td>profiles are kept per EVSE and
 *       reported back with ReportChargingProfiles; a TxProfile only for the running transaction</td></tr>
 *   <tr><td>GetCompositeSchedule</td><td>Accepted, one period at 16 A or 11 kW for the duration asked</td></tr>
 *   <tr><td>SetDisplayMessage, GetDisplayMessages, ClearDisplayMessage</td><td>messages are kept and reported back
 *       with NotifyDisplayMessages</td></tr>
 *   <tr><td>SendLocalList, GetLocalListVersion</td><td>Accepted; the version sent is reported back</td></tr>
 *   <tr><td>GetLog</td><td>Accepted with a file name, then LogStatusNotification UploadFailure: nothing is
 *       uploaded</td></tr>
 *   <tr><td>CustomerInformation</td><td>Accepted; a report says that no data is kept</td></tr>
 *   <tr><td>GetMonitoringReport / SetVariableMonitoring / ClearVariableMonitoring</td><td>EmptyResultSet /
 *       UnsupportedMonitorType (or UnknownComponent, UnknownVariable) / NotFound: nothing is monitored</td></tr>
 *   <tr><td>UpdateFirmware</td><td>signed: InvalidCertificate and the security event
 *       InvalidFirmwareSigningCertificate, as no manufacturer root is installed to vouch for the signer (L01);
 *       unsigned: Rejected</td></tr>
 *   <tr><td>PublishFirmware, CertificateSigned</td>
 *       <td>Rejected: the simulator cannot publish firmware or keep a certificate of its own</td></tr>
 *   <tr><td>SetNetworkProfile, InstallCertificate, GetInstalledCertificateIds, DeleteCertificate</td><td>see
 *       {@link Station201Network}: network profiles and the CSMS root certificates a raise of the security profile
 *       trusts</td></tr>
 *   <tr><td>UnpublishFirmware</td><td>NoFirmware</td></tr>
 *   <tr><td>ClearCache, SetMonitoringBase, SetMonitoringLevel, DataTransfer</td><td>Accepted (CostUpdated: its
 *       empty answer)</td></tr>
 * </table>
 * Thread-safe.
 */
final class Station201Management {

    /** A charging profile as installed: on which EVSE (0 for the whole station). */
    private record Installed(int evseId, ChargingProfile profile) {
    }

    private final String identity;
    private final Station201DeviceModel deviceModel;
    private final AfterAnswer afterAnswer;
    private final Supplier<Ocpp201CsmsSession> csms;
    private final Supplier<String> runningTransactionId;
    private final Clock clock;
    private final Consumer<String> log;
    private final AtomicInteger localListVersion = new AtomicInteger();
    /** By profile id: a new profile with the id of an installed one replaces it (K01). */
    private final Map<Integer, Installed> profiles = new ConcurrentSkipListMap<>();
    private final Map<Integer, MessageInfo> displayMessages = new ConcurrentHashMap<>();

    /**
     * @param csms                 the connection to send follow-up messages on, once connected
     * @param runningTransactionId the running transaction's id, or {@code null}
     * @param log                  receives a line when a follow-up message fails; {@code null} for silence
     */
    Station201Management(String identity, Station201DeviceModel deviceModel, AfterAnswer afterAnswer,
                         Supplier<Ocpp201CsmsSession> csms, Supplier<String> runningTransactionId, Clock clock,
                         Consumer<String> log) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.deviceModel = Objects.requireNonNull(deviceModel, "deviceModel");
        this.afterAnswer = Objects.requireNonNull(afterAnswer, "afterAnswer");
        this.csms = Objects.requireNonNull(csms, "csms");
        this.runningTransactionId = Objects.requireNonNull(runningTransactionId, "runningTransactionId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = log;
    }

    /** Registers every answer of this class. */
    void register(Ocpp201ChargingStation.Builder b) {
        b.on(GetBaseReportRequest.class, this::baseReport)
                .on(GetReportRequest.class, this::report)
                .on(SetChargingProfileRequest.class, this::setChargingProfile)
                .on(GetChargingProfilesRequest.class, this::getChargingProfiles)
                .on(ClearChargingProfileRequest.class, this::clearChargingProfile)
                .on(GetCompositeScheduleRequest.class, this::compositeSchedule)
                .on(SetDisplayMessageRequest.class, this::setDisplayMessage)
                .on(GetDisplayMessagesRequest.class, this::getDisplayMessages)
                .on(ClearDisplayMessageRequest.class, clear -> new ClearDisplayMessageResponse().withStatus(
                        displayMessages.remove(clear.getId()) != null
                                ? ClearMessageStatusEnum.ACCEPTED : ClearMessageStatusEnum.UNKNOWN))
                .on(SendLocalListRequest.class, this::sendLocalList)
                .on(GetLocalListVersionRequest.class, get -> new GetLocalListVersionResponse()
                        .withVersionNumber(localListVersion.get()))
                .on(GetLogRequest.class, this::getLog)
                .on(CustomerInformationRequest.class, this::customerInformation)
                .on(GetMonitoringReportRequest.class, get -> new GetMonitoringReportResponse()
                        .withStatus(GenericDeviceModelStatusEnum.EMPTY_RESULT_SET))
                .on(SetVariableMonitoringRequest.class, set -> new SetVariableMonitoringResponse()
                        .withSetMonitoringResult(set.getSetMonitoringData().stream().map(deviceModel::monitor)
                                .toList()))
                .on(ClearVariableMonitoringRequest.class, clear -> new ClearVariableMonitoringResponse()
                        .withClearMonitoringResult(clear.getId().stream().map(id -> new ClearMonitoringResult()
                                .withId(id).withStatus(ClearMonitoringStatusEnum.NOT_FOUND)).toList()))
                // There are no monitors to switch, so any base or level is trivially in force.
                .on(SetMonitoringBaseRequest.class, set -> new SetMonitoringBaseResponse()
                        .withStatus(GenericDeviceModelStatusEnum.ACCEPTED))
                .on(SetMonitoringLevelRequest.class, set -> new SetMonitoringLevelResponse()
                        .withStatus(GenericStatusEnum.ACCEPTED))
                .on(ClearCacheRequest.class, clear -> new ClearCacheResponse()
                        .withStatus(ClearCacheStatusEnum.ACCEPTED))
                .on(CostUpdatedRequest.class, cost -> new CostUpdatedResponse())
                .on(DataTransferRequest.class, data -> new DataTransferResponse()
                        .withStatus(DataTransferStatusEnum.ACCEPTED))
                .on(UpdateFirmwareRequest.class, this::updateFirmware)
                .on(PublishFirmwareRequest.class, publish -> new PublishFirmwareResponse()
                        .withStatus(GenericStatusEnum.REJECTED))
                .on(UnpublishFirmwareRequest.class, unpublish -> new UnpublishFirmwareResponse()
                        .withStatus(UnpublishFirmwareStatusEnum.NO_FIRMWARE))
                .on(CertificateSignedRequest.class, signed -> new CertificateSignedResponse()
                        .withStatus(CertificateSignedStatusEnum.REJECTED));
    }

    // ------------------------------------------------------------------ reports (B07, B08)

    private GetBaseReportResponse baseReport(GetBaseReportRequest request, CallContext context) {
        List<ReportData> data = deviceModel.report(request.getReportBase());
        afterAnswer.then(context, () -> notifyReport(request.getRequestId(), data));
        return new GetBaseReportResponse().withStatus(GenericDeviceModelStatusEnum.ACCEPTED);
    }

    private GetReportResponse report(GetReportRequest request, CallContext context) {
        List<ReportData> data = deviceModel.report(request.getComponentVariable(),
                request.getComponentCriteria() != null && !request.getComponentCriteria().isEmpty());
        if (data.isEmpty()) {
            return new GetReportResponse().withStatus(GenericDeviceModelStatusEnum.EMPTY_RESULT_SET);
        }
        afterAnswer.then(context, () -> notifyReport(request.getRequestId(), data));
        return new GetReportResponse().withStatus(GenericDeviceModelStatusEnum.ACCEPTED);
    }

    /** The model is small enough for one NotifyReport (seqNo 0, nothing to be continued). */
    private void notifyReport(int requestId, List<ReportData> data) {
        follow("NotifyReport", csms.get().call(new NotifyReportRequest()
                .withRequestId(requestId)
                .withGeneratedAt(now())
                .withSeqNo(0)
                .withTbc(false)
                .withReportData(data)));
    }

    // ------------------------------------------------------------------ smart charging (K01, K08-K10)

    private SetChargingProfileResponse setChargingProfile(SetChargingProfileRequest request) {
        ChargingProfile profile = request.getChargingProfile();
        int evse = request.getEvseId();
        boolean accept = evse == 0 || evse == Station201.EVSE_ID;
        // K01: a TxProfile only applies to the running transaction on its EVSE.
        if (profile.getChargingProfilePurpose() == ChargingProfilePurposeEnum.TX_PROFILE) {
            String running = runningTransactionId.get();
            accept = accept && evse == Station201.EVSE_ID && running != null
                    && (profile.getTransactionId() == null || running.equals(profile.getTransactionId()));
        }
        if (accept) {
            profiles.put(profile.getId(), new Installed(evse, profile));
        }
        return new SetChargingProfileResponse().withStatus(accept
                ? ChargingProfileStatusEnum.ACCEPTED : ChargingProfileStatusEnum.REJECTED);
    }

    private GetChargingProfilesResponse getChargingProfiles(GetChargingProfilesRequest request,
                                                            CallContext context) {
        ChargingProfileCriterion criterion = request.getChargingProfile();
        Map<Integer, List<ChargingProfile>> byEvse = new TreeMap<>();
        for (Installed installed : profiles.values()) {
            if (matches(installed, request.getEvseId(), criterion)) {
                byEvse.computeIfAbsent(installed.evseId(), e -> new ArrayList<>()).add(installed.profile());
            }
        }
        if (byEvse.isEmpty()) {
            return new GetChargingProfilesResponse().withStatus(GetChargingProfileStatusEnum.NO_PROFILES);
        }
        afterAnswer.then(context, () -> {
            int left = byEvse.size();
            for (Map.Entry<Integer, List<ChargingProfile>> e : byEvse.entrySet()) {
                follow("ReportChargingProfiles", csms.get().call(new ReportChargingProfilesRequest()
                        .withRequestId(request.getRequestId())
                        .withChargingLimitSource(ChargingLimitSourceEnum.CSO)
                        .withEvseId(e.getKey())
                        .withChargingProfile(e.getValue())
                        .withTbc(--left > 0)));
            }
        });
        return new GetChargingProfilesResponse().withStatus(GetChargingProfileStatusEnum.ACCEPTED);
    }

    private static boolean matches(Installed installed, Integer evseId, ChargingProfileCriterion c) {
        ChargingProfile p = installed.profile();
        return (evseId == null || evseId == installed.evseId())
                && (c.getChargingProfileId() == null || c.getChargingProfileId().contains(p.getId()))
                && (c.getChargingProfilePurpose() == null
                        || c.getChargingProfilePurpose() == p.getChargingProfilePurpose())
                && (c.getStackLevel() == null || c.getStackLevel().equals(p.getStackLevel()))
                // Every profile here was set by the CSMS (CSO); no local limits exist.
                && (c.getChargingLimitSource() == null
                        || c.getChargingLimitSource().contains(ChargingLimitSourceEnum.CSO));
    }

    private ClearChargingProfileResponse clearChargingProfile(ClearChargingProfileRequest request) {
        ClearChargingProfile c = request.getChargingProfileCriteria();
        boolean removed = profiles.values().removeIf(installed -> {
            ChargingProfile p = installed.profile();
            if (request.getChargingProfileId() != null) {
                return request.getChargingProfileId().equals(p.getId());
            }
            return c == null || (c.getEvseId() == null || c.getEvseId() == installed.evseId())
                    && (c.getChargingProfilePurpose() == null
                            || c.getChargingProfilePurpose() == p.getChargingProfilePurpose())
                    && (c.getStackLevel() == null || c.getStackLevel().equals(p.getStackLevel()));
        });
        return new ClearChargingProfileResponse().withStatus(removed
                ? ClearChargingProfileStatusEnum.ACCEPTED : ClearChargingProfileStatusEnum.UNKNOWN);
    }

    /** K08: the station's limit, whatever the profiles say: the simulator does not combine them. */
    private GetCompositeScheduleResponse compositeSchedule(GetCompositeScheduleRequest request) {
        int evse = request.getEvseId();
        if (evse != 0 && evse != Station201.EVSE_ID) {
            return new GetCompositeScheduleResponse().withStatus(GenericStatusEnum.REJECTED);
        }
        ChargingRateUnitEnum unit = request.getChargingRateUnit() == null ? ChargingRateUnitEnum.A
                : request.getChargingRateUnit();
        return new GetCompositeScheduleResponse()
                .withStatus(GenericStatusEnum.ACCEPTED)
                .withSchedule(new CompositeSchedule()
                        .withEvseId(evse)
                        .withDuration(request.getDuration())
                        .withScheduleStart(now())
                        .withChargingRateUnit(unit)
                        .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod()
                                .withStartPeriod(0)
                                .withLimit(unit == ChargingRateUnitEnum.A
                                        ? EnergyMeter.MAX_AMPS : (double) EnergyMeter.POWER_W)
                                .withNumberPhases(3))));
    }

    // ------------------------------------------------------------------ display messages (O01-O06)

    private SetDisplayMessageResponse setDisplayMessage(SetDisplayMessageRequest request) {
        MessageInfo message = request.getMessage();
        if (message.getTransactionId() != null && !message.getTransactionId().equals(runningTransactionId.get())) {
            return new SetDisplayMessageResponse().withStatus(DisplayMessageStatusEnum.UNKNOWN_TRANSACTION);
        }
        displayMessages.put(message.getId(), message);
        return new SetDisplayMessageResponse().withStatus(DisplayMessageStatusEnum.ACCEPTED);
    }

    private GetDisplayMessagesResponse getDisplayMessages(GetDisplayMessagesRequest request, CallContext context) {
        List<MessageInfo> found = displayMessages.values().stream()
                .filter(m -> request.getId() == null || request.getId().contains(m.getId()))
                .filter(m -> request.getPriority() == null || request.getPriority() == m.getPriority())
                .filter(m -> request.getState() == null || request.getState() == m.getState())
                .toList();
        if (found.isEmpty()) {
            return new GetDisplayMessagesResponse().withStatus(GetDisplayMessagesStatusEnum.UNKNOWN);
        }
        afterAnswer.then(context, () -> follow("NotifyDisplayMessages", csms.get().call(
                new NotifyDisplayMessagesRequest()
                        .withRequestId(request.getRequestId())
                        .withMessageInfo(found)
                        .withTbc(false))));
        return new GetDisplayMessagesResponse().withStatus(GetDisplayMessagesStatusEnum.ACCEPTED);
    }

    // ------------------------------------------------------------------ the rest

    /** D01: the list itself is not used (every idToken goes to the CSMS), only its version is kept. */
    private SendLocalListResponse sendLocalList(SendLocalListRequest request) {
        localListVersion.set(request.getVersionNumber());
        return new SendLocalListResponse().withStatus(SendLocalListStatusEnum.ACCEPTED);
    }

    /** N01: the log is named and then reported as not uploaded, since the simulator has no uploader. */
    private GetLogResponse getLog(GetLogRequest request, CallContext context) {
        afterAnswer.then(context, () -> follow("LogStatusNotification", csms.get().call(
                new LogStatusNotificationRequest()
                        .withStatus(UploadLogStatusEnum.UPLOAD_FAILURE)
                        .withRequestId(request.getRequestId()))));
        return new GetLogResponse()
                .withStatus(LogStatusEnum.ACCEPTED)
                .withFilename(request.getLogType().value() + "-" + identity + ".log");
    }

    /**
     * L01: the signing certificate is checked against the manufacturer roots before accepting (L01.FR.21/22). None is
     * installed (InstallCertificate takes CSMS roots only), so a signed update is answered InvalidCertificate and the
     * security event InvalidFirmwareSigningCertificate follows; an unsigned one is Rejected, as the simulator installs
     * nothing.
     */
    private UpdateFirmwareResponse updateFirmware(UpdateFirmwareRequest request, CallContext context) {
        if (request.getFirmware().getSigningCertificate() == null) {
            return new UpdateFirmwareResponse().withStatus(UpdateFirmwareStatusEnum.REJECTED)
                    .withStatusInfo(new StatusInfo().withReasonCode("Simulator"));
        }
        afterAnswer.then(context, () -> follow("SecurityEventNotification", csms.get().call(
                new SecurityEventNotificationRequest()
                        .withType("InvalidFirmwareSigningCertificate")
                        .withTimestamp(now())
                        .withTechInfo("no manufacturer root certificate installed"))));
        return new UpdateFirmwareResponse().withStatus(UpdateFirmwareStatusEnum.INVALID_CERTIFICATE);
    }

    /** N09/N10: the simulator keeps no customer data, which is what its report says. */
    private CustomerInformationResponse customerInformation(CustomerInformationRequest request,
                                                            CallContext context) {
        if (Boolean.TRUE.equals(request.getReport())) {
            afterAnswer.then(context, () -> follow("NotifyCustomerInformation", csms.get().call(
                    new NotifyCustomerInformationRequest()
                            .withData("No data is kept for this customer.")
                            .withSeqNo(0)
                            .withTbc(false)
                            .withGeneratedAt(now())
                            .withRequestId(request.getRequestId()))));
        }
        return new CustomerInformationResponse().withStatus(CustomerInformationStatusEnum.ACCEPTED);
    }

    private void follow(String action, CompletableFuture<?> call) {
        call.whenComplete((answer, failure) -> {
            if (log != null) {
                log.accept(action + " -> " + (failure == null ? "answered" : "failed: "
                        + Async.describe(failure)));
            }
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
