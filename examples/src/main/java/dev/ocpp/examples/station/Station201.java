package dev.ocpp.examples.station;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionProfile;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.typed.TypedClientBuilder;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.security.pki.CertificateSigningRequest;
import dev.ocpp.security.pki.KeyPairs;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.CancelReservationRequest;
import dev.ocpp.v201.messages.CancelReservationResponse;
import dev.ocpp.v201.messages.ChangeAvailabilityRequest;
import dev.ocpp.v201.messages.ChangeAvailabilityResponse;
import dev.ocpp.v201.messages.FirmwareStatusNotificationRequest;
import dev.ocpp.v201.messages.GetTransactionStatusRequest;
import dev.ocpp.v201.messages.GetTransactionStatusResponse;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.LogStatusNotificationRequest;
import dev.ocpp.v201.messages.MeterValuesRequest;
import dev.ocpp.v201.messages.RequestStartTransactionRequest;
import dev.ocpp.v201.messages.RequestStartTransactionResponse;
import dev.ocpp.v201.messages.RequestStopTransactionRequest;
import dev.ocpp.v201.messages.RequestStopTransactionResponse;
import dev.ocpp.v201.messages.ReserveNowRequest;
import dev.ocpp.v201.messages.ReserveNowResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.messages.SetVariablesRequest;
import dev.ocpp.v201.messages.SetVariablesResponse;
import dev.ocpp.v201.messages.SignCertificateRequest;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.messages.TriggerMessageRequest;
import dev.ocpp.v201.messages.TriggerMessageResponse;
import dev.ocpp.v201.messages.UnlockConnectorRequest;
import dev.ocpp.v201.messages.UnlockConnectorResponse;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.CancelReservationStatusEnum;
import dev.ocpp.v201.types.CertificateSigningUseEnum;
import dev.ocpp.v201.types.ChangeAvailabilityStatusEnum;
import dev.ocpp.v201.types.ChargingStateEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.ConnectorStatusEnum;
import dev.ocpp.v201.types.EVSE;
import dev.ocpp.v201.types.FirmwareStatusEnum;
import dev.ocpp.v201.types.IdToken;
import dev.ocpp.v201.types.IdTokenEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.LocationEnum;
import dev.ocpp.v201.types.MeasurandEnum;
import dev.ocpp.v201.types.MessageTriggerEnum;
import dev.ocpp.v201.types.MeterValue;
import dev.ocpp.v201.types.OperationalStatusEnum;
import dev.ocpp.v201.types.ReadingContextEnum;
import dev.ocpp.v201.types.ReasonEnum;
import dev.ocpp.v201.types.RequestStartStopStatusEnum;
import dev.ocpp.v201.types.ReserveNowStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import dev.ocpp.v201.types.SampledValue;
import dev.ocpp.v201.types.StatusInfo;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerMessageStatusEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import dev.ocpp.v201.types.UnitOfMeasure;
import dev.ocpp.v201.types.UnlockStatusEnum;
import dev.ocpp.v201.types.UploadLogStatusEnum;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The OCPP 2.0.1 station, on the typed 2.0.1 API ({@link Ocpp201ChargingStation} with boot gating): one EVSE with
 * one connector and an energy meter. The library boots it and sends its heartbeats
 * ({@link Ocpp201ChargingStation.Builder#bootNotification}, with the boot reason of the moment); once accepted it
 * reports the connector Available, and then runs charging sessions: Authorize, TransactionEvent Started, a few
 * Updated with a rising Energy.Active.Import.Register in Wh, Ended. Until the CSMS accepts its BootNotification it
 * sends nothing else (B01-B03), and once Rejected it answers the CSMS's calls with SecurityError.
 *
 * <p>The TransactionEvents go through the station's {@link DeliveryQueue} (E04, E13): queued durably before the call
 * returns, numbered by the queue (seqNo from 0 per transaction, in the order queued), flagged {@code offline} when
 * queued without a connection (E04.FR.03), delivered in order and retried as {@code MessageAttempts} and
 * {@code MessageAttemptInterval} say, so a session goes on metering without waiting for answers. Their keys are
 * {@code <identity>/tx<n>/started}, {@code .../updated<k>} and {@code .../ended}. A session that begins without a
 * connection starts without Authorize, as a station with {@code OfflineTxForUnknownIdEnabled} set does (C15).
 *
 * <p>While a transaction is open the station keeps a record of it in the queue's store ({@link OpenTransaction}),
 * with the last meter reading. A station switched off mid-transaction ({@link #halt()}) leaves it open; at its next
 * start, before charging again, {@link #recover} ends it: Ended with stoppedReason PowerLoss, the same transactionId,
 * and the next seqNo of that transaction, which the queue kept in its store. Thread-safe.
 *
 * <p>It answers each of the 39 calls a CSMS may make, and DataTransfer, with a schema-valid response; here the ones
 * that touch the charging session, the rest in {@link Station201Management} and the device model in
 * {@link Station201DeviceModel}:
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>action</th><th>answer</th></tr>
 *   <tr><td>GetVariables / SetVariables</td><td>from the device model; unknown ones UnknownComponent or
 *       UnknownVariable, read-only ones Rejected</td></tr>
 *   <tr><td>RequestStartTransaction</td><td>Accepted when idle, operative and accepted by the CSMS; a transaction
 *       with the given idToken follows (without Authorize: AuthorizeRemoteStart is false)</td></tr>
 *   <tr><td>RequestStopTransaction</td><td>Accepted for the running transaction, which then ends at once (Remote);
 *       Rejected otherwise</td></tr>
 *   <tr><td>Reset</td><td>Accepted: a running transaction ends (ImmediateReset), then the station boots again
 *       (RemoteReset), on the network profile NetworkConfigurationPriority puts first when that is not the one in
 *       use ({@link Station201Network}); OnIdle while charging: Scheduled, the reset follows the transaction</td></tr>
 *   <tr><td>TriggerMessage</td><td>Accepted, and the message follows the answer; BootNotification only while not
 *       Accepted (F06.FR.17), TransactionEvent only during a transaction; SignChargingStationCertificate a
 *       SignCertificate with the CSR of a new key pair (A02, the key is not kept), V2G certificates Rejected</td></tr>
 *   <tr><td>ChangeAvailability</td><td>Accepted and reported with a StatusNotification; Scheduled while
 *       charging</td></tr>
 *   <tr><td>GetTransactionStatus, UnlockConnector, ReserveNow, CancelReservation</td><td>from the session's
 *       state</td></tr>
 * </table>
 */
public final class Station201 implements StationProtocol {

    /**
     * TransactionEvent Updated per charging session unless set: enough to show the register rising, few enough to end
     * soon.
     */
    static final int METER_VALUES = 3;
    /** The only EVSE and connector. */
    static final int EVSE_ID = 1;
    static final int CONNECTOR_ID = 1;

    /**
     * What to simulate.
     *
     * @param identity      the station identity, used in the serial number and file names
     * @param vendor        sent in BootNotification
     * @param model         sent in BootNotification (at most 20 characters)
     * @param idToken       the idToken of the charging session after boot
     * @param meterInterval the time between Started, each Updated and Ended
     * @param meterValues   how many Updated each charging session sends before it ends
     */
    public record Settings(String identity, String vendor, String model, String idToken, Duration meterInterval,
                           int meterValues) {
        public Settings {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(idToken, "idToken");
            Objects.requireNonNull(meterInterval, "meterInterval");
            if (meterInterval.isNegative()) {
                throw new IllegalArgumentException("meter interval must not be negative");
            }
            if (meterValues < 0) {
                throw new IllegalArgumentException("meter values must not be negative");
            }
        }

        /** Settings with {@value #METER_VALUES} Updated per session. */
        public Settings(String identity, String vendor, String model, String idToken, Duration meterInterval) {
            this(identity, vendor, model, idToken, meterInterval, METER_VALUES);
        }

        /** The idToken a station uses unless told otherwise: derived from its identity, within 36 characters. */
        public static String defaultIdToken(String identity) {
            String token = "TAG-" + identity;
            return token.length() <= 36 ? token : token.substring(0, 36);
        }

        /** BootNotification's serialNumber allows 25 characters. */
        String serialNumber() {
            String serial = "SN-" + identity;
            return serial.length() <= 25 ? serial : serial.substring(0, 25);
        }
    }

    /** Why a transaction ends: the trigger and reason its Ended event carries, and whether it names the idToken. */
    private enum Stop {
        /** The driver presents the idToken again: the session's normal end. */
        LOCAL(TriggerReasonEnum.STOP_AUTHORIZED, ReasonEnum.LOCAL, true),
        REMOTE(TriggerReasonEnum.REMOTE_STOP, ReasonEnum.REMOTE, false),
        RESET(TriggerReasonEnum.RESET_COMMAND, ReasonEnum.IMMEDIATE_RESET, false),
        DEAUTHORIZED(TriggerReasonEnum.DEAUTHORIZED, ReasonEnum.DE_AUTHORIZED, false),
        /** The cable was pulled out while charging (E06, E07). */
        EV_DISCONNECTED(TriggerReasonEnum.EV_COMMUNICATION_LOST, ReasonEnum.EV_DISCONNECTED, false);

        final TriggerReasonEnum trigger;
        final ReasonEnum reason;
        final boolean withIdToken;

        Stop(TriggerReasonEnum trigger, ReasonEnum reason, boolean withIdToken) {
            this.trigger = trigger;
            this.reason = reason;
            this.withIdToken = withIdToken;
        }
    }

    /** A running transaction; its mutable fields are guarded by the station's lock but {@link #record}. */
    private static final class Tx {
        final String id;
        final IdToken idToken;
        final Integer remoteStartId;
        final int meterStart;
        /** What is on record about it; written under the station's {@code steps} monitor. */
        volatile OpenTransaction record;
        /** How many Updated were queued, periodic or triggered: they name their delivery keys. */
        int updates;
        Stop stop;
        /** The pause before the next meter sample, which a stop cuts short. */
        CompletableFuture<Void> pause = CompletableFuture.completedFuture(null);

        Tx(OpenTransaction record, IdToken idToken, Integer remoteStartId) {
            this.id = record.transactionId();
            this.idToken = idToken;
            this.remoteStartId = remoteStartId;
            this.meterStart = record.meterWh();
            this.record = record;
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> log;
    /** Whether output lines show idTags/idTokens; by default they are masked (personal data). */
    private volatile boolean showSecrets;
    private final Clock clock = Clock.systemUTC();
    private final EnergyMeter meter = new EnergyMeter();
    private final AfterAnswer afterAnswer = new AfterAnswer();
    /** Set by {@link #security}: the CSMS roots installed and the raise of the security profile (A05). */
    private volatile ProfileUpgrade upgrade = new ProfileUpgrade(null, OcppVersion.OCPP201, null);
    /** Set once built: connects the station; its connection profile in force is the security profile reported. */
    private volatile OcppClient ocppClient;
    /** The network connection profiles (B09, B10). */
    private final Station201Network network;
    private final Station201DeviceModel deviceModel;
    private final Station201Management management;
    private final Set<Integer> reservations = ConcurrentHashMap.newKeySet();

    /** Set once built: boots the station, sends its heartbeats and knows the heartbeat interval in force. */
    private volatile StationRuntime runtime;
    /** Set once built: the queue of the transaction messages, and the station's durable records beside them. */
    private volatile DeliveryQueue queue;
    private volatile TransactionRecords records;
    /** Set once connected: the typed, boot-gated view of the connection. */
    private volatile Ocpp201CsmsSession csms;
    /** Sent with the next BootNotification: PowerUp at first, then why the station boots again. */
    private volatile BootReasonEnum bootReason = BootReasonEnum.POWER_UP;

    /**
     * Held for each step of a session that queues an event and writes its record, and by {@link #halt()}: once the
     * station is switched off no step is half done and none begins. Taken before {@link #lock}, never inside it.
     */
    private final Object steps = new Object();
    private final Object lock = new Object();
    /** Guarded by {@link #lock} (written under {@link #steps} too): switched off, nothing more is queued. */
    private boolean halted;
    /** Guarded by {@link #lock}: a session runs, from its Authorize to the delivery of its Ended. */
    private boolean charging;
    /** Guarded by {@link #lock}: completes when the running session ends, so that the next may begin. */
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);
    /** Guarded by {@link #lock}; {@code null} when no transaction runs. */
    private Tx tx;
    /** Guarded by {@link #lock}. */
    private boolean operative = true;
    /** Guarded by {@link #lock}: an availability change waiting for the transaction to end, or {@code null}. */
    private OperationalStatusEnum scheduledAvailability;
    /** Guarded by {@link #lock}: a reset waiting for the transaction to end. */
    private boolean resetScheduled;

    /**
     * @param scheduler runs the pauses between meter samples; owned by the caller
     * @param log       receives one line per step; {@code null} for silence
     */
    public Station201(Settings settings, ScheduledExecutorService scheduler, Consumer<String> log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.log = log;
        // Whole seconds, rounded up: 0 would mean "no sampling", which is not what the station does.
        long meterSeconds = (settings.meterInterval().toMillis() + 999) / 1000;
        this.network = new Station201Network(() -> upgrade, () -> ocppClient, this::print);
        this.deviceModel = new Station201DeviceModel(settings.vendor(), settings.model(), settings.serialNumber(),
                () -> connectorStatus().value(), () -> Math.max(1, runtime.heartbeatInterval().toSeconds()),
                meterSeconds, () -> queue.retrySettings(),
                () -> ocppClient.connectedProfile().orElse(ocppClient.connectionProfile()).securityProfile(), network);
        this.management = new Station201Management(settings.identity(), deviceModel, afterAnswer, this::csms,
                this::runningTransactionId, clock, this::print);
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
        Ocpp201ChargingStation.Builder b = Ocpp201ChargingStation.builder(transports.client())
                .endpoint(endpoint)
                .identity(identity)
                .sessionConfig(sessions.toBuilder()
                        .listener(OcppEventListener.compose(sessions.listener(), afterAnswer))
                        .build())
                // Made afresh for every BootNotification the runtime sends: the reason changes after a reset.
                .bootNotification(this::bootNotification)
                .bootGating(true)
                .on(GetVariablesRequest.class, get -> new GetVariablesResponse()
                        .withGetVariableResult(get.getGetVariableData().stream().map(deviceModel::get).toList()))
                .on(SetVariablesRequest.class, set -> new SetVariablesResponse()
                        .withSetVariableResult(set.getSetVariableData().stream().map(deviceModel::set).toList()))
                .on(RequestStartTransactionRequest.class, this::requestStart)
                .on(RequestStopTransactionRequest.class, this::requestStop)
                .on(GetTransactionStatusRequest.class, this::transactionStatus)
                .on(ResetRequest.class, this::reset)
                .on(TriggerMessageRequest.class, this::triggerMessage)
                .on(ChangeAvailabilityRequest.class, this::changeAvailability)
                .on(UnlockConnectorRequest.class, this::unlock)
                .on(ReserveNowRequest.class, this::reserve)
                .on(CancelReservationRequest.class, cancel -> new CancelReservationResponse().withStatus(
                        reservations.remove(cancel.getReservationId())
                                ? CancelReservationStatusEnum.ACCEPTED : CancelReservationStatusEnum.REJECTED));
        management.register(b);
        network.register(b);
        stationSettings.accept(b);
        // With the queue's defaults (an in-memory store) unless the settings gave it a store of their own.
        b.delivery(q -> { });
        Ocpp201ChargingStation built = b.build();
        ocppClient = built.client();
        network.started(ocppClient.connectionProfile(), sessions.callTimeout());
        runtime = built.runtime().orElseThrow();
        queue = built.delivery().orElseThrow();
        records = new TransactionRecords(queue.state());
        // A real register never runs backwards: it goes on from the last reading the station recorded.
        meter.restore(records.meterWh());
        return new Client(built.uri(), runtime, queue, () -> built.connect().thenApply(connected -> {
            csms = connected;
            return connected.session();
        }));
    }

    private BootNotificationRequest bootNotification() {
        return new BootNotificationRequest()
                .withReason(bootReason)
                .withChargingStation(new ChargingStation()
                        .withVendorName(settings.vendor())
                        .withModel(settings.model())
                        .withSerialNumber(settings.serialNumber()));
    }

    @Override
    public CompletableFuture<Void> reportAvailable(OcppSession session) {
        // The runtime may have booted the station before the connect future handed over the typed view.
        if (csms == null) {
            csms = Ocpp201CsmsSession.of(session);
        }
        return statusNotification();
    }

    @Override
    public CompletableFuture<ChargingSession> charge(OcppSession session) {
        return charge(new IdToken().withIdToken(settings.idToken()).withType(IdTokenEnum.LOCAL), null, true);
    }

    @Override
    public CompletableFuture<ChargingSession> charge(OcppSession session, String idToken) {
        return charge(new IdToken().withIdToken(idToken).withType(IdTokenEnum.ISO_14443), null);
    }

    @Override
    public boolean unplugged() {
        return stopTransaction(Stop.EV_DISCONNECTED, null);
    }

    // ------------------------------------------------------------------ the charging session

    /**
     * Runs one charging session with {@code idToken}: Authorize (skipped for a remote start, which the CSMS
     * authorized, and without a connection), TransactionEvent Started, the settings' number of Updated a meter
     * interval apart, Ended; a stop request or a reset ends it at once. The events are queued and the session goes on
     * without waiting for their answers; the future completes once Ended has been delivered. Fails if a session is
     * already running, if the idToken is not accepted at Authorize, or if the station is switched off first.
     *
     * @param remoteStartId the id of the RequestStartTransaction that asked for it, or {@code null}
     */
    public CompletableFuture<ChargingSession> charge(IdToken idToken, Integer remoteStartId) {
        return charge(idToken, remoteStartId, false);
    }

    /** As {@link #charge(IdToken, Integer)}; with {@code whenFree}, after the running session instead of failing. */
    private CompletableFuture<ChargingSession> charge(IdToken idToken, Integer remoteStartId, boolean whenFree) {
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
                idle = new CompletableFuture<>();
            }
            ends = idle;
        }
        if (busy != null) {
            return busy.thenCompose(free -> charge(idToken, remoteStartId, true));
        }
        CompletableFuture<ChargingSession> done;
        Ocpp201CsmsSession cs = csms();
        if (remoteStartId != null) {
            done = start(idToken, TriggerReasonEnum.REMOTE_START, remoteStartId);
        } else if (!cs.session().isOpen()) {
            // OfflineTxForUnknownIdEnabled (C15): the driver need not wait for the CSMS.
            print("Offline: charging " + shown(idToken.getIdToken())
                    + " without Authorize (OfflineTxForUnknownIdEnabled)");
            done = start(idToken, TriggerReasonEnum.AUTHORIZED, null);
        } else {
            // Authorize is not a transaction message: the queue does not keep it, so it is asked again until answered.
            done = Async.untilAnswered(cs.session(), scheduler, "Authorize", this::print,
                    () -> cs.call(new AuthorizeRequest().withIdToken(idToken))).thenCompose(auth -> {
                AuthorizationStatusEnum status = auth.getIdTokenInfo().getStatus();
                print("Authorize " + shown(idToken.getIdToken()) + " -> " + status.value());
                if (status != AuthorizationStatusEnum.ACCEPTED) {
                    throw new CompletionException(new IllegalStateException(
                            "idToken " + shown(idToken.getIdToken()) + " not authorized: " + status.value()));
                }
                return start(idToken, TriggerReasonEnum.AUTHORIZED, null);
            });
        }
        return done.whenComplete((result, failure) -> {
            boolean reset;
            OperationalStatusEnum availability;
            synchronized (lock) {
                charging = false;
                tx = null;
                reset = resetScheduled && !halted;
                resetScheduled = false;
                availability = halted ? null : scheduledAvailability;
                scheduledAvailability = null;
                if (availability != null) {
                    operative = availability == OperationalStatusEnum.OPERATIVE;
                }
            }
            if (failure != null) {
                print("Charging session failed: " + Async.describe(failure));
            } else {
                print(String.format("Charging session done: %d Wh in transaction %s", result.energyWh(),
                        result.transactionId()));
            }
            ends.complete(null);
            if (reset) {
                reboot();
            } else if (availability != null) {
                report("StatusNotification", statusNotification());
            }
        });
    }

    /** Queues Started, with the transaction on record first, then samples without waiting for the answer. */
    private CompletableFuture<ChargingSession> start(IdToken idToken, TriggerReasonEnum trigger,
                                                     Integer remoteStartId) {
        Tx t;
        CompletableFuture<TransactionEventResponse> started;
        synchronized (steps) {
            if (switchedOff()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the station is switched off"));
            }
            long number = records.nextNumber();
            String id = UUID.randomUUID().toString();
            OpenTransaction record = new OpenTransaction(EVSE_ID, number,
                    settings.identity() + "/tx" + number + "/started", id, idToken.getIdToken(), meter.wh(),
                    clock.instant(), false);
            // On record before it is queued: a crash in between leaves a record of a transaction never begun, which
            // recover() recognises, rather than a transaction begun without a record, which nothing would end.
            records.put(record);
            t = new Tx(record, idToken, remoteStartId);
            // Running before Started is queued: the CSMS may act on it (a stop, a reset) before call() returns.
            synchronized (lock) {
                tx = t;
            }
            started = event(t, TransactionEventEnum.STARTED, trigger, null, true, record.meterWh(),
                    ReadingContextEnum.TRANSACTION_BEGIN, "started");
            if (started.isCompletedExceptionally()) {
                // Not queued (no room, the store failed) or refused outright: nothing to end later.
                records.forget(EVSE_ID);
                return started.thenApply(never -> null);
            }
            t.record = record.queued();
            records.put(t.record);
        }
        started.whenComplete((answer, failure) -> {
            if (failure != null) {
                return;
            }
            IdTokenInfo info = answer.getIdTokenInfo();
            print(String.format("TransactionEvent Started -> transaction %s, meter %d Wh, idToken %s", t.id,
                    t.meterStart, info == null ? "(no answer)" : info.getStatus().value()));
            // The CSMS refused the idToken after all: end at once, as a station with TxCtrlr.StopTxOnInvalidId
            // set does.
            if (info != null && info.getStatus() != AuthorizationStatusEnum.ACCEPTED) {
                stopTransaction(Stop.DEAUTHORIZED, t.id);
            }
        });
        return sample(t, 0);
    }

    /**
     * Waits a meter interval (or until a stop), then queues the next Updated or, after the last one or when stopped,
     * Ended.
     */
    private CompletableFuture<ChargingSession> sample(Tx t, int sent) {
        CompletableFuture<Void> next = Async.delay(scheduler, settings.meterInterval());
        synchronized (lock) {
            t.pause = next;
            if (t.stop != null || halted) {
                next.complete(null);
            }
        }
        return next.thenCompose(ignored -> {
            Stop stop;
            synchronized (lock) {
                stop = t.stop;
            }
            if (stop != null || sent >= settings.meterValues()) {
                return end(t, sent, stop != null ? stop : Stop.LOCAL);
            }
            int wh;
            CompletableFuture<TransactionEventResponse> answered;
            synchronized (steps) {
                if (switchedOff()) {
                    throw new CompletionException(switchedOffDuring(t));
                }
                wh = meter.charge(settings.meterInterval());
                answered = event(t, TransactionEventEnum.UPDATED, TriggerReasonEnum.METER_VALUE_PERIODIC, null, false,
                        wh, ReadingContextEnum.SAMPLE_PERIODIC, null);
                t.record = t.record.withMeterWh(wh);
                records.put(t.record);
            }
            answered.whenComplete((answer, failure) -> print(failure == null
                    ? String.format("TransactionEvent Updated %d Wh (transaction %s) -> answered", wh, t.id)
                    : String.format("TransactionEvent Updated %d Wh -> not delivered: %s", wh,
                            Async.describe(failure))));
            return sample(t, sent + 1);
        });
    }

    /** Queues Ended and takes the transaction off record; completes once it is delivered. */
    private CompletableFuture<ChargingSession> end(Tx t, int sent, Stop stop) {
        int meterStop;
        CompletableFuture<TransactionEventResponse> ended;
        synchronized (steps) {
            if (switchedOff()) {
                throw new CompletionException(switchedOffDuring(t));
            }
            meterStop = meter.wh();
            ended = event(t, TransactionEventEnum.ENDED, stop.trigger, stop.reason, stop.withIdToken, meterStop,
                    ReadingContextEnum.TRANSACTION_END, "ended");
            records.endedOnceQueued(ended, this::print, t.record, meterStop);
        }
        return ended.thenApply(answer -> {
            print(String.format("TransactionEvent Ended -> transaction %s, meter %d Wh, reason %s", t.id,
                    meterStop, stop.reason.value()));
            return new ChargingSession(t.idToken.getIdToken(), t.id, t.meterStart, meterStop, sent,
                    stop.reason.value());
        });
    }

    /**
     * Queues one TransactionEvent of {@code t}. The queue numbers it (seqNo, per transaction, in the order queued:
     * the CSMS reads a gap as a lost event, Part 2 §E 1.3.2) and flags it offline when queued without a connection
     * (E04.FR.03); the 0 put here is a placeholder.
     *
     * @param keySuffix the last part of its delivery key, or {@code null} for the next {@code updated<n>}
     */
    private CompletableFuture<TransactionEventResponse> event(Tx t, TransactionEventEnum type,
                                                              TriggerReasonEnum trigger, ReasonEnum stoppedReason,
                                                              boolean withIdToken, int wh,
                                                              ReadingContextEnum context, String keySuffix) {
        boolean started = type == TransactionEventEnum.STARTED;
        String key;
        synchronized (lock) {
            key = t.record.keyPrefix() + "/" + (keySuffix != null ? keySuffix : "updated" + (++t.updates));
        }
        TransactionEventRequest request = new TransactionEventRequest()
                .withEventType(type)
                .withTimestamp(now())
                .withTriggerReason(trigger)
                .withSeqNo(0)
                .withTransactionInfo(new Transaction()
                        .withTransactionId(t.id)
                        .withChargingState(started ? ChargingStateEnum.CHARGING : null)
                        .withStoppedReason(stoppedReason)
                        .withRemoteStartId(started ? t.remoteStartId : null))
                // The EVSE need only be named in a transaction's first event.
                .withEvse(started ? new EVSE().withId(EVSE_ID).withConnectorId(CONNECTOR_ID) : null)
                .withIdToken(withIdToken ? t.idToken : null)
                .withMeterValue(List.of(meterValue(wh, context)));
        return csms().call(request, CallOptions.defaults().withMessageKey(key));
    }

    /**
     * Ends each transaction an earlier run left open: TransactionEvent Ended with triggerReason AbnormalCondition
     * (the station lost power, a fault the CSMS did not ask for) and stoppedReason PowerLoss, the last reading on
     * record and the time now, with the same transactionId; the queue numbers it after the transaction's events of
     * the earlier run, from the counter it keeps in the store.
     */
    @Override
    public void recover(OcppSession session) {
        synchronized (steps) {
            if (switchedOff()) {
                return;
            }
            List<OpenTransaction> open = records.open(bad -> print("Unreadable transaction record dropped: " + bad));
            // A session may have begun since the boot (a remote start the CSMS sent on the first status report):
            // its record is this run's, not one left open by the last (found by STATION-F03-remote-stop).
            Tx running;
            synchronized (lock) {
                running = tx;
            }
            if (running != null) {
                open = open.stream().filter(t -> t.number() != running.record.number()).toList();
            }
            if (!open.isEmpty()) {
                print(open.size() + " transaction(s) left open by the last run");
            }
            Set<String> queued = queue.pending().stream().map(StoredMessage::key).collect(Collectors.toSet());
            for (OpenTransaction t : open) {
                recover(t, queued);
            }
        }
    }

    /** Ends one transaction left open. Under {@link #steps}. */
    private void recover(OpenTransaction t, Set<String> queued) {
        meter.restore(t.meterWh());
        String endedKey = t.keyPrefix() + "/ended";
        String tx = "tx" + t.number();
        if (queued.contains(endedKey)) {
            // Went down between queueing Ended and clearing the record: nothing left to do.
            records.ended(t.connector(), t.meterWh());
            print("Recovered " + tx + ": its Ended event was queued before the restart");
            return;
        }
        if (!t.startQueued() && !queued.contains(t.startKey())) {
            // Went down between recording it and queueing Started: the CSMS has no transaction to end.
            records.forget(t.connector());
            print("Recovered " + tx + ": its Started event was never queued; nothing to end");
            return;
        }
        CompletableFuture<TransactionEventResponse> ended = csms().call(new TransactionEventRequest()
                        .withEventType(TransactionEventEnum.ENDED)
                        .withTimestamp(now())
                        .withTriggerReason(TriggerReasonEnum.ABNORMAL_CONDITION)
                        .withSeqNo(0)
                        .withTransactionInfo(new Transaction()
                                .withTransactionId(t.transactionId())
                                .withStoppedReason(ReasonEnum.POWER_LOSS))
                        .withMeterValue(List.of(meterValue(t.meterWh(), ReadingContextEnum.TRANSACTION_END))),
                CallOptions.defaults().withMessageKey(endedKey));
        records.endedOnceQueued(ended, this::print, t, t.meterWh());
        print(String.format("Recovered %s (idToken %s, started %s): TransactionEvent Ended queued, triggerReason "
                        + "AbnormalCondition, stoppedReason PowerLoss, meter %d Wh, transaction %s", tx,
                shown(t.idTag()), t.startedAt(), t.meterWh(), t.transactionId()));
        ended.whenComplete((answer, failure) -> print(failure == null
                ? "TransactionEvent Ended (PowerLoss) of " + tx + " -> answered"
                : "TransactionEvent Ended (PowerLoss) of " + tx + " -> not delivered: " + Async.describe(failure)));
    }

    /**
     * Switches the station off: the running session stops where it is, its transaction left open on record (no
     * Ended), and nothing more is queued.
     */
    @Override
    public void halt() {
        CompletableFuture<Void> cut;
        synchronized (steps) {
            synchronized (lock) {
                halted = true;
                cut = tx == null ? null : tx.pause;
            }
        }
        if (cut != null) {
            cut.complete(null);
        }
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

    private MeterValue meterValue(int wh, ReadingContextEnum context) {
        return new MeterValue()
                .withTimestamp(now())
                .withSampledValue(List.of(new SampledValue()
                        .withValue((double) wh)
                        .withContext(context)
                        .withMeasurand(MeasurandEnum.ENERGY_ACTIVE_IMPORT_REGISTER)
                        .withLocation(LocationEnum.OUTLET)
                        .withUnitOfMeasure(new UnitOfMeasure().withUnit("Wh"))));
    }

    /** Ends the running transaction as {@code stop} says, cutting the pause short; false if none runs. */
    private boolean stopTransaction(Stop stop, String transactionId) {
        CompletableFuture<Void> cut;
        synchronized (lock) {
            if (tx == null || tx.stop != null || (transactionId != null && !tx.id.equals(transactionId))) {
                return false;
            }
            tx.stop = stop;
            cut = tx.pause;
        }
        cut.complete(null);
        return true;
    }

    private String runningTransactionId() {
        synchronized (lock) {
            return tx == null ? null : tx.id;
        }
    }

    private ConnectorStatusEnum connectorStatus() {
        synchronized (lock) {
            if (!operative) {
                return ConnectorStatusEnum.UNAVAILABLE;
            }
            return charging ? ConnectorStatusEnum.OCCUPIED : ConnectorStatusEnum.AVAILABLE;
        }
    }

    private CompletableFuture<Void> statusNotification() {
        return csms().call(new StatusNotificationRequest()
                        .withTimestamp(now())
                        .withConnectorStatus(connectorStatus())
                        .withEvseId(EVSE_ID)
                        .withConnectorId(CONNECTOR_ID))
                .thenApply(answer -> null);
    }

    /**
     * Boots again, as after a reboot, on the open connection (B11/B12): the simulator resets without dropping it.
     * The runtime pauses the heartbeats until the CSMS accepts, and the next BootNotification says RemoteReset.
     */
    private void reboot() {
        bootReason = BootReasonEnum.REMOTE_RESET;
        Ocpp201CsmsSession cs = csms;
        Optional<CompletableFuture<ConnectionProfile>> moving = cs == null ? Optional.empty()
                : network.rebootOnto(cs.session());
        if (moving.isEmpty()) {
            print("Resetting: booting again");
            runtime.bootNow();
            return;
        }
        // B10: a reboot connects with the first slot of NetworkConfigurationPriority. The boot is due once the
        // connection in use is gone, whether the new slot connects or the station falls back to the old one: without
        // a connection the runtime boots on the next, with one (the new one may open first) it boots at once.
        print("Resetting: booting again on the next connection");
        moving.get().whenComplete((connected, failure) -> runtime.bootNow());
    }

    private boolean registered() {
        StationRuntime r = runtime;
        return r != null && r.registrationStatus().orElse(null) == RegistrationStatus.ACCEPTED;
    }

    // ------------------------------------------------------------------ answers

    /** F01/F02; B02.FR.05: not while Pending. A remote start needs no Authorize with AuthorizeRemoteStart false. */
    private RequestStartTransactionResponse requestStart(RequestStartTransactionRequest request,
                                                         CallContext context) {
        boolean accept;
        synchronized (lock) {
            accept = !charging && operative && registered()
                    && (request.getEvseId() == null || request.getEvseId() == EVSE_ID);
        }
        if (accept) {
            // The session starts once the answer is out, so that the CSMS sees Accepted before Started.
            afterAnswer.then(context, () -> charge(request.getIdToken(), request.getRemoteStartId()));
        }
        return new RequestStartTransactionResponse().withStatus(accept
                ? RequestStartStopStatusEnum.ACCEPTED : RequestStartStopStatusEnum.REJECTED);
    }

    /** F03. The station made the transaction id itself, so the CSMS cannot name it before Started is out. */
    private RequestStopTransactionResponse requestStop(RequestStopTransactionRequest request, CallContext context) {
        String running = runningTransactionId();
        boolean accept = request.getTransactionId().equals(running);
        if (accept) {
            // Stops once the answer is out, so that the CSMS sees Accepted before Ended.
            afterAnswer.then(context, () -> stopTransaction(Stop.REMOTE, request.getTransactionId()));
        }
        return new RequestStopTransactionResponse().withStatus(accept
                ? RequestStartStopStatusEnum.ACCEPTED : RequestStartStopStatusEnum.REJECTED);
    }

    /**
     * E14: whether TransactionEvents of the named transaction (of any, when none is named) wait in the queue, and
     * whether the named transaction is still running.
     */
    private GetTransactionStatusResponse transactionStatus(GetTransactionStatusRequest request) {
        String named = request.getTransactionId();
        boolean queued = queue.pending().stream().anyMatch(m -> "TransactionEvent".equals(m.action())
                && (named == null || named.equals(transactionIdOf(m))));
        GetTransactionStatusResponse response = new GetTransactionStatusResponse().withMessagesInQueue(queued);
        if (named != null) {
            response.withOngoingIndicator(named.equals(runningTransactionId()));
        }
        return response;
    }

    private static String transactionIdOf(StoredMessage m) {
        try {
            JsonNode id = OcppJson.mapper().readTree(m.payload()).path("transactionInfo").path("transactionId");
            return id.isTextual() ? id.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** B11/B12: the simulator resets the whole station, even when asked for its one EVSE. */
    private ResetResponse reset(ResetRequest request, CallContext context) {
        if (request.getEvseId() != null && request.getEvseId() != EVSE_ID) {
            return new ResetResponse().withStatus(ResetStatusEnum.REJECTED)
                    .withStatusInfo(new StatusInfo().withReasonCode("UnknownEvse"));
        }
        boolean busy;
        synchronized (lock) {
            busy = charging;
            if (busy) {
                resetScheduled = true;
            }
        }
        if (!busy) {
            afterAnswer.then(context, this::reboot);
            return new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED);
        }
        if (request.getType() == ResetEnum.ON_IDLE) {
            return new ResetResponse().withStatus(ResetStatusEnum.SCHEDULED);
        }
        // The transaction ends first (ImmediateReset); the session's end then reboots.
        afterAnswer.then(context, () -> stopTransaction(Stop.RESET, null));
        return new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED);
    }

    /** F06: the requested message follows the answer. */
    private TriggerMessageResponse triggerMessage(TriggerMessageRequest request, CallContext context) {
        // A trigger may come right after the boot, before the connect future handed over the typed view: the
        // session it came on is the one to answer on (found by the testkit's STATION-F06-trigger-heartbeat).
        if (csms == null) {
            csms = Ocpp201CsmsSession.from(context);
        }
        Integer evse = request.getEvse() == null ? null : request.getEvse().getId();
        if (evse != null && evse != 0 && evse != EVSE_ID) {
            return new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.REJECTED);
        }
        if (request.getRequestedMessage() == MessageTriggerEnum.PUBLISH_FIRMWARE_STATUS_NOTIFICATION) {
            // Only a Local Controller publishes firmware; a plain station has no such status to report.
            return new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.NOT_IMPLEMENTED);
        }
        Runnable send = switch (request.getRequestedMessage()) {
            // F06.FR.17: an accepted station does not boot again on request.
            // B02.FR.02: while Pending the trigger ends the wait; the runtime sends it and takes its answer in.
            case BOOT_NOTIFICATION -> registered() ? null : () -> {
                bootReason = BootReasonEnum.TRIGGERED;
                print("BootNotification triggered: booting again");
                runtime.bootNow();
            };
            case HEARTBEAT -> () -> report("Heartbeat", csms().call(new HeartbeatRequest()));
            case STATUS_NOTIFICATION -> () -> report("StatusNotification", statusNotification());
            case METER_VALUES -> () -> report("MeterValues", csms().call(new MeterValuesRequest()
                    .withEvseId(EVSE_ID)
                    .withMeterValue(List.of(meterValue(meter.wh(), ReadingContextEnum.TRIGGER)))));
            case TRANSACTION_EVENT -> triggeredTransactionEvent();
            case LOG_STATUS_NOTIFICATION -> () -> report("LogStatusNotification",
                    csms().call(new LogStatusNotificationRequest().withStatus(UploadLogStatusEnum.IDLE)));
            case FIRMWARE_STATUS_NOTIFICATION -> () -> report("FirmwareStatusNotification",
                    csms().call(new FirmwareStatusNotificationRequest().withStatus(FirmwareStatusEnum.IDLE)));
            // A02: the CSR of a new key pair; the station has no ISO 15118 side to ask for a V2G certificate.
            case SIGN_CHARGING_STATION_CERTIFICATE -> () -> report("SignCertificate", csms().call(
                    new SignCertificateRequest().withCsr(CertificateSigningRequest.chargingStation(KeyPairs.ecP256(),
                                    settings.vendor(), settings.serialNumber()).toPem())
                            .withCertificateType(CertificateSigningUseEnum.CHARGING_STATION_CERTIFICATE)));
            case SIGN_V2G_CERTIFICATE, SIGN_COMBINED_CERTIFICATE -> null;
            case PUBLISH_FIRMWARE_STATUS_NOTIFICATION -> throw new AssertionError("answered above");
        };
        if (send == null) {
            return new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.REJECTED);
        }
        afterAnswer.then(context, send);
        return new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.ACCEPTED);
    }

    /** An Updated with the current reading, or {@code null} when no transaction runs to report on. */
    private Runnable triggeredTransactionEvent() {
        Tx t;
        synchronized (lock) {
            t = tx;
        }
        if (t == null) {
            return null;
        }
        return () -> report("TransactionEvent", event(t, TransactionEventEnum.UPDATED, TriggerReasonEnum.TRIGGER,
                null, false, meter.wh(), ReadingContextEnum.TRIGGER, null));
    }

    /** G03/G04: an Inoperative station refuses new sessions; while charging the change waits for its end. */
    private ChangeAvailabilityResponse changeAvailability(ChangeAvailabilityRequest request, CallContext context) {
        Integer evse = request.getEvse() == null ? null : request.getEvse().getId();
        if (evse != null && evse != 0 && evse != EVSE_ID) {
            return new ChangeAvailabilityResponse().withStatus(ChangeAvailabilityStatusEnum.REJECTED);
        }
        boolean scheduled;
        synchronized (lock) {
            scheduled = charging;
            if (scheduled) {
                scheduledAvailability = request.getOperationalStatus();
            } else {
                operative = request.getOperationalStatus() == OperationalStatusEnum.OPERATIVE;
            }
        }
        if (scheduled) {
            return new ChangeAvailabilityResponse().withStatus(ChangeAvailabilityStatusEnum.SCHEDULED);
        }
        afterAnswer.then(context, () -> report("StatusNotification", statusNotification()));
        return new ChangeAvailabilityResponse().withStatus(ChangeAvailabilityStatusEnum.ACCEPTED);
    }

    /** F05: the cable stays locked during a transaction. */
    private UnlockConnectorResponse unlock(UnlockConnectorRequest request) {
        if (request.getEvseId() != EVSE_ID || request.getConnectorId() != CONNECTOR_ID) {
            return new UnlockConnectorResponse().withStatus(UnlockStatusEnum.UNKNOWN_CONNECTOR);
        }
        return new UnlockConnectorResponse().withStatus(runningTransactionId() != null
                ? UnlockStatusEnum.ONGOING_AUTHORIZED_TRANSACTION : UnlockStatusEnum.UNLOCKED);
    }

    /** H01: a reservation is remembered for CancelReservation; the simulator does not hold the connector for it. */
    private ReserveNowResponse reserve(ReserveNowRequest request) {
        if (request.getEvseId() != null && request.getEvseId() != EVSE_ID) {
            return new ReserveNowResponse().withStatus(ReserveNowStatusEnum.REJECTED);
        }
        ReserveNowStatusEnum status;
        synchronized (lock) {
            status = !operative ? ReserveNowStatusEnum.UNAVAILABLE
                    : charging ? ReserveNowStatusEnum.OCCUPIED : ReserveNowStatusEnum.ACCEPTED;
        }
        if (status == ReserveNowStatusEnum.ACCEPTED) {
            reservations.add(request.getId());
        }
        return new ReserveNowResponse().withStatus(status);
    }

    // ------------------------------------------------------------------ helpers

    private void report(String action, CompletableFuture<?> call) {
        call.whenComplete((answer, failure) -> print(action + " (triggered) -> "
                + (failure == null ? "answered" : "failed: " + Async.describe(failure))));
    }

    private Ocpp201CsmsSession csms() {
        Ocpp201CsmsSession s = csms;
        if (s == null) {
            throw new IllegalStateException("not connected");
        }
        return s;
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
        // The 2.0.1 station is told where to go in SetNetworkProfile (B09), not configured with it.
        this.upgrade = new ProfileUpgrade(security, OcppVersion.OCPP201, this::print);
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
