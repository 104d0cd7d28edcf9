package dev.ocpp.examples.station;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionProfile;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.typed.TypedClientBuilder;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.CertificateSigningRequest;
import dev.ocpp.security.pki.KeyPairs;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.AuthorizeRequest;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.CancelReservationRequest;
import dev.ocpp.v16.messages.CancelReservationResponse;
import dev.ocpp.v16.messages.CertificateSignedRequest;
import dev.ocpp.v16.messages.CertificateSignedResponse;
import dev.ocpp.v16.messages.ChangeAvailabilityRequest;
import dev.ocpp.v16.messages.ChangeAvailabilityResponse;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.ChangeConfigurationResponse;
import dev.ocpp.v16.messages.ClearCacheRequest;
import dev.ocpp.v16.messages.ClearCacheResponse;
import dev.ocpp.v16.messages.ClearChargingProfileRequest;
import dev.ocpp.v16.messages.ClearChargingProfileResponse;
import dev.ocpp.v16.messages.DataTransferRequest;
import dev.ocpp.v16.messages.DataTransferResponse;
import dev.ocpp.v16.messages.DeleteCertificateRequest;
import dev.ocpp.v16.messages.DeleteCertificateResponse;
import dev.ocpp.v16.messages.DiagnosticsStatusNotificationRequest;
import dev.ocpp.v16.messages.ExtendedTriggerMessageRequest;
import dev.ocpp.v16.messages.ExtendedTriggerMessageResponse;
import dev.ocpp.v16.messages.FirmwareStatusNotificationRequest;
import dev.ocpp.v16.messages.GetCompositeScheduleRequest;
import dev.ocpp.v16.messages.GetCompositeScheduleResponse;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationResponse;
import dev.ocpp.v16.messages.GetDiagnosticsRequest;
import dev.ocpp.v16.messages.GetDiagnosticsResponse;
import dev.ocpp.v16.messages.GetInstalledCertificateIdsRequest;
import dev.ocpp.v16.messages.GetInstalledCertificateIdsResponse;
import dev.ocpp.v16.messages.GetLocalListVersionRequest;
import dev.ocpp.v16.messages.GetLocalListVersionResponse;
import dev.ocpp.v16.messages.GetLogRequest;
import dev.ocpp.v16.messages.GetLogResponse;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.InstallCertificateRequest;
import dev.ocpp.v16.messages.InstallCertificateResponse;
import dev.ocpp.v16.messages.LogStatusNotificationRequest;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.RemoteStartTransactionRequest;
import dev.ocpp.v16.messages.RemoteStartTransactionResponse;
import dev.ocpp.v16.messages.RemoteStopTransactionRequest;
import dev.ocpp.v16.messages.RemoteStopTransactionResponse;
import dev.ocpp.v16.messages.ReserveNowRequest;
import dev.ocpp.v16.messages.ReserveNowResponse;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.messages.SecurityEventNotificationRequest;
import dev.ocpp.v16.messages.SendLocalListRequest;
import dev.ocpp.v16.messages.SendLocalListResponse;
import dev.ocpp.v16.messages.SetChargingProfileRequest;
import dev.ocpp.v16.messages.SetChargingProfileResponse;
import dev.ocpp.v16.messages.SignCertificateRequest;
import dev.ocpp.v16.messages.SignedUpdateFirmwareRequest;
import dev.ocpp.v16.messages.SignedUpdateFirmwareResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.messages.TriggerMessageRequest;
import dev.ocpp.v16.messages.TriggerMessageResponse;
import dev.ocpp.v16.messages.UnlockConnectorRequest;
import dev.ocpp.v16.messages.UnlockConnectorResponse;
import dev.ocpp.v16.messages.UpdateFirmwareRequest;
import dev.ocpp.v16.messages.UpdateFirmwareResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.AvailabilityStatus;
import dev.ocpp.v16.types.CancelReservationStatus;
import dev.ocpp.v16.types.CertificateHashData;
import dev.ocpp.v16.types.CertificateSignedStatus;
import dev.ocpp.v16.types.CertificateUse;
import dev.ocpp.v16.types.ChargePointErrorCode;
import dev.ocpp.v16.types.ChargePointStatus;
import dev.ocpp.v16.types.ChargingProfileStatus;
import dev.ocpp.v16.types.ChargingRateUnit;
import dev.ocpp.v16.types.ChargingSchedule;
import dev.ocpp.v16.types.ChargingSchedulePeriod;
import dev.ocpp.v16.types.ClearCacheStatus;
import dev.ocpp.v16.types.ClearChargingProfileStatus;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.DataTransferStatus;
import dev.ocpp.v16.types.DeleteCertificateStatus;
import dev.ocpp.v16.types.DiagnosticsStatus;
import dev.ocpp.v16.types.ExtendedMessageTrigger;
import dev.ocpp.v16.types.FirmwareStatus;
import dev.ocpp.v16.types.GetCompositeScheduleStatus;
import dev.ocpp.v16.types.GetInstalledCertificateStatus;
import dev.ocpp.v16.types.InstallCertificateStatus;
import dev.ocpp.v16.types.KeyValue;
import dev.ocpp.v16.types.Location;
import dev.ocpp.v16.types.LogStatus;
import dev.ocpp.v16.types.Measurand;
import dev.ocpp.v16.types.MeterValue;
import dev.ocpp.v16.types.ReadingContext;
import dev.ocpp.v16.types.Reason;
import dev.ocpp.v16.types.RemoteStartStopStatus;
import dev.ocpp.v16.types.ReservationStatus;
import dev.ocpp.v16.types.ResetStatus;
import dev.ocpp.v16.types.ResetType;
import dev.ocpp.v16.types.SampledValue;
import dev.ocpp.v16.types.SignedUpdateFirmwareStatus;
import dev.ocpp.v16.types.TriggerMessageStatus;
import dev.ocpp.v16.types.UnitOfMeasure;
import dev.ocpp.v16.types.UnlockStatus;
import dev.ocpp.v16.types.UpdateStatus;
import dev.ocpp.v16.types.UploadLogStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The OCPP 1.6 station, on the typed 1.6 classes: one connector with an energy meter. The library boots it and sends
 * its heartbeats ({@link Ocpp16ChargePoint.Builder#bootNotification}); once accepted it reports the connector
 * Available, and then runs charging sessions: Authorize, StartTransaction, a few MeterValues with a
 * rising Energy.Active.Import.Register in Wh, StopTransaction.
 *
 * <p>The transaction messages go through the station's {@link DeliveryQueue} (OCPP 1.6 §3.7): queued durably before
 * the call returns, delivered in order, retried as {@code TransactionMessageAttempts} and
 * {@code TransactionMessageRetryInterval} say (§3.7.1), and kept across lost connections, so a session goes on
 * metering without waiting for answers. StartTransaction is queued under the key {@code <identity>/tx<n>/start};
 * its MeterValues and StopTransaction are queued {@link CallOptions#withTransactionOf for it} with transactionId 0,
 * and the queue puts in the id the Central System answers. A session that begins without a connection starts without
 * Authorize, as a charge point with {@code AllowOfflineTxForUnknownId} set does (§9.1.1).
 *
 * <p>While a transaction is open the station keeps a record of it in the queue's store ({@link OpenTransaction}),
 * with the last meter reading. A station switched off mid-transaction ({@link #halt()}) leaves it open; at its next
 * start, before charging again, {@link #recover} ends it with a StopTransaction with reason PowerLoss, the last
 * reading and, through the queue, the transaction id the Central System assigned, even when the StartTransaction was
 * still queued when the station went down. Thread-safe.
 *
 * <p>It answers each of the 26 calls a central system may make (DataTransfer included) with a schema-valid
 * response. It says yes where it can keep the promise and no where it cannot, so that a CSMS under test sees honest
 * answers:
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>action</th><th>answer</th></tr>
 *   <tr><td>GetConfiguration / ChangeConfiguration</td><td>a few keys; writable ones take new values, which are
 *       reported back but do not change the simulation; read-only ones Rejected, unknown ones NotSupported.
 *       SecurityProfile reads the profile connected with; a higher one is Accepted when its prerequisites hold, and
 *       the station then reconnects on it (security white paper A05, see {@code raiseSecurityProfile})</td></tr>
 *   <tr><td>TriggerMessage, ExtendedTriggerMessage</td><td>Accepted, and the message is sent right after the
 *       answer (SignChargePointCertificate: a SignCertificate with the CSR of a new key pair)</td></tr>
 *   <tr><td>RemoteStartTransaction</td><td>Accepted when idle, and a charging session follows; Rejected while
 *       charging</td></tr>
 *   <tr><td>RemoteStopTransaction</td><td>Accepted for the running transaction, which then stops at once;
 *       Rejected otherwise</td></tr>
 *   <tr><td>ReserveNow / CancelReservation</td><td>Accepted; a cancel is Accepted for a known reservation</td></tr>
 *   <tr><td>SendLocalList / GetLocalListVersion</td><td>Accepted; the version sent is reported back</td></tr>
 *   <tr><td>GetCompositeSchedule</td><td>Accepted, one period at the connector's maximum for the duration
 *       asked</td></tr>
 *   <tr><td>GetDiagnostics, GetLog</td><td>a file name (GetLog Accepted); nothing is uploaded, and GetDiagnostics
 *       is followed by DiagnosticsStatusNotification UploadFailed</td></tr>
 *   <tr><td>SetChargingProfile / ClearChargingProfile</td><td>Accepted; the ids are kept (not applied), a clear
 *       that finds none is Unknown</td></tr>
 *   <tr><td>Reset</td><td>Accepted: a running transaction stops (reason SoftReset or HardReset), then the station
 *       boots again on the open connection, as after a reboot</td></tr>
 *   <tr><td>SignedUpdateFirmware</td><td>InvalidCertificate and the security event
 *       InvalidFirmwareSigningCertificate: no manufacturer root is installed to vouch for any signer</td></tr>
 *   <tr><td>certificates</td><td>InstallCertificate of a valid CentralSystemRootCertificate Accepted (kept for a
 *       raise of the security profile), anything else Rejected; GetInstalledCertificateIds and DeleteCertificate
 *       for those roots (Failed for the one connected with), NotFound otherwise; CertificateSigned Rejected</td></tr>
 *   <tr><td>the rest</td><td>Accepted (UnlockConnector: Unlocked; UpdateFirmware: its empty answer)</td></tr>
 * </table>
 */
public final class Station16 implements StationProtocol {

    /** MeterValues per charging session unless set: enough to show the register rising, few enough to end quickly. */
    static final int METER_VALUES = 3;
    /** The only connector. */
    private static final int CONNECTOR = 1;

    /**
     * What to simulate.
     *
     * @param identity      the station identity, used in file names
     * @param vendor        sent in BootNotification
     * @param model         sent in BootNotification
     * @param idTag         the idTag of the charging session after boot
     * @param meterInterval the time between StartTransaction, each MeterValues and StopTransaction
     * @param meterValues   how many MeterValues each charging session sends before it stops
     */
    public record Settings(String identity, String vendor, String model, String idTag, Duration meterInterval,
                           int meterValues) {
        public Settings {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(idTag, "idTag");
            Objects.requireNonNull(meterInterval, "meterInterval");
            if (meterInterval.isNegative()) {
                throw new IllegalArgumentException("meter interval must not be negative");
            }
            if (meterValues < 0) {
                throw new IllegalArgumentException("meter values must not be negative");
            }
        }

        /** Settings with {@value #METER_VALUES} MeterValues per session. */
        public Settings(String identity, String vendor, String model, String idTag, Duration meterInterval) {
            this(identity, vendor, model, idTag, meterInterval, METER_VALUES);
        }

        /** The idTag a station uses unless told otherwise: derived from its identity, within 1.6's 20 characters. */
        public static String defaultIdTag(String identity) {
            String tag = "TAG-" + identity;
            return tag.length() <= 20 ? tag : tag.substring(0, 20);
        }
    }

    /** A configuration key: whether the CSMS may change it, and its value until it does. */
    private record Key(boolean readonly, Supplier<String> initial) {
    }

    /** A running transaction, from just before its StartTransaction is queued to the end of its session. */
    private static final class Tx {
        final String idTag;
        final int meterStart;
        /** Set once StartTransaction is queued; completes with the Central System's answer. */
        volatile CompletableFuture<StartTransactionResponse> started;
        /** What is on record about it; written under the station's {@code steps} monitor. */
        volatile OpenTransaction record;

        Tx(OpenTransaction record) {
            this.idTag = record.idTag();
            this.meterStart = record.meterWh();
            this.record = record;
        }

        String key(String suffix) {
            return record.keyPrefix() + "/" + suffix;
        }

        /** The Central System's id, once its answer is in (always so when a later message was delivered). */
        String id() {
            CompletableFuture<StartTransactionResponse> f = started;
            StartTransactionResponse answer = f == null ? null : f.getNow(null);
            return answer == null ? "(not yet assigned)" : String.valueOf(answer.getTransactionId());
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> log;
    /** Whether output lines show idTags/idTokens; by default they are masked (personal data). */
    private volatile boolean showSecrets;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, String> changedKeys = new ConcurrentHashMap<>();
    private final Set<Integer> reservations = ConcurrentHashMap.newKeySet();
    /** The ids of the charging profiles set and not cleared; the simulation does not apply them. */
    private final Set<Integer> chargingProfiles = ConcurrentHashMap.newKeySet();
    private final AtomicInteger localListVersion = new AtomicInteger();
    private final EnergyMeter meter = new EnergyMeter();
    private final AfterAnswer afterAnswer = new AfterAnswer();
    /** Set by {@link #security}: the CSMS roots installed and the raise of the security profile (A05). */
    private volatile ProfileUpgrade upgrade = new ProfileUpgrade(null, dev.ocpp.core.OcppVersion.OCPP16, null);
    /** Set by {@link #security}: the {@code wss://} endpoint a raise to security profile 2 or 3 goes to, or null. */
    private volatile URI secureEndpoint;
    /** Set once built: connects the station; its connection profile in force is the security profile reported. */
    private volatile OcppClient ocppClient;
    /** Set once built: boots the station, sends its heartbeats and knows the heartbeat interval in force. */
    private volatile StationRuntime runtime;
    /** Set once built: the queue of the transaction messages, and the station's durable records beside them. */
    private volatile DeliveryQueue queue;
    private volatile TransactionRecords records;

    /**
     * Held for each step of a session that queues a message and writes its record, and by {@link #halt()}: once the
     * station is switched off no step is half done and none begins. Taken before {@link #lock}, never inside it.
     */
    private final Object steps = new Object();
    private final Object lock = new Object();
    /** Guarded by {@link #lock} (written under {@link #steps} too): switched off, nothing more is queued. */
    private boolean halted;
    /** Guarded by {@link #lock}. */
    private boolean charging;
    /** Guarded by {@link #lock}: completes when the running session ends, so that the next may begin. */
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);
    /** Guarded by {@link #lock}; {@code null} when no transaction runs. */
    private Tx current;
    /** Guarded by {@link #lock}; {@code null} until the Central System has answered the running StartTransaction. */
    private Integer transactionId;
    /** Guarded by {@link #lock}: why the running transaction is to stop before its last sample, or {@code null}. */
    private Reason stopReason;
    /** Guarded by {@link #lock}: the pause before the next meter sample, which a stop cuts short. */
    private CompletableFuture<Void> pause = CompletableFuture.completedFuture(null);
    /**
     * Guarded by {@link #lock}: completes once the session's StartTransaction answer has been taken in, with the
     * transaction id, or with {@code null} if the session ended without one.
     */
    private CompletableFuture<Integer> transactionKnown = CompletableFuture.completedFuture(null);

    /**
     * @param scheduler runs the pauses between meter samples; owned by the caller
     * @param log       receives one line per step; {@code null} for silence
     */
    public Station16(Settings settings, ScheduledExecutorService scheduler, Consumer<String> log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.log = log;
        // The interval the runtime keeps: the CSMS's, the station's own, or as ChangeConfiguration set it last.
        keys.put("HeartbeatInterval", new Key(false,
                () -> String.valueOf(Math.max(1, runtime.heartbeatInterval().toSeconds()))));
        // Whole seconds, rounded up: 0 would mean "no sampling" (OCPP 1.6 §9.1), which is not what the station does.
        keys.put("MeterValueSampleInterval", new Key(false,
                () -> String.valueOf((settings.meterInterval().toMillis() + 999) / 1000)));
        keys.put("MeterValuesSampledData", new Key(false, Measurand.ENERGY_ACTIVE_IMPORT_REGISTER::value));
        keys.put("AuthorizeRemoteTxRequests", new Key(false, () -> "false"));
        keys.put("NumberOfConnectors", new Key(true, () -> "1"));
        // §9.1.31-32 (required): the library's queue takes an accepted change of these in by itself (§3.7.1).
        // Security extension A05: read-write, for upgrades; see changeConfiguration.
        keys.put("SecurityProfile", new Key(false,
                () -> String.valueOf(ocppClient.connectedProfile()
                        .orElse(ocppClient.connectionProfile()).securityProfile())));
        keys.put("TransactionMessageAttempts", new Key(false,
                () -> String.valueOf(queue.retrySettings().attempts())));
        keys.put("TransactionMessageRetryInterval", new Key(false,
                () -> String.valueOf(queue.retrySettings().interval().toSeconds())));
    }

    public Settings settings() {
        return settings;
    }

    /** The energy register now, Wh. */
    public int meterWh() {
        return meter.wh();
    }

    @Override
    public Client client(Transports transports, URI endpoint, String identity, SessionConfig sessions,
                         Consumer<TypedClientBuilder<?>> stationSettings) {
        Ocpp16ChargePoint.Builder b = Ocpp16ChargePoint.builder(transports.client())
                .endpoint(endpoint)
                .identity(identity)
                .sessionConfig(sessions.toBuilder()
                        .listener(OcppEventListener.compose(sessions.listener(), afterAnswer))
                        .build())
                // The same request every time: a 1.6 BootNotification gives no reason.
                .bootNotification(new BootNotificationRequest()
                        .withChargePointVendor(settings.vendor())
                        .withChargePointModel(settings.model()));
        registerHandlers(b);
        stationSettings.accept(b);
        // With the queue's defaults (an in-memory store) unless the settings gave it a store of their own.
        b.delivery(q -> { });
        Ocpp16ChargePoint built = b.build();
        ocppClient = built.client();
        runtime = built.runtime().orElseThrow();
        queue = built.delivery().orElseThrow();
        records = new TransactionRecords(queue.state());
        // A real register never runs backwards: it goes on from the last reading the station recorded.
        meter.restore(records.meterWh());
        return new Client(built.uri(), runtime, queue, () -> built.client().connect());
    }

    @Override
    public CompletableFuture<Void> reportAvailable(OcppSession session) {
        return statusNotification(session, 1);
    }

    @Override
    public CompletableFuture<ChargingSession> charge(OcppSession session) {
        return charge(session, settings.idTag(), true);
    }

    /**
     * Runs one charging session with {@code idTag}: Authorize (skipped without a connection), StartTransaction, the
     * settings' number of MeterValues a meter interval apart, StopTransaction; a RemoteStopTransaction ends it at once.
     * The messages are queued and the session goes on without waiting for their answers; the future completes once
     * StopTransaction has been delivered. Fails if a session is already running, if the idTag is not accepted at
     * Authorize, if the StartTransaction is given up, or if the station is switched off first.
     */
    @Override
    public CompletableFuture<ChargingSession> charge(OcppSession session, String idTag) {
        return charge(session, idTag, false);
    }

    @Override
    public boolean unplugged() {
        Tx t;
        synchronized (lock) {
            t = current;
        }
        return t != null && requestStop(t, Reason.EV_DISCONNECTED);
    }

    /** As {@link #charge(OcppSession, String)}; with {@code whenFree}, after the running session instead of failing. */
    private CompletableFuture<ChargingSession> charge(OcppSession session, String idTag, boolean whenFree) {
        CompletableFuture<Void> busy = null;
        CompletableFuture<Void> ends;
        synchronized (lock) {
            if (halted) {
                return CompletableFuture.failedFuture(new IllegalStateException("the station is switched off"));
            }
            if (charging) {
                if (!whenFree) {
                    return CompletableFuture.failedFuture(new IllegalStateException("already charging"));
                }
                busy = idle;
            } else {
                charging = true;
                stopReason = null;
                transactionKnown = new CompletableFuture<>();
                idle = new CompletableFuture<>();
            }
            ends = idle;
        }
        if (busy != null) {
            return busy.thenCompose(free -> charge(session, idTag, true));
        }
        Ocpp16CentralSystemSession cs = typed(session);
        CompletableFuture<Void> authorized;
        if (!session.isOpen()) {
            // AllowOfflineTxForUnknownId (§9.1.1): the driver need not wait for the Central System.
            print("Offline: charging " + shown(idTag) + " without Authorize (AllowOfflineTxForUnknownId)");
            authorized = CompletableFuture.completedFuture(null);
        } else {
            // Authorize is not a transaction message: the queue does not keep it, so it is asked again until answered.
            authorized = Async.untilAnswered(session, scheduler, "Authorize", this::print,
                    () -> cs.call(new AuthorizeRequest().withIdTag(idTag))).thenAccept(auth -> {
                        AuthorizationStatus status = auth.getIdTagInfo().getStatus();
                        print("Authorize " + shown(idTag) + " -> " + status);
                        if (status != AuthorizationStatus.ACCEPTED) {
                            throw new CompletionException(new IllegalStateException(
                                    "idTag " + shown(idTag) + " not authorized: " + status));
                        }
                    });
        }
        return authorized.thenCompose(ok -> start(cs, idTag)).whenComplete((result, failure) -> {
            CompletableFuture<Integer> starting;
            synchronized (lock) {
                charging = false;
                current = null;
                transactionId = null;
                starting = transactionKnown;
            }
            starting.complete(null);
            if (failure != null) {
                print("Charging session failed: " + Async.describe(failure));
            } else {
                print(String.format("Charging session done: %d Wh in transaction %s", result.energyWh(),
                        result.transactionId()));
            }
            ends.complete(null);
        });
    }

    /** Queues StartTransaction, with the transaction on record first, then samples without waiting for the answer. */
    private CompletableFuture<ChargingSession> start(Ocpp16CentralSystemSession cs, String idTag) {
        Tx t;
        synchronized (steps) {
            if (switchedOff()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the station is switched off"));
            }
            long number = records.nextNumber();
            OffsetDateTime at = now();
            OpenTransaction record = new OpenTransaction(CONNECTOR, number,
                    settings.identity() + "/tx" + number + "/start", null, idTag, meter.wh(), at.toInstant(), false);
            // On record before it is queued: a crash in between leaves a record of a transaction never begun, which
            // recover() recognises, rather than a transaction begun without a record, which nothing would end.
            records.put(record);
            t = new Tx(record);
            // Running before it is queued: the answer (and a RemoteStop after it) may come before call() returns.
            synchronized (lock) {
                current = t;
            }
            CompletableFuture<StartTransactionResponse> started = cs.call(new StartTransactionRequest()
                            .withConnectorId(CONNECTOR)
                            .withIdTag(idTag)
                            .withMeterStart(record.meterWh())
                            .withTimestamp(at),
                    CallOptions.defaults().withMessageKey(record.startKey()));
            t.started = started;
            if (started.isCompletedExceptionally()) {
                // Not queued (no room, the store failed) or refused outright: nothing to end later.
                records.forget(CONNECTOR);
                return started.thenApply(never -> null);
            }
            t.record = record.queued();
            records.put(t.record);
        }
        t.started.whenComplete((answer, failure) -> startAnswered(t, answer));
        return sample(cs, t, 0);
    }

    /** Takes the Central System's answer to StartTransaction in, whenever the queue delivers it. */
    private void startAnswered(Tx t, StartTransactionResponse answer) {
        CompletableFuture<Integer> starting;
        synchronized (lock) {
            starting = current == t ? transactionKnown : null;
            if (starting != null && answer != null) {
                transactionId = answer.getTransactionId();
            }
        }
        if (answer == null) {
            if (starting != null) {
                starting.complete(null);
            }
            return;
        }
        AuthorizationStatus status = answer.getIdTagInfo().getStatus();
        print(String.format("StartTransaction -> transaction %d, meterStart %d Wh, idTag %s",
                answer.getTransactionId(), t.meterStart, status));
        if (starting != null) {
            starting.complete(answer.getTransactionId());
        }
        // The idTag was refused after all: end the transaction at once, as a charge point with
        // StopTransactionOnInvalidId set does (OCPP 1.6 §4.8), with reason DeAuthorized.
        if (status != AuthorizationStatus.ACCEPTED) {
            requestStop(t, Reason.DE_AUTHORIZED);
        }
    }

    /** Asks the running transaction {@code t} to stop at its next step, cutting the pause short. */
    private boolean requestStop(Tx t, Reason reason) {
        CompletableFuture<Void> cut;
        synchronized (lock) {
            if (current != t || stopReason != null) {
                return false;
            }
            stopReason = reason;
            cut = pause;
        }
        cut.complete(null);
        return true;
    }

    /**
     * Waits a meter interval (or until a stop), then queues the next MeterValues or, after the last one or when
     * stopped, StopTransaction.
     */
    private CompletableFuture<ChargingSession> sample(Ocpp16CentralSystemSession cs, Tx t, int sent) {
        CompletableFuture<Void> next = Async.delay(scheduler, settings.meterInterval());
        synchronized (lock) {
            pause = next;
            if (stopReason != null || halted) {
                next.complete(null);
            }
        }
        return next.thenCompose(ignored -> {
            Reason reason;
            synchronized (lock) {
                reason = stopReason;
            }
            if (reason != null || sent >= settings.meterValues()) {
                return stop(cs, t, sent, reason != null ? reason : Reason.LOCAL);
            }
            int wh;
            CompletableFuture<?> answered;
            synchronized (steps) {
                if (switchedOff()) {
                    throw new CompletionException(switchedOffDuring(t));
                }
                wh = meter.charge(settings.meterInterval());
                answered = cs.call(meterValues(CONNECTOR, 0, wh, ReadingContext.SAMPLE_PERIODIC),
                        CallOptions.defaults().withMessageKey(t.key("meter" + (sent + 1)))
                                .withTransactionOf(t.record.startKey()));
                t.record = t.record.withMeterWh(wh);
                records.put(t.record);
            }
            answered.whenComplete((answer, failure) -> print(failure == null
                    ? String.format("MeterValues %d Wh (transaction %s) -> answered", wh, t.id())
                    : String.format("MeterValues %d Wh -> not delivered: %s", wh, Async.describe(failure))));
            return sample(cs, t, sent + 1);
        });
    }

    /** Queues StopTransaction and takes the transaction off record; completes once it is delivered. */
    private CompletableFuture<ChargingSession> stop(Ocpp16CentralSystemSession cs, Tx t, int sent, Reason reason) {
        int meterStop;
        CompletableFuture<StopTransactionResponse> stopped;
        synchronized (steps) {
            if (switchedOff()) {
                throw new CompletionException(switchedOffDuring(t));
            }
            meterStop = meter.wh();
            stopped = cs.call(new StopTransactionRequest()
                            .withIdTag(t.idTag)
                            .withMeterStop(meterStop)
                            .withTimestamp(now())
                            .withTransactionId(0)
                            .withReason(reason),
                    CallOptions.defaults().withMessageKey(t.key("stop")).withTransactionOf(t.record.startKey()));
            records.endedOnceQueued(stopped, this::print, t.record, meterStop);
        }
        return t.started.thenCombine(stopped, (start, stop) -> {
            print(String.format("StopTransaction -> transaction %d, meterStop %d Wh, reason %s",
                    start.getTransactionId(), meterStop, reason));
            return new ChargingSession(t.idTag, String.valueOf(start.getTransactionId()), t.meterStart, meterStop,
                    sent, reason.value());
        });
    }

    /**
     * Ends each transaction an earlier run left open: StopTransaction with reason PowerLoss, the last reading on
     * record and the time now, queued {@link CallOptions#withTransactionOf for its StartTransaction}, so that it
     * carries the transaction id the Central System assigned, whether that answer came before the station went down
     * or comes only now from the StartTransaction still queued.
     */
    @Override
    public void recover(OcppSession session) {
        Ocpp16CentralSystemSession cs = typed(session);
        synchronized (steps) {
            if (switchedOff()) {
                return;
            }
            List<OpenTransaction> open = records.open(bad -> print("Unreadable transaction record dropped: " + bad));
            // A session may have begun since the boot (a remote start the CSMS sent on the first status report):
            // its record is this run's, not one left open by the last (found by STATION-F03-remote-stop).
            Tx running;
            synchronized (lock) {
                running = current;
            }
            if (running != null) {
                open = open.stream().filter(t -> t.number() != running.record.number()).toList();
            }
            if (!open.isEmpty()) {
                print(open.size() + " transaction(s) left open by the last run");
            }
            Set<String> queued = queue.pending().stream().map(StoredMessage::key).collect(Collectors.toSet());
            for (OpenTransaction t : open) {
                recover(cs, t, queued);
            }
        }
    }

    /** Ends one transaction left open. Under {@link #steps}. */
    private void recover(Ocpp16CentralSystemSession cs, OpenTransaction t, Set<String> queued) {
        meter.restore(t.meterWh());
        String stopKey = t.keyPrefix() + "/stop";
        String tx = "tx" + t.number();
        if (queued.contains(stopKey)) {
            // Went down between queueing StopTransaction and clearing the record: nothing left to do.
            records.ended(t.connector(), t.meterWh());
            print("Recovered " + tx + ": its StopTransaction was queued before the restart");
            return;
        }
        boolean answered = queue.transactionId(t.startKey()).isPresent();
        if (!answered && !queued.contains(t.startKey())) {
            // Never queued (went down in between), or given up: the Central System has no transaction to end.
            records.forget(t.connector());
            print("Recovered " + tx + ": its StartTransaction is neither queued nor answered; nothing to end");
            return;
        }
        // Read before the stop is queued: the queue forgets the id once the transaction's last message is in.
        String id = answered ? queue.transactionId(t.startKey()).orElseThrow().asText()
                : "as the Central System answers the StartTransaction still queued";
        CompletableFuture<StopTransactionResponse> stopped = cs.call(new StopTransactionRequest()
                        .withMeterStop(t.meterWh())
                        .withTimestamp(now())
                        .withTransactionId(0)
                        .withReason(Reason.POWER_LOSS),
                CallOptions.defaults().withMessageKey(stopKey).withTransactionOf(t.startKey()));
        records.endedOnceQueued(stopped, this::print, t, t.meterWh());
        print(String.format("Recovered %s (idTag %s, started %s): StopTransaction queued, reason PowerLoss, "
                        + "meterStop %d Wh, transaction %s", tx, shown(t.idTag()), t.startedAt(), t.meterWh(), id));
        stopped.whenComplete((answer, failure) -> print(failure == null
                ? "StopTransaction (PowerLoss) of " + tx + " -> answered"
                : "StopTransaction (PowerLoss) of " + tx + " -> not delivered: " + Async.describe(failure)));
    }

    /**
     * Switches the station off: the running session stops where it is, its transaction left open on record (no
     * StopTransaction), and nothing more is queued.
     */
    @Override
    public void halt() {
        CompletableFuture<Void> cut;
        synchronized (steps) {
            synchronized (lock) {
                halted = true;
                cut = pause;
            }
        }
        cut.complete(null);
    }

    private boolean switchedOff() {
        synchronized (lock) {
            return halted;
        }
    }

    private static IllegalStateException switchedOffDuring(Tx t) {
        return new IllegalStateException("switched off during transaction tx" + t.record.number()
                + ", which stays open until the next start");
    }

    private MeterValuesRequest meterValues(int connectorId, Integer transactionId, int wh, ReadingContext context) {
        return new MeterValuesRequest()
                .withConnectorId(connectorId)
                .withTransactionId(transactionId)
                .withMeterValue(List.of(new MeterValue()
                        .withTimestamp(now())
                        .withSampledValue(List.of(new SampledValue()
                                .withValue(String.valueOf(wh))
                                .withContext(context)
                                .withMeasurand(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER)
                                .withLocation(Location.OUTLET)
                                .withUnit(UnitOfMeasure.WH)))));
    }

    private CompletableFuture<Void> statusNotification(OcppSession session, int connectorId) {
        boolean inTransaction;
        synchronized (lock) {
            inTransaction = connectorId == CONNECTOR && current != null;
        }
        return typed(session).call(new StatusNotificationRequest()
                        .withConnectorId(connectorId)
                        .withErrorCode(ChargePointErrorCode.NO_ERROR)
                        .withStatus(inTransaction ? ChargePointStatus.CHARGING : ChargePointStatus.AVAILABLE)
                        .withTimestamp(now()))
                .thenApply(answer -> null);
    }

    /** The answers to the central system's calls. */
    private void registerHandlers(Ocpp16ChargePoint.Builder b) {
        b.on(GetConfigurationRequest.class, this::getConfiguration)
                .on(ChangeConfigurationRequest.class, this::changeConfiguration)
                .on(TriggerMessageRequest.class, this::triggerMessage)
                .on(ExtendedTriggerMessageRequest.class, this::extendedTriggerMessage)
                .on(RemoteStartTransactionRequest.class, this::remoteStart)
                .onAsync(RemoteStopTransactionRequest.class, this::remoteStop)
                .on(ReserveNowRequest.class, reserve -> {
                    reservations.add(reserve.getReservationId());
                    return new ReserveNowResponse().withStatus(ReservationStatus.ACCEPTED);
                })
                .on(CancelReservationRequest.class, cancel -> new CancelReservationResponse().withStatus(
                        reservations.remove(cancel.getReservationId())
                                ? CancelReservationStatus.ACCEPTED : CancelReservationStatus.REJECTED))
                .on(SendLocalListRequest.class, list -> {
                    localListVersion.set(list.getListVersion());
                    return new SendLocalListResponse().withStatus(UpdateStatus.ACCEPTED);
                })
                .on(GetLocalListVersionRequest.class, get -> new GetLocalListVersionResponse()
                        .withListVersion(localListVersion.get()))
                .on(GetCompositeScheduleRequest.class, this::compositeSchedule)
                .on(GetDiagnosticsRequest.class, this::diagnostics)
                .on(GetLogRequest.class, getLog -> new GetLogResponse()
                        .withStatus(LogStatus.ACCEPTED)
                        .withFilename(getLog.getLogType().value() + "-" + settings.identity() + ".log"))
                .on(ChangeAvailabilityRequest.class, change -> new ChangeAvailabilityResponse()
                        .withStatus(AvailabilityStatus.ACCEPTED))
                .on(ClearCacheRequest.class, clear -> new ClearCacheResponse().withStatus(ClearCacheStatus.ACCEPTED))
                .on(ClearChargingProfileRequest.class, this::clearChargingProfile)
                .on(SetChargingProfileRequest.class, set -> {
                    chargingProfiles.add(set.getCsChargingProfiles().getChargingProfileId());
                    return new SetChargingProfileResponse().withStatus(ChargingProfileStatus.ACCEPTED);
                })
                .on(DataTransferRequest.class, data -> new DataTransferResponse()
                        .withStatus(DataTransferStatus.ACCEPTED))
                .on(UnlockConnectorRequest.class, unlock -> new UnlockConnectorResponse()
                        .withStatus(UnlockStatus.UNLOCKED))
                .on(UpdateFirmwareRequest.class, update -> new UpdateFirmwareResponse())
                .on(ResetRequest.class, this::reset)
                .on(SignedUpdateFirmwareRequest.class, this::signedUpdateFirmware)
                .on(InstallCertificateRequest.class, this::installCertificate)
                .on(CertificateSignedRequest.class, signed -> new CertificateSignedResponse()
                        .withStatus(CertificateSignedStatus.REJECTED))
                .on(DeleteCertificateRequest.class, this::deleteCertificate)
                .on(GetInstalledCertificateIdsRequest.class, this::installedCertificates);
    }

    /** OCPP 1.6 §6.23: the requested keys, or all when none are named; unknown ones listed in unknownKey. */
    private GetConfigurationResponse getConfiguration(GetConfigurationRequest request) {
        List<String> wanted = request.getKey() == null || request.getKey().isEmpty()
                ? List.copyOf(keys.keySet()) : request.getKey();
        List<KeyValue> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : wanted) {
            Key key = keys.get(name);
            if (key == null) {
                unknown.add(name);
            } else {
                known.add(new KeyValue().withKey(name).withReadonly(key.readonly())
                        .withValue(changedKeys.getOrDefault(name, key.initial().get())));
            }
        }
        return new GetConfigurationResponse().withConfigurationKey(known)
                .withUnknownKey(unknown.isEmpty() ? null : unknown);
    }

    private ChangeConfigurationResponse changeConfiguration(ChangeConfigurationRequest request, CallContext context) {
        Key key = keys.get(request.getKey());
        ConfigurationStatus status;
        if (key == null) {
            status = ConfigurationStatus.NOT_SUPPORTED;
        } else if (key.readonly()) {
            status = ConfigurationStatus.REJECTED;
        } else if (request.getKey().equals("HeartbeatInterval")) {
            // The runtime takes an accepted change of this key in by itself (1.6 §9.1.11), and GetConfiguration
            // reads it back from there; a value it could not use is refused rather than reported but ignored.
            status = positiveSeconds(request.getValue()) ? ConfigurationStatus.ACCEPTED : ConfigurationStatus.REJECTED;
        } else if (request.getKey().equals("SecurityProfile")) {
            status = raiseSecurityProfile(request.getValue(), context);
        } else if (request.getKey().startsWith("TransactionMessage")
                && !atLeast(request.getValue(), request.getKey().endsWith("Attempts") ? 1 : 0)) {
            status = ConfigurationStatus.REJECTED;
        } else {
            changedKeys.put(request.getKey(), request.getValue());
            status = ConfigurationStatus.ACCEPTED;
        }
        return new ChangeConfigurationResponse().withStatus(status);
    }

    /**
     * Security white paper A05: a higher security profile once its prerequisites are there (FR.01-04: above the one in
     * force, a password for 1 and 2, a CSMS root for 2 and 3, a station certificate for 3, and here a TLS endpoint
     * to go to for 2 and 3), else Rejected. Accepted, the station drops the connection once the answer is out and
     * reconnects on the new profile (FR.05-07), to the {@code wss://} endpoint it was configured with for 2 and 3;
     * after {@value ProfileUpgrade#DEFAULT_ATTEMPTS} failed attempts it falls back to the profile before (FR.08).
     * The key reads back the profile the station connects with: once connected on the new one, the old one is gone
     * for good (FR.09).
     */
    private ConfigurationStatus raiseSecurityProfile(String value, CallContext context) {
        int target;
        try {
            target = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            print("SecurityProfile " + value + " refused: not a number");
            return ConfigurationStatus.REJECTED;
        }
        // The profile in use (a switch on trial counts once it has connected).
        ConnectionProfile current = ocppClient.connectedProfile().orElse(ocppClient.connectionProfile());
        URI endpoint = target >= 2 ? secureEndpoint : current.endpoint();
        Optional<String> refusal = upgrade.refusal(current, target, endpoint, false);
        if (refusal.isPresent()) {
            print("SecurityProfile " + target + " refused: " + refusal.get());
            return ConfigurationStatus.REJECTED;
        }
        ConnectionProfile next = upgrade.profile(current, target, endpoint);
        afterAnswer.then(context, () -> upgrade.switchTo(context.session(), next, ProfileUpgrade.DEFAULT_ATTEMPTS));
        return ConfigurationStatus.ACCEPTED;
    }

    /**
     * Security white paper M05: a CentralSystemRootCertificate that is a valid root is kept (it is what a raise to
     * security profile 2 trusts); anything else, and manufacturer roots, which the station has no use for (its
     * firmware updates are refused anyway), Rejected.
     */
    private InstallCertificateResponse installCertificate(InstallCertificateRequest request) {
        boolean installed = request.getCertificateType() == CertificateUse.CENTRAL_SYSTEM_ROOT_CERTIFICATE
                && upgrade.installCsmsRoot(request.getCertificate());
        return new InstallCertificateResponse().withStatus(installed
                ? InstallCertificateStatus.ACCEPTED : InstallCertificateStatus.REJECTED);
    }

    /** Security white paper M03: the CSMS roots installed; the station keeps no manufacturer roots. */
    private GetInstalledCertificateIdsResponse installedCertificates(GetInstalledCertificateIdsRequest request) {
        List<CertificateHash> roots = request.getCertificateType() == CertificateUse.CENTRAL_SYSTEM_ROOT_CERTIFICATE
                ? upgrade.csmsRootHashes() : List.of();
        if (roots.isEmpty()) {
            return new GetInstalledCertificateIdsResponse().withStatus(GetInstalledCertificateStatus.NOT_FOUND);
        }
        return new GetInstalledCertificateIdsResponse().withStatus(GetInstalledCertificateStatus.ACCEPTED)
                .withCertificateHashData(roots.stream().map(h -> new CertificateHashData()
                        .withHashAlgorithm(dev.ocpp.v16.types.HashAlgorithm.fromValue(h.hashAlgorithm().wireName()))
                        .withIssuerNameHash(h.issuerNameHash())
                        .withIssuerKeyHash(h.issuerKeyHash())
                        .withSerialNumber(h.serialNumber())).toList());
    }

    /** Security white paper M04: an installed CSMS root, unless it is the one connected with (then Failed). */
    private DeleteCertificateResponse deleteCertificate(DeleteCertificateRequest request) {
        CertificateHashData data = request.getCertificateHashData();
        CertificateHash wanted;
        try {
            wanted = new CertificateHash(dev.ocpp.security.pki.HashAlgorithm.fromWireName(
                    data.getHashAlgorithm().value()), data.getIssuerNameHash(), data.getIssuerKeyHash(),
                    data.getSerialNumber());
        } catch (IllegalArgumentException e) {
            return new DeleteCertificateResponse().withStatus(DeleteCertificateStatus.NOT_FOUND);
        }
        return new DeleteCertificateResponse().withStatus(
                switch (upgrade.deleteCsmsRoot(wanted, ocppClient.connectionProfile())) {
                    case DELETED -> DeleteCertificateStatus.ACCEPTED;
                    case IN_USE -> DeleteCertificateStatus.FAILED;
                    case NOT_FOUND -> DeleteCertificateStatus.NOT_FOUND;
                });
    }

    private static boolean atLeast(String value, long least) {
        try {
            return Long.parseLong(value.trim()) >= least;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean positiveSeconds(String value) {
        try {
            return Long.parseLong(value.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private TriggerMessageResponse triggerMessage(TriggerMessageRequest request, CallContext context) {
        int connectorId = request.getConnectorId() == null ? 1 : request.getConnectorId();
        Runnable send = switch (request.getRequestedMessage()) {
            case BOOT_NOTIFICATION -> this::bootNow;
            case HEARTBEAT -> () -> report("Heartbeat", heartbeat(context.session()));
            case STATUS_NOTIFICATION -> () -> report("StatusNotification",
                    statusNotification(context.session(), connectorId));
            case METER_VALUES -> () -> report("MeterValues", triggeredMeterValues(context.session(), connectorId));
            case DIAGNOSTICS_STATUS_NOTIFICATION -> () -> report("DiagnosticsStatusNotification",
                    typed(context.session()).call(new DiagnosticsStatusNotificationRequest()
                            .withStatus(DiagnosticsStatus.IDLE)));
            case FIRMWARE_STATUS_NOTIFICATION -> () -> report("FirmwareStatusNotification",
                    typed(context.session()).call(new FirmwareStatusNotificationRequest()
                            .withStatus(FirmwareStatus.IDLE)));
        };
        return new TriggerMessageResponse().withStatus(trigger(context, connectorId, send));
    }

    private ExtendedTriggerMessageResponse extendedTriggerMessage(ExtendedTriggerMessageRequest request,
                                                                  CallContext context) {
        int connectorId = request.getConnectorId() == null ? 1 : request.getConnectorId();
        ExtendedMessageTrigger requested = request.getRequestedMessage();
        Runnable send = switch (requested) {
            case BOOT_NOTIFICATION -> this::bootNow;
            case HEARTBEAT -> () -> report("Heartbeat", heartbeat(context.session()));
            case STATUS_NOTIFICATION -> () -> report("StatusNotification",
                    statusNotification(context.session(), connectorId));
            case METER_VALUES -> () -> report("MeterValues", triggeredMeterValues(context.session(), connectorId));
            case FIRMWARE_STATUS_NOTIFICATION -> () -> report("FirmwareStatusNotification",
                    typed(context.session()).call(new FirmwareStatusNotificationRequest()
                            .withStatus(FirmwareStatus.IDLE)));
            case LOG_STATUS_NOTIFICATION -> () -> report("LogStatusNotification",
                    typed(context.session()).call(new LogStatusNotificationRequest()
                            .withStatus(UploadLogStatus.IDLE)));
            case SIGN_CHARGE_POINT_CERTIFICATE -> () -> report("SignCertificate",
                    typed(context.session()).call(new SignCertificateRequest().withCsr(csr())));
        };
        return new ExtendedTriggerMessageResponse().withStatus(trigger(context, connectorId, send));
    }

    /**
     * A certificate signing request for a new key pair (security white paper A02): O is CpoName, the vendor here, CN
     * the identity, which serves as serial number. The key is not kept: the station would reject any certificate
     * (CertificateSigned is Rejected), as it keeps none.
     */
    private String csr() {
        return CertificateSigningRequest.chargingStation(KeyPairs.ecP256(), settings.vendor(), settings.identity())
                .toPem();
    }

    /** 1.6 §5.9: nothing is uploaded, and the upload is reported as failed (§4.4). */
    private GetDiagnosticsResponse diagnostics(GetDiagnosticsRequest request, CallContext context) {
        afterAnswer.then(context, () -> report("DiagnosticsStatusNotification", typed(context.session())
                .call(new DiagnosticsStatusNotificationRequest().withStatus(DiagnosticsStatus.UPLOAD_FAILED))));
        return new GetDiagnosticsResponse().withFileName("diagnostics-" + settings.identity() + ".log");
    }

    /** 1.6 §5.5: by id, or every profile when none is named; Unknown when nothing was cleared. */
    private ClearChargingProfileResponse clearChargingProfile(ClearChargingProfileRequest request) {
        boolean removed;
        if (request.getId() != null) {
            removed = chargingProfiles.remove(request.getId());
        } else {
            removed = !chargingProfiles.isEmpty();
            chargingProfiles.clear();
        }
        return new ClearChargingProfileResponse().withStatus(removed
                ? ClearChargingProfileStatus.ACCEPTED : ClearChargingProfileStatus.UNKNOWN);
    }

    /**
     * Security white paper L01: the signing certificate is checked against the manufacturer roots before accepting.
     * The station has none installed (InstallCertificate takes CSMS roots only), so no certificate is vouched for:
     * the answer is InvalidCertificate and the security event InvalidFirmwareSigningCertificate follows.
     */
    private SignedUpdateFirmwareResponse signedUpdateFirmware(SignedUpdateFirmwareRequest request,
                                                              CallContext context) {
        afterAnswer.then(context, () -> report("SecurityEventNotification", typed(context.session())
                .call(new SecurityEventNotificationRequest().withType("InvalidFirmwareSigningCertificate")
                        .withTimestamp(now()).withTechInfo("no manufacturer root certificate installed"))));
        return new SignedUpdateFirmwareResponse().withStatus(SignedUpdateFirmwareStatus.INVALID_CERTIFICATE);
    }

    /**
     * A triggered BootNotification (1.6 §5.17) goes through the runtime, so that its answer counts: a Pending
     * answer's wait, an Accepted one's interval; the heartbeats pause until it is answered Accepted.
     */
    private void bootNow() {
        print("BootNotification (triggered)");
        runtime.bootNow();
    }

    private CompletableFuture<?> heartbeat(OcppSession session) {
        return typed(session).call(new HeartbeatRequest());
    }

    /** Accepts a trigger for connector 0 (the whole station) or 1 and sends its message after the answer. */
    private TriggerMessageStatus trigger(CallContext context, int connectorId, Runnable send) {
        if (connectorId < 0 || connectorId > 1) {
            return TriggerMessageStatus.REJECTED;
        }
        afterAnswer.then(context, send);
        return TriggerMessageStatus.ACCEPTED;
    }

    /**
     * A reading now; during a transaction it belongs to it and is queued with its other messages, with the
     * transaction id once known, else for its StartTransaction.
     */
    private CompletableFuture<?> triggeredMeterValues(OcppSession session, int connectorId) {
        Tx t;
        Integer id;
        synchronized (lock) {
            t = connectorId == CONNECTOR ? current : null;
            id = transactionId;
        }
        if (t == null) {
            return typed(session).call(meterValues(connectorId, null, meter.wh(), ReadingContext.TRIGGER));
        }
        if (id != null) {
            return typed(session).call(meterValues(connectorId, id, meter.wh(), ReadingContext.TRIGGER));
        }
        return typed(session).call(meterValues(connectorId, 0, meter.wh(), ReadingContext.TRIGGER),
                CallOptions.defaults().withTransactionOf(t.record.startKey()));
    }

    private RemoteStartTransactionResponse remoteStart(RemoteStartTransactionRequest request, CallContext context) {
        boolean idle;
        synchronized (lock) {
            idle = !charging;
        }
        if (idle) {
            // The session starts once the answer is out, so that the CSMS sees Accepted before Authorize.
            afterAnswer.then(context, () -> charge(context.session(), request.getIdTag()));
        }
        return new RemoteStartTransactionResponse()
                .withStatus(idle ? RemoteStartStopStatus.ACCEPTED : RemoteStartStopStatus.REJECTED);
    }

    /**
     * The CSMS knows the transaction id as soon as it has answered StartTransaction, so its RemoteStop can overtake
     * the station's own handling of that answer; the decision waits until the answer is taken in.
     */
    private CompletableFuture<RemoteStopTransactionResponse> remoteStop(RemoteStopTransactionRequest request,
                                                                        CallContext context) {
        CompletableFuture<Integer> starting;
        synchronized (lock) {
            starting = transactionKnown;
        }
        return starting.handle((id, failure) -> stopIfRunning(request, context));
    }

    private RemoteStopTransactionResponse stopIfRunning(RemoteStopTransactionRequest request, CallContext context) {
        boolean running;
        CompletableFuture<Void> cut;
        synchronized (lock) {
            running = request.getTransactionId().equals(transactionId);
            if (running && stopReason == null) {
                stopReason = Reason.REMOTE;
            }
            cut = running ? pause : null;
        }
        if (cut != null) {
            // Ends the pause once the answer is out, so that the CSMS sees Accepted before StopTransaction.
            afterAnswer.then(context, () -> cut.complete(null));
        }
        return new RemoteStopTransactionResponse()
                .withStatus(running ? RemoteStartStopStatus.ACCEPTED : RemoteStartStopStatus.REJECTED);
    }

    /**
     * OCPP 1.6 §5.14: Accepted; once the answer is out a running transaction stops with reason SoftReset or
     * HardReset (§5.14 asks a hard reset to try to, a soft one to do so gracefully: the simulator does both the same
     * way) and, once it has, the station boots again. The simulator reboots without dropping its connection, so the
     * BootNotification goes out on it.
     */
    private ResetResponse reset(ResetRequest request, CallContext context) {
        Reason reason = request.getType() == ResetType.HARD ? Reason.HARD_RESET : Reason.SOFT_RESET;
        afterAnswer.then(context, () -> {
            Tx running;
            CompletableFuture<Void> sessionOver;
            synchronized (lock) {
                running = current;
                sessionOver = idle;
            }
            if (running != null) {
                requestStop(running, reason);
            }
            sessionOver.whenComplete((done, failure) -> {
                print("Resetting: booting again");
                runtime.bootNow();
            });
        });
        return new ResetResponse().withStatus(ResetStatus.ACCEPTED);
    }

    private GetCompositeScheduleResponse compositeSchedule(GetCompositeScheduleRequest request) {
        ChargingRateUnit unit = request.getChargingRateUnit() == null ? ChargingRateUnit.A
                : request.getChargingRateUnit();
        double limit = unit == ChargingRateUnit.A ? EnergyMeter.MAX_AMPS : EnergyMeter.POWER_W;
        OffsetDateTime start = now();
        return new GetCompositeScheduleResponse()
                .withStatus(GetCompositeScheduleStatus.ACCEPTED)
                .withConnectorId(request.getConnectorId())
                .withScheduleStart(start)
                .withChargingSchedule(new ChargingSchedule()
                        .withDuration(request.getDuration())
                        .withStartSchedule(start)
                        .withChargingRateUnit(unit)
                        .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod()
                                .withStartPeriod(0)
                                .withLimit(limit)
                                .withNumberPhases(3))));
    }

    private void report(String action, CompletableFuture<?> call) {
        call.whenComplete((answer, failure) -> print(action + " (triggered) -> "
                + (failure == null ? "answered" : "failed: " + Async.describe(failure))));
    }

    private static Ocpp16CentralSystemSession typed(OcppSession session) {
        return Ocpp16CentralSystemSession.of(session);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void showSecrets(boolean show) {
        this.showSecrets = show;
    }

    @Override
    public void security(StationSecurity security, URI secureEndpoint) {
        this.upgrade = new ProfileUpgrade(security, dev.ocpp.core.OcppVersion.OCPP16, this::print);
        this.secureEndpoint = secureEndpoint;
    }

    /** {@code token} as output lines show it: masked unless {@link #showSecrets} was asked for. */
    private String shown(String token) {
        return showSecrets ? token : FrameRedactor.MASK;
    }

    private void print(String line) {
        if (log != null) {
            log.accept(line);
        }
    }
}
