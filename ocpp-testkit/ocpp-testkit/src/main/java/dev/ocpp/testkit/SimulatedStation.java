package dev.ocpp.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionProfile;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.delivery.DeliveryListener;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.internal.concurrent.SerialExecutor;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.testkit.internal.ConnectorState;
import dev.ocpp.testkit.internal.Pkcs10;
import dev.ocpp.testkit.internal.StationDefaults;
import dev.ocpp.testkit.internal.StationScript;
import dev.ocpp.testkit.internal.StationState;
import dev.ocpp.testkit.internal.TransactionLog;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.v16.Ocpp16Delivery;
import dev.ocpp.v16.Ocpp16Request;
import dev.ocpp.v16.Ocpp16Response;
import dev.ocpp.v201.Ocpp201BootGating;
import dev.ocpp.v201.Ocpp201Delivery;
import dev.ocpp.v201.Ocpp201Request;
import dev.ocpp.v201.Ocpp201Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A charging station of either OCPP version (1.6J or 2.0.1) to test a CSMS with: it connects, boots and heartbeats
 * by itself, answers every CSMS-initiated action with a plausible default (or what the test {@link #enqueue enqueued}
 * or set with {@link #respondWith}), and plays the physical events of a charging session on request: a cable plugged
 * in, an idToken presented, meter readings, a stop, the cable pulled out, a network loss.
 *
 * <pre>{@code
 * try (SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP201)
 *         .identity("CS-1").endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).build()) {
 *     station.start().get(10, SECONDS);                 // BootNotification Accepted
 *     station.plugIn(1).get(10, SECONDS);               // StatusNotification Occupied, TransactionEvent Started
 *     station.presentIdToken("04A1B2C3").get(10, SECONDS); // Authorize, TransactionEvent Updated (Authorized)
 *     station.meterValues(1, 1200).get(10, SECONDS);    // TransactionEvent Updated (MeterValuePeriodic)
 *     station.unplug(1).get(10, SECONDS);               // TransactionEvent Ended, StatusNotification Available
 * }
 * }</pre>
 *
 * <p><b>Registration and keep-alive</b> are the library's {@link StationRuntime}: the first connection sends a
 * BootNotification; Pending and Rejected are retried after the answer's interval (1.6 §4.2, 2.0.1 B01-B03);
 * once accepted a Heartbeat goes out every interval (1.6 §4.6, 2.0.1 G02), which follows an accepted change of
 * HeartbeatInterval / OCPPCommCtrlr.HeartbeatInterval. After an accepted BootNotification the station sends a
 * StatusNotification of every connector (1.6 §4.9, 2.0.1 B01 / G01) before any scripted step runs; steps asked for
 * earlier wait for it (nothing but BootNotification may go before, 2.0.1 B01.FR.08). A reconnect is not a reboot and
 * sends no BootNotification (OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3), only a StatusNotification of each connector whose
 * status changed while offline. {@link Builder#statusReports(boolean)} turns both reports off. A 2.0.1 station
 * keeps the library's boot gating ({@link Ocpp201BootGating}, B01-B03): nothing but BootNotification (and what a
 * trigger asked for) leaves it before it is accepted, no remote start is taken while Pending (B02.FR.05), and after
 * Rejected it answers the CSMS's calls with CALLERROR SecurityError (B03.FR.08); a triggered boot says
 * {@code Triggered}, one after a Reset {@code RemoteReset}. With a
 * {@link Builder#clock(VirtualClock) virtual clock} all of these waits (and call timeouts, reconnect back-offs and
 * retries of transaction messages) pass only when the test advances the clock.
 *
 * <p><b>Scripted steps</b> ({@link #plugIn}, {@link #presentIdToken}, {@link #meterValues}, {@link #stopCharging},
 * {@link #unplug}, {@link #statusNotification}) run one after another in the order they were asked for, each after
 * the previous one has finished, whatever thread asks; each returns a future that completes when the CSMS has
 * answered everything the step sent (exceptionally with the CALLERROR, timeout or lost connection of the first CALL
 * that failed, or {@link IllegalStateException} when the step makes no sense, such as unplugging an empty connector).
 * What each version sends is described on {@link #plugIn} and the following methods. Connectors are numbered from
 * 1; in 2.0.1 connector {@code n} is EVSE {@code n} with its one connector 1.
 *
 * <p><b>Transaction messages</b> (1.6 §3.7: StartTransaction, StopTransaction and the MeterValues of a transaction;
 * 2.0.1 E04: TransactionEvent, and SecurityEventNotification, A04.FR.02) go through the library's
 * {@link DeliveryQueue} ({@link #delivery()}, in memory unless {@link Builder#store given a store}): delivered
 * one at a time in the order they were made, sent
 * again after a CALLERROR (and in 2.0.1 a timeout) per TransactionMessageAttempts / TransactionMessageRetryInterval
 * (1.6 §3.7.1) or OCPPCommCtrlr.MessageAttempts / MessageAttemptInterval (2.0.1 E13), which follow an accepted
 * ChangeConfiguration / SetVariables, and kept while the station is offline. A step that queues one while the
 * station is connected completes once it has been delivered (after its retries, if any); while the station is
 * offline the step does not wait: it completes once the message is queued, and the queue sends it on the next
 * connection (2.0.1 events made offline are flagged {@code offline}, E04.FR.03; a 1.6 StopTransaction or MeterValues
 * gets the transactionId the CSMS answers to the StartTransaction queued before it, so
 * {@link #transactionId(int)} is empty until then). Offline, an idToken is accepted without Authorize
 * (LocalAuthorizeOffline), no StatusNotification is sent (only the connector's status changes; see above), and
 * other CALLs wait for the connection up to the call timeout. An Authorize or StatusNotification whose connection
 * is lost before its answer counts as made offline. The test's own {@link #call(Ocpp16Request) typed} and
 * {@link #callRaw raw} calls go out at once, past the queue.
 *
 * <p><b>Restarts.</b> {@link #close()} ends no transaction: it is a power cut. Beside its queued messages the station
 * keeps in its {@link Builder#store store} what it needs to end each open transaction (the connector, the 1.6
 * StartTransaction's key or the 2.0.1 transactionId, the token, the last meter reading, the start time), from the
 * moment its first message is queued until the message that ends it is. A new station built on that store (same
 * identity) comes up with every connector Available and idle; once its first BootNotification is accepted it
 * delivers the messages still queued from before, in order, and then ends each transaction left open: 1.6
 * StopTransaction with reason PowerLoss, the last reading as meterStop and the transactionId the CSMS gave the
 * StartTransaction, before the power cut or only now (§4.10, §3.7); 2.0.1 TransactionEvent Ended with
 * triggerReason AbnormalCondition, stoppedReason PowerLoss, the last reading and the same transactionId, numbered
 * on from the transaction's last seqNo (E04.FR.04) and not flagged offline (E04.FR.03). The keys of 1.6
 * StartTransactions are numbered on across restarts, so that a new transaction is never taken for an old one.
 *
 * <p><b>Default answers</b> to CSMS-initiated actions (each overridable with {@link #enqueue} or
 * {@link #respondWith}) are those of a station that does what it is asked and remembers what it was told:
 * <ul>
 *   <li>{@code Accepted} wherever the answer has a status, except as below (1.6 and 2.0.1 UnlockConnector
 *       {@code Unlocked}; 2.0.1 UnpublishFirmware {@code Unpublished});</li>
 *   <li>a remote start (1.6 RemoteStartTransaction §5.11, 2.0.1 RequestStartTransaction F01/F02) is {@code Rejected}
 *       for a connector / EVSE the station does not have or that is charging, and without one named when every one
 *       is; a remote stop (1.6 RemoteStopTransaction §5.12, 2.0.1 RequestStopTransaction F03) is {@code Accepted}
 *       only for a transaction that is on; a 2.0.1 Reset OnIdle of the station while a transaction is on is
 *       {@code Scheduled} (B11);</li>
 *   <li>ReserveNow keeps the reservation until its expiry date by the station's clock ({@code Occupied} for a
 *       connector in use: neither Available nor Reserved), and CancelReservation is {@code Accepted} only for one
 *       kept and not expired, else {@code Rejected} (1.6 §5.13/§5.1, 2.0.1 H01/H02);
 *       SendLocalList sets the version GetLocalListVersion reports, 0 before (1.6 §5.15/§5.10, 2.0.1 D01/D02);
 *       SetChargingProfile keeps the profile on its connector / EVSE and ClearChargingProfile of an id is
 *       {@code Accepted} only for one kept, else {@code Unknown}, and without an id clears those matching its
 *       criteria, all without any (1.6 §5.16/§5.5, 2.0.1 K01/K10); 2.0.1 GetChargingProfiles is {@code Accepted}
 *       when any kept profile matches its evseId, purpose, stack level, ids and limit source (all are the CSO's),
 *       else {@code NoProfiles} (K09);</li>
 *   <li>2.0.1 SetDisplayMessage keeps the message, GetDisplayMessages is {@code Accepted} when any kept message
 *       matches its ids, priority and state, else {@code Unknown}, ClearDisplayMessage {@code Accepted} for a kept
 *       one, which it forgets, else {@code Unknown} (O01-O05);</li>
 *   <li>what the CSMS can fill is bounded, so that no CSMS under test can exhaust the test's memory: 20 charging
 *       profiles (1.6 MaxChargingProfilesInstalled, 2.0.1 SmartChargingCtrlr.Entries[ChargingProfiles]), 10 2.0.1
 *       display messages (DisplayMessageCtrlr.DisplayMessages) and 10 CSMS roots (1.6 CertificateStoreMaxLength,
 *       2.0.1 SecurityCtrlr.CertificateEntries). Past a cap a new profile id, message id or root is
 *       {@code Rejected}; one of a kept id replaces it and the same root again is {@code Accepted}, neither taking
 *       another place. 1.6 GetConfiguration reports the caps (read-only keys); the 2.0.1 variables are ReadOnly,
 *       their Actual value the number kept and their maxLimit (in NotifyReport) the cap;</li>
 *   <li>1.6 GetConfiguration reports a set of core and profile keys with their values, as changed by an accepted
 *       ChangeConfiguration (unknown keys {@code NotSupported}, read-only ones {@code Rejected}; HeartbeatInterval
 *       and NumberOfConnectors are the station's own); 2.0.1 has a device model (Part 1 §4): ChargingStation, EVSE
 *       and Connector (availability), OCPPCommCtrlr, SecurityCtrlr, AuthCtrlr, TxCtrlr, SampledDataCtrlr and other
 *       controllers, each variable with its mutability, data type and Actual value (the heartbeat interval, security
 *       profile, connector availability, queue retry settings and network priority are the station's own).
 *       GetVariables reads it (B06), SetVariables writes it (B05): {@code UnknownComponent} /
 *       {@code UnknownVariable} for what it does not have, {@code NotSupportedAttributeType} for an attribute other
 *       than Actual, {@code Rejected} for a ReadOnly variable (SecurityCtrlr.SecurityProfile among them) or a value
 *       not of its type (OCPPCommCtrlr.NetworkConfigurationPriority: below). GetBaseReport is {@code Accepted} for
 *       FullInventory, ConfigurationInventory (the writable variables) and SummaryInventory (the availability),
 *       {@code NotSupported} for another base (B07); GetReport {@code Accepted} when its componentVariable /
 *       componentCriteria select any variable, else {@code EmptyResultSet} (B08);</li>
 *   <li>the security profile ({@link #securityProfile()}: the one the station is connected with, 1 with a
 *       {@link Builder#password password} over {@code ws://}, 2 with one over {@code wss://}, 3 over
 *       {@code wss://} alone, else 0) is 1.6 SecurityProfile and 2.0.1 SecurityCtrlr.SecurityProfile (at least 1).
 *       InstallCertificate of a CSMS root (1.6 CentralSystemRootCertificate, 2.0.1 CSMSRootCertificate) keeps it,
 *       {@code Rejected} if it is no X.509 PEM; other certificates are {@code Accepted} unread. A higher profile
 *       needs a password for 1 and 2, a trusted CSMS root (one installed, or the station's own
 *       {@link Builder#sslContext TLS context}) for 2 and 3, and that own context (the client certificate) for 3
 *       (1.6 security white paper A05.FR.02-04, 2.0.1 A05.FR.02/03). 1.6 ChangeConfiguration of SecurityProfile
 *       is {@code Rejected} for the profile in force or a lower one (A05.FR.01), one the station lacks what it
 *       needs for, and 2 or 3 without a {@link Builder#secureEndpoint secure endpoint}; else {@code Accepted}.
 *       2.0.1 has network connection profile slots 0 to 2 (B09.FR.06), slot 0 the station's starting one, and
 *       OCPPCommCtrlr.NetworkConfigurationPriority starting "0"; SetNetworkProfile is {@code Rejected} for another
 *       slot (B09.FR.05), a profile below the one in force (B09.FR.04), one the station lacks what it needs for,
 *       or a URL whose scheme does not fit it (2 and 3 {@code wss://}, 1 {@code ws://}), else the slot keeps it;
 *       SetVariables of the priority is {@code RebootRequired} when every entry names a configured slot (it
 *       counts from the next reboot), else {@code Rejected};</li>
 *   <li>TriggerMessage (1.6 §5.17, security extension ExtendedTriggerMessage, 2.0.1 F06) is {@code Accepted} for
 *       every message the station sends when triggered (below; a 2.0.1 BootNotification only until the boot is
 *       accepted, F06.FR.17), {@code Rejected} for a connector it does not have or
 *       a 2.0.1 TransactionEvent without a transaction, {@code NotImplemented} for the 2.0.1 messages it cannot send
 *       (V2G certificates, PublishFirmwareStatusNotification);</li>
 *   <li>a signed firmware update (1.6 SignedUpdateFirmware, 2.0.1 UpdateFirmware with a signing certificate) is
 *       {@code InvalidCertificate}: no manufacturer root is installed, so no signer is trusted (L01.FR.21/22); a
 *       2.0.1 one without a certificate is {@code Rejected};</li>
 *   <li>GetDiagnostics / GetLog name a file; GetCompositeSchedule answers one period; GetInstalledCertificateIds
 *       one made-up certificate hash. Every answer is schema-valid.</li>
 * </ul>
 *
 * <p><b>Follow-ups</b> of the station's own default answers run after that answer has gone out (an answer the test
 * gave, queued or by a standing rule, has none: the test then plays what follows, or a station that does not keep
 * its promise):
 * <ul>
 *   <li>an accepted 1.6 RemoteStartTransaction (§5.11) or 2.0.1 RequestStartTransaction (F01/F02) runs the steps of
 *       {@link #presentIdToken} for its token on the connector it names (or the first one not charging), plugging
 *       the cable in first if none is: the station authorizes remote starts (AuthorizeRemoteTxRequests /
 *       AuthorizeRemoteStart true). In 2.0.1 the TransactionEvent has triggerReason RemoteStart and the
 *       remoteStartId;</li>
 *   <li>an accepted 1.6 RemoteStopTransaction (§5.12) or 2.0.1 RequestStopTransaction (F03) stops the transaction it
 *       names as {@link #stopCharging} does, with reason Remote;</li>
 *   <li>an accepted trigger sends the message asked for: BootNotification (through the runtime), Heartbeat,
 *       StatusNotification of the connector named or of every connector, MeterValues (1.6: context Trigger, queued
 *       with its transaction's messages during one; 2.0.1 a MeterValues message), the 2.0.1 TransactionEvent Updated
 *       with triggerReason Trigger, FirmwareStatusNotification / DiagnosticsStatusNotification /
 *       LogStatusNotification {@code Idle}, and SignCertificate with a fresh PEM PKCS#10 request (1.6
 *       SignChargePointCertificate, 2.0.1 SignChargingStationCertificate, A02);</li>
 *   <li>an accepted 2.0.1 CustomerInformation asking for a report is followed by NotifyCustomerInformation with its
 *       requestId, saying no customer data is held (N09);</li>
 *   <li>GetDiagnostics is followed by DiagnosticsStatusNotification {@code UploadFailed} (1.6 §4.4), an accepted
 *       GetLog by LogStatusNotification {@code UploadFailure} with its requestId (2.0.1 N01, 1.6 security
 *       extension): nothing is uploaded;</li>
 *   <li>a signed firmware update answered {@code InvalidCertificate} is followed by the security event
 *       InvalidFirmwareSigningCertificate (SecurityEventNotification, L01.FR.22); a 1.6 UpdateFirmware (§5.19, §4.5)
 *       by FirmwareStatusNotification Downloading, Downloaded, Installing and Installed, one after another, once its
 *       retrieveDate has come by the station's clock (at once when it has passed): nothing is fetched, installed or
 *       rebooted;</li>
 *   <li>an accepted 2.0.1 GetBaseReport / GetReport is followed by NotifyReport(s) with its requestId, seqNo from 0,
 *       tbc on all but the last (at most 20 reportData each), generatedAt, and per variable its Actual attribute
 *       (value, mutability) and characteristics (B07/B08); an accepted GetChargingProfiles by one
 *       ReportChargingProfiles per EVSE with its requestId, chargingLimitSource CSO and tbc on all but the last
 *       (K09); an accepted GetDisplayMessages by NotifyDisplayMessages of the matching messages (O02). They report
 *       what the station had when it answered, and go out while the boot is still Pending too (B02.FR.01);</li>
 *   <li>an accepted ReserveNow sets an Available connector Reserved, and an accepted CancelReservation sets it
 *       Available again, each with a StatusNotification (1.6 §5.13, 2.0.1 H01);</li>
 *   <li>an accepted ReserveNow: at the reservation's expiry by the station's clock (with a {@link VirtualClock}, when
 *       the test advances it that far) the reservation is gone, unless cancelled or replaced since, and a 2.0.1
 *       station sends ReservationStatusUpdate Expired (H04.FR.01); a connector it kept Reserved is Available
 *       again;</li>
 *   <li>an accepted 1.6 ChangeConfiguration of SecurityProfile (security white paper A05.FR.05-07) moves the station
 *       to the new profile: 1 the password on its endpoint, 2 the password over TLS to the secure endpoint, 3 TLS
 *       with its own context there. It drops the connection (1000) and reconnects with it, without a
 *       BootNotification (a reconnect is no reboot); SecurityProfile reports the new profile once connected with
 *       it;</li>
 *   <li>an accepted Reset of the station (1.6 §5.14, 2.0.1 B11/B12) first stops each transaction that is on (1.6
 *       reason HardReset or SoftReset; 2.0.1 triggerReason ResetCommand, stoppedReason ImmediateReset), then
 *       reboots: the station boots again on its connection (a reboot the network did not notice; the 2.0.1 boot
 *       reason is RemoteReset) and reports its connectors once accepted. A 2.0.1 Reset OnIdle answered
 *       {@code Scheduled} does the same once the last transaction has ended;</li>
 *   <li>such a 2.0.1 reboot, when the first slot of NetworkConfigurationPriority is not the one
 *       in use, goes onto that slot (B10, A05): the station drops the connection (1012), connects with the
 *       slot's URL, its password and, over TLS, a context trusting the installed CSMS roots (for 3 its own), and
 *       sends a BootNotification there (B11/B12). Once connected, the slot is the one in use and every slot of a
 *       lower profile is deleted, from the slots and the priority (A05.FR.06).</li>
 * </ul>
 * Both moves try the new profile as often as 2.0.1 OCPPCommCtrlr.NetworkProfileConnectionAttempts says (3 unless the
 * CSMS set it; a 1.6 station 3 times); if all fail the station goes back
 * to the profile before and keeps reporting it (1.6 A05.FR.08, 2.0.1 B10.FR.07; the 2.0.1 station boots there, having
 * rebooted). Follow-ups take their turn among the scripted steps in the order their answers went out. Nothing else
 * follows an answer: a 2.0.1 Reset of one EVSE, for instance, changes nothing, a 2.0.1 unsigned
 * UpdateFirmware is {@code Rejected}, and a reserved connector does not turn away other idTokens. A transaction of
 * a reservation's idTag / idToken on its connector (or any, for a reservation of the whole station) uses it up, and
 * its first message names it (1.6 StartTransaction, 2.0.1 TransactionEvent reservationId; §5.13, H01).
 *
 * <p><b>Threads.</b> The station owns no thread of its own: its session runs on the library's shared pools (or
 * the virtual clock), and the transport it makes when none is given. {@link #close()} ends the session and closes
 * that transport. Thread-safe.
 */
public final class SimulatedStation extends Simulator<SimulatedStation> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedStation.class);
    /** Outgoing CALLs of {@link #callRaw} are not checked, so that a test can send what a CSMS must refuse. */
    private static final ValidationOptions RAW = ValidationOptions.defaults().toBuilder()
            .outgoingCalls(false).incomingResults(false).build();
    /** The test's own calls go out as asked, now, past the delivery queue. */
    private static final CallOptions DIRECT = CallOptions.defaults().withQueued(false);
    /** A follow-up planned further ahead than this never comes (a reservation without an expiry, say). */
    private static final Duration NEVER = Duration.ofDays(36_500);

    private final String identity;
    /** The vendor of the BootNotification, also the organization of the station's certificate requests. */
    private final String vendor;
    /** The model of the BootNotification. */
    private final String model;
    private final TransportClientFactory transport;
    private final boolean ownsTransport;
    private final boolean reconnect;
    /** The HTTP Basic password the station was given, or null: it goes with every profile of 1 or 2. */
    private final byte[] password;
    /**
     * The TLS context the station was given, or null: it counts as trusting the CSMS root and holding a client
     * certificate (security profiles 2 and 3), whether the station starts on {@code wss://} or not.
     */
    private final SSLContext ownTlsContext;
    /** Where a 1.6 station goes for security profile 2 or 3 ({@link Builder#secureEndpoint}), or null. */
    private final URI secureEndpoint;
    /** The default answers, which also make the reports that follow some of them. */
    private final StationDefaults defaults;
    /**
     * What the CSMS set: reservations, charging profiles, display messages, the installed CSMS roots and the 2.0.1
     * network connection profiles.
     */
    private final StationState state;
    /** Whether the station runs on a {@link VirtualClock}. */
    private final boolean virtualTime;
    /** The station's {@link VirtualClock}, or null on real time. */
    private final VirtualClock virtualClock;
    private final StationScript script;
    private final List<ConnectorState> connectors;
    private final StationRuntime runtime;
    /** The transaction messages of the scripted steps, in order (1.6 §3.7, 2.0.1 E04/E13). */
    private final DeliveryQueue queue;
    private final OcppClient client;
    /** Whether the station reports its connectors after a boot and a reconnect ({@link Builder#statusReports}). */
    private final boolean statusReports;
    /** The open transactions, kept in the queue's store to be ended after a restart; names 1.6 StartTransactions. */
    private final TransactionLog transactionLog;
    private final StationScript.Context context = new StationContext();
    /** CALLRESULTs to watch for, by message id: once the answer went out, its follow-up runs. */
    private final Map<String, Runnable> afterAnswer = new ConcurrentHashMap<>();
    /** Runs the follow-ups whose answer went out (or whose time came) on the session's executor, one at a time. */
    private final SerialExecutor followUps;
    /** Follow-ups planned for a later time (a reservation's expiry, a firmware's retrieveDate), cancelled on close. */
    private final Set<TimeoutScheduler.Cancellable> timers = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private OcppSession session;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /**
     * Done once the first accepted boot has been followed by the connectors' StatusNotifications (or the station
     * closed): the first step waits for it, since nothing but BootNotification may go out before (1.6 §4.2, 2.0.1
     * B01.FR.08) and the status report comes first.
     */
    private final CompletableFuture<Void> bootReported = new CompletableFuture<>();
    /** Guarded by {@link #lock}: the last step asked for; the next one runs once it is done. */
    private CompletableFuture<Void> tail = bootReported;
    /** Whether a failed first connection attempt ends the station ({@link Builder#firstConnectionRequired}). */
    private final boolean firstConnectionRequired;
    /** Fails {@link #start()} when a required first connection fails; completed (unused) once connected. */
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    /** Guarded by {@link #lock}: waiting for the next connection. */
    private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();
    /** Guarded by {@link #lock}: {@link #goOffline} waiting for the drop to be done, or null. */
    private CompletableFuture<Void> offline;
    /** Guarded by {@link #lock}: the reconnect delay {@link #goOffline} set, while it waits for it to be planned. */
    private Duration offlineDelay;
    /** Guarded by {@link #lock}: the back-off to restore at the next connection after {@link #goOffline}, or null. */
    private RetryBackOff restoreBackOff;
    /** An accepted idToken presented while no cable was plugged in: the next plug-in starts charging with it. */
    private volatile JsonNode pendingToken;
    /** Why the station boots next (2.0.1 BootReasonEnumType): PowerUp, then RemoteReset or Triggered. */
    private volatile String bootReason = "PowerUp";
    /**
     * Set while the reboot of a Reset waits for its BootNotification to be accepted; completed once the connectors
     * were reported after it. The reset's step waits for it, so that no step sends anything before (B01.FR.08).
     */
    private volatile CompletableFuture<Void> rebooting;
    /** A 2.0.1 Reset OnIdle answered Scheduled: it runs once no transaction is on (B11). */
    private final AtomicBoolean resetWhenIdle = new AtomicBoolean();

    private SimulatedStation(Builder b, Clock clock) {
        super(b.version, Role.STATION, clock, b.journalCapacity);
        this.identity = b.identity;
        this.vendor = b.vendor;
        this.virtualTime = b.clock != null;
        this.virtualClock = b.clock;
        this.ownsTransport = b.transport == null;
        this.transport = ownsTransport ? new NettyClientTransport() : b.transport;
        this.reconnect = b.reconnect;
        this.password = b.password;
        this.ownTlsContext = b.sslContext;
        this.secureEndpoint = b.secureEndpoint;
        this.script = StationScript.of(b.version);
        List<ConnectorState> cs = new ArrayList<>();
        for (int i = 1; i <= b.connectors; i++) {
            cs.add(new ConnectorState(i, script.idleStatus()));
        }
        this.connectors = List.copyOf(cs);
        this.model = b.model;
        StationRuntime.Builder rb = StationRuntime.builder()
                .bootNotification(() -> script.bootNotification(b.vendor, b.model, bootReason));
        if (b.ownHeartbeatInterval != null) {
            // The station's own interval: the BootNotification answer does not replace it (a later change of the
            // configuration key / variable still does).
            rb.heartbeatInterval(b.ownHeartbeatInterval).heartbeatIntervalFromCsms(false);
        }
        this.runtime = rb.build();
        this.firstConnectionRequired = b.firstConnectionRequired;
        this.defaults = (StationDefaults) plan().defaults();
        defaults.view(new View());
        this.state = defaults.state();
        plan().onDefaultAnswer(this::defaultAnswered);
        // Delivered at once after a reconnect: a simulated station has no fleet to spread out (the queue's pacing
        // is for thousands of stations coming back at the same time).
        this.queue = DeliveryQueue.builder(b.version == OcppVersion.OCPP16 ? Ocpp16Delivery.policy()
                        : Ocpp201Delivery.policy())
                .clock(clock)
                .replayPacing(b.replayDelay, b.replayInterval)
                .listener(new Discards())
                .store(b.store != null ? b.store : MessageStore.inMemory())
                .build();
        this.transactionLog = new TransactionLog(queue);
        this.statusReports = b.statusReports;
        runtime.onRegistration(status -> {
            if (status != RegistrationStatus.ACCEPTED) {
                return;
            }
            // Queued now, ahead of every step: what an earlier station on the store left open (a power cut).
            transactionLog.endLeftOpen(context, script);
            CompletableFuture<Void> rebooted = rebooting;
            if (rebooted != null) {
                // The reset's step is the one running: the status report is part of it.
                rebooting = null;
                (statusReports ? statusOf(false) : done()).whenComplete((v, e) -> rebooted.complete(null));
                return;
            }
            if (!statusReports) {
                bootReported.complete(null);
            } else if (bootReported.isDone()) {
                reportConnectors(false);
            } else {
                // Ahead of every step, which wait for it.
                statusOf(false).whenComplete((v, e) -> bootReported.complete(null));
            }
        });

        FrameListener journalListener = journal().frameListener();
        SessionConfig.Builder config = SessionConfig.builder()
                .callTimeout(b.callTimeout)
                .frameListener((s, direction, text) -> {
                    journalListener.onFrame(s, direction, text);
                    if (direction == FrameListener.Direction.OUT && !afterAnswer.isEmpty()) {
                        answerWentOut(s, text);
                    }
                });
        if (b.clock != null) {
            config.scheduler(new PlanWatch(b.clock));
        }
        if (b.listener != null) {
            config.listener(b.listener);
        }
        SessionConfig sessionConfig = config.build();
        // Every session of the station runs on this config's executor, so one serial executor serves them all.
        this.followUps = new SerialExecutor(sessionConfig.executor());
        OcppClient.Builder cb = OcppClient.builder(transport)
                .endpoint(b.endpoint)
                .identity(identity)
                .offer(b.version, queue.intercept(runtime.intercept(gated(b.version,
                        plan().handlers(ValidationOptions.defaults())))))
                .sessionConfig(sessionConfig)
                .reconnect(b.reconnect)
                .retryBackOff(b.retryBackOff)
                .onConnectionEvent(this::onConnectionEvent);
        b.connectionListeners.forEach(cb::onConnectionEvent);
        if (b.security != null) {
            // Its password and context again below; from it also the security events of a refused connection.
            b.security.applyTo(cb);
        }
        if (b.password != null) {
            cb.password(b.password);
        }
        // On ws:// the context waits for an upgrade to profile 2 or 3: a station never talks TLS in the clear.
        if (b.sslContext != null && "wss".equalsIgnoreCase(b.endpoint.getScheme())) {
            cb.sslContext(b.sslContext);
        }
        queue.gateOn(runtime);
        this.client = queue.serve(runtime.serve(runtime.install(queue.install(cb)).build()));
        // Network connection profile slot 0 (2.0.1 B09) is the one the station starts with.
        state.startingProfile(client.connectionProfile(), Math.max(1, client.connectionProfile().securityProfile()));
    }

    /**
     * 2.0.1 boot gating on the station's side (B01-B03, {@link Ocpp201BootGating}): until the CSMS accepts the
     * BootNotification the station sends nothing else (but what a trigger asked for), and after Rejected it answers
     * the CSMS's calls with CALLERROR SecurityError (B03.FR.08). 1.6 has no such rule for the CSMS's calls.
     */
    private static Handlers gated(OcppVersion version, Handlers handlers) {
        return version != OcppVersion.OCPP201 ? handlers
                : handlers.toBuilder().interceptFirst(Ocpp201BootGating.create().stationInterceptor()).build();
    }

    /** A builder of a station speaking {@code version} ({@link OcppVersion#OCPP16} or {@link OcppVersion#OCPP201}). */
    public static Builder builder(OcppVersion version) {
        return new Builder(version);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Connects and boots: completes when the CSMS accepts a BootNotification (1.6 §4.2, 2.0.1 B01); Pending and
     * Rejected answers are retried after their interval, connection failures after the back-off, until then.
     * Fails with {@link ConnectionClosedException} if the station is closed first (or, without
     * {@link Builder#reconnect(boolean) reconnects}, loses its connection first).
     *
     * @throws IllegalStateException if the station was started or closed already
     */
    public CompletableFuture<Void> start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the station " + identity + " is closed");
            }
            if (session != null) {
                throw new IllegalStateException("the station " + identity + " was started already");
            }
            session = client.start();
            // At once, so that the 2.0.1 boot gating finds the queue before the first connection event.
            queue.bind(session);
        }
        if (!firstConnectionRequired) {
            return runtime.accepted();
        }
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        runtime.accepted().whenComplete((v, e) -> {
            if (e != null) {
                accepted.completeExceptionally(cause(e));
            } else {
                accepted.complete(null);
            }
        });
        firstConnection.whenComplete((v, e) -> {
            if (e != null) {
                accepted.completeExceptionally(e);
            }
        });
        return accepted;
    }

    /** The station identity (the last segment of its connection URL, OCPP-J 1.6 §3.1.1, 2.0.1 Part 4 §3.1.1). */
    public String identity() {
        return identity;
    }

    /** The status of the last BootNotification answer; empty before one came. */
    public Optional<RegistrationStatus> registrationStatus() {
        return runtime.registrationStatus();
    }

    /** The heartbeat interval in force: the accepting BootNotification answer's, or as the CSMS changed it since. */
    public Duration heartbeatInterval() {
        return runtime.heartbeatInterval();
    }

    /**
     * The security profile the station connects with, which its answers report (1.6 SecurityProfile, 2.0.1
     * SecurityCtrlr.SecurityProfile, there at least 1): 1 with a password over {@code ws://}, 2 with one over
     * {@code wss://}, 3 over {@code wss://} without one, else 0 (1.6 security white paper §2, 2.0.1 Part 2 A00).
     * After an accepted upgrade it changes once the station has connected with the new profile, and not if it fell
     * back to the one before (see the class notes).
     */
    public int securityProfile() {
        return client.connectedProfile().orElse(client.connectionProfile()).securityProfile();
    }

    /**
     * The queue of the station's transaction messages (1.6 StartTransaction, StopTransaction and the MeterValues of a
     * transaction; 2.0.1 TransactionEvent and SecurityEventNotification), in its {@link Builder#store store}: to
     * see what waits for delivery ({@link DeliveryQueue#pending()}), or to change its retry settings as a
     * ChangeConfiguration / SetVariables of them would.
     */
    public DeliveryQueue delivery() {
        return queue;
    }

    /** Whether a connection to the CSMS is open now. */
    public boolean isConnected() {
        OcppSession s = currentSession();
        return s != null && s.isOpen();
    }

    /**
     * Completes when the station is connected: at once if it is, else at its next connection. Fails with
     * {@link ConnectionClosedException} if the station is closed first.
     */
    public CompletableFuture<Void> whenConnected() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new ConnectionClosedException("the station is closed"));
            }
            if (session != null && session.isOpen()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            connectWaiters.add(f);
            return f.copy();
        }
    }

    /**
     * Drops the connection now, as a network loss would, and connects again once {@code duration} has passed by the
     * station's clock (with a {@link VirtualClock}: when the test advances it that far; the timer is planned one
     * nanosecond short of it, which is how the station tells it from other timers). Reconnecting is not a
     * reboot: no BootNotification is sent (OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3). Scripted steps asked for meanwhile
     * act offline (see the class notes: transaction messages are queued, idTokens authorized locally, statuses
     * reported once back; other CALLs wait for the connection, up to the call timeout). Completes when the connection
     * is gone and the reconnect is planned, so that a test may advance a virtual clock from then on;
     * {@link #whenConnected()} tells when the station is back. If that reconnect fails, the next attempts follow one
     * another at {@code duration} until one succeeds; then the station's back-off applies again.
     *
     * @throws IllegalStateException if the station was not started, is closed, or does not reconnect
     */
    public CompletableFuture<Void> goOffline(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        if (!reconnect) {
            throw new IllegalStateException("the station was built with reconnect(false): it would not come back");
        }
        OcppSession s = requireSession();
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (!s.isOpen()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the station is not connected"));
            }
            if (offline != null) {
                return CompletableFuture.failedFuture(new IllegalStateException("the station is going offline"));
            }
            offline = done;
            // One nanosecond less marks the reconnect timer, so that PlanWatch knows it when it is planned (and
            // a test that advances the clock by the duration reaches it).
            offlineDelay = duration.isZero() ? duration : duration.minusNanos(1);
            if (restoreBackOff == null) {
                restoreBackOff = client.retryBackOff();
            }
            client.retryBackOff(new RetryBackOff(offlineDelay, Duration.ZERO, 0));
        }
        s.disconnect(1001, "Station going offline");
        return done.copy();
    }

    /**
     * Ends the session (the CSMS sees the connection close; the station sends nothing more) and closes the
     * transport the station made for itself. Waits up to 5 s for the session to end. Futures still pending complete
     * exceptionally. Idempotent.
     */
    @Override
    public void close() {
        OcppSession s;
        List<CompletableFuture<Void>> waiters;
        CompletableFuture<Void> goingOffline;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            waiters = new ArrayList<>(connectWaiters);
            connectWaiters.clear();
            goingOffline = offline;
            offline = null;
        }
        if (s != null) {
            s.close(1000, "Station closed");
            try {
                s.closeFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Session of {} did not end in time", identity, e);
            }
        }
        ConnectionClosedException gone = new ConnectionClosedException("the station " + identity + " is closed");
        waiters.forEach(w -> w.completeExceptionally(gone));
        if (goingOffline != null) {
            goingOffline.completeExceptionally(gone);
        }
        afterAnswer.clear();
        CompletableFuture<Void> rebooted = rebooting;
        if (rebooted != null) {
            rebooted.complete(null);
        }
        timers.forEach(TimeoutScheduler.Cancellable::cancel);
        timers.clear();
        bootReported.complete(null);
        if (ownsTransport) {
            ((NettyClientTransport) transport).close();
        }
    }

    // ------------------------------------------------------------------------------------------------ steps

    /** The number of connectors (1.6) or EVSEs (2.0.1). */
    public int connectors() {
        return connectors.size();
    }

    /** Whether a cable is plugged into {@code connector}. */
    public boolean isPluggedIn(int connector) {
        return connector(connector).plugged();
    }

    /** Whether {@code connector} is charging: a transaction on it was authorized and not stopped. */
    public boolean isCharging(int connector) {
        return connector(connector).charging();
    }

    /**
     * The transaction on {@code connector}: in 1.6 the number the CSMS answered to StartTransaction, as text; in
     * 2.0.1 the station's own transactionId. Empty when none is on, and in 1.6 while the StartTransaction waits in the
     * delivery queue (see {@link #isCharging}).
     */
    public Optional<String> transactionId(int connector) {
        return Optional.ofNullable(connector(connector).transactionId());
    }

    /**
     * A cable is plugged into {@code connector}. 1.6: StatusNotification Preparing (§4.9). 2.0.1: StatusNotification
     * Occupied (G01) and TransactionEvent Started with triggerReason CablePluggedIn, chargingState EVConnected,
     * seqNo 0 (E02). If an idToken was accepted while no cable was plugged in, charging then starts with it as
     * {@link #presentIdToken} describes.
     */
    public CompletableFuture<Void> plugIn(int connector) {
        ConnectorState c = connector(connector);
        return step(() -> {
            if (c.plugged()) {
                throw new IllegalStateException("a cable is plugged into connector " + connector + " already");
            }
            c.plugged(true);
            return script.plugIn(context, c).thenCompose(v -> {
                JsonNode token = pendingToken;
                if (token == null || c.charging()) {
                    return done();
                }
                pendingToken = null;
                return script.startCharging(context, c, token, null);
            });
        });
    }

    /**
     * An idToken is presented (an RFID card held to the reader): Authorize (1.6 §4.1 idTag; 2.0.1 C01 idToken of
     * type ISO14443). If the CSMS accepts it and a cable is plugged into a connector that is not charging (the
     * first such), charging starts there: 1.6 StartTransaction (§4.8, the answered transactionId is kept) and
     * StatusNotification Charging; 2.0.1 TransactionEvent Updated (or Started when no transaction is on) with
     * triggerReason Authorized, the idToken and chargingState Charging (E02/E01). If no cable is plugged in, the
     * next {@link #plugIn} starts charging with it. A token that is not accepted changes nothing.
     */
    public CompletableFuture<Void> presentIdToken(String idToken) {
        Objects.requireNonNull(idToken, "idToken");
        JsonNode token = script.token(idToken);
        return step(() -> authorizeAndStart(token, null, null));
    }

    /**
     * A meter reading of {@code wh} Wh (Energy.Active.Import.Register) on {@code connector}. 1.6: MeterValues with
     * the transactionId when a transaction is on (§4.7). 2.0.1: TransactionEvent Updated with triggerReason
     * MeterValuePeriodic within a transaction (J02), MeterValues otherwise (J01). The reading is also the meter
     * value reported at start and stop.
     */
    public CompletableFuture<Void> meterValues(int connector, double wh) {
        ConnectorState c = connector(connector);
        return step(() -> script.meterValues(context, c, wh));
    }

    /**
     * The driver stops the transaction on {@code connector}; the cable stays plugged in. 1.6: StopTransaction with
     * reason Local and the last reading as meterStop (§4.10), then StatusNotification Finishing. 2.0.1:
     * TransactionEvent Ended with triggerReason StopAuthorized, stoppedReason Local, chargingState EVConnected (E06).
     * Fails with {@link IllegalStateException} when no transaction is on.
     */
    public CompletableFuture<Void> stopCharging(int connector) {
        ConnectorState c = connector(connector);
        return step(() -> script.stopCharging(context, c, StationScript.StopReason.LOCAL));
    }

    /**
     * The cable is pulled out of {@code connector}. A transaction still on ends first: 1.6 StopTransaction with
     * reason EVDisconnected (§4.10, StopTransactionOnEVSideDisconnect); 2.0.1 TransactionEvent Ended with
     * triggerReason EVCommunicationLost while charging, EVDeparted otherwise, stoppedReason EVDisconnected (E06,
     * E07). Then StatusNotification Available. Fails with {@link IllegalStateException} when no cable is plugged in.
     */
    public CompletableFuture<Void> unplug(int connector) {
        ConnectorState c = connector(connector);
        return step(() -> {
            if (!c.plugged()) {
                throw new IllegalStateException("no cable is plugged into connector " + connector);
            }
            return script.unplug(context, c);
        });
    }

    /**
     * A StatusNotification of {@code connector} with {@code status}: a 1.6 ChargePointStatus (§7.7, errorCode
     * NoError) or a 2.0.1 ConnectorStatusEnumType (G01). The status is checked against the schema before it is sent.
     */
    public CompletableFuture<Void> statusNotification(int connector, String status) {
        Objects.requireNonNull(status, "status");
        ConnectorState c = connector(connector);
        return step(() -> script.statusNotification(context, c, status));
    }

    // ------------------------------------------------------------------------------------------------ calls

    /**
     * Sends any 1.6 request a charge point may send and completes with the typed answer, outside the scripted steps
     * (the session still sends one CALL at a time, OCPP-J 1.6 §4.1.1). The request is checked against the schema.
     * It goes out now, past the delivery queue, even a transaction message: its future fails with a CALLERROR,
     * timeout or lost connection, and nothing sends it again.
     *
     * @throws IllegalArgumentException if the station does not speak 1.6 or a charge point does not send it
     * @throws IllegalStateException    if the station was not started
     */
    public <R extends Ocpp16Response> CompletableFuture<R> call(Ocpp16Request<R> request) {
        return typedCall(OcppVersion.OCPP16, request,
                (action, payload) -> requireSession().call(action, payload, DIRECT));
    }

    /**
     * Sends any 2.0.1 request a charging station may send and completes with the typed answer; otherwise as
     * {@link #call(Ocpp16Request)} (2.0.1 Part 4 §4.1.1).
     *
     * @throws IllegalArgumentException if the station does not speak 2.0.1 or a station does not send it
     * @throws IllegalStateException    if the station was not started
     */
    public <R extends Ocpp201Response> CompletableFuture<R> call(Ocpp201Request<R> request) {
        return typedCall(OcppVersion.OCPP201, request,
                (action, payload) -> requireSession().call(action, payload, DIRECT));
    }

    /**
     * Sends a CALL of any action with any payload, unchecked (neither the payload nor the answer is validated), to
     * see how the CSMS answers what it should refuse (OCPP-J 1.6 §4.2.3, 2.0.1 Part 4 §4.3). Completes with the
     * CALLRESULT payload, or exceptionally with the CALLERROR as a {@link dev.ocpp.core.CallErrorException}. Like
     * the typed calls it goes out now, past the delivery queue.
     *
     * @throws IllegalStateException if the station was not started
     */
    public CompletableFuture<ObjectNode> callRaw(String action, ObjectNode payload) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        return requireSession().call(action, payload, DIRECT.withValidation(RAW));
    }

    // ------------------------------------------------------------------------------------------------ internals

    private ConnectorState connector(int n) {
        if (n < 1 || n > connectors.size()) {
            throw new IllegalArgumentException("connector " + n + " does not exist: the station has connectors 1.."
                    + connectors.size());
        }
        return connectors.get(n - 1);
    }

    private OcppSession currentSession() {
        synchronized (lock) {
            return session;
        }
    }

    private OcppSession requireSession() {
        OcppSession s = currentSession();
        if (s == null) {
            throw new IllegalStateException("start() the station " + identity + " first");
        }
        return s;
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Runs {@code body} once every step asked for before has finished, and completes with it. The body runs
     * outside any lock, on the thread that finished the previous step (a session executor thread) or the caller's.
     */
    private CompletableFuture<Void> step(Supplier<CompletableFuture<Void>> body) {
        requireSession();
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (lock) {
            if (closed) {
                // Offline a step may send nothing and succeed; closed it must not.
                return CompletableFuture.failedFuture(
                        new ConnectionClosedException("the station " + identity + " is closed"));
            }
            previous = tail;
            tail = result;
        }
        previous.whenComplete((v, e) -> {
            CompletableFuture<Void> run;
            try {
                run = body.get();
            } catch (RuntimeException failure) {
                run = CompletableFuture.failedFuture(failure);
            }
            run.whenComplete((v2, e2) -> {
                if (e2 != null) {
                    result.completeExceptionally(cause(e2));
                } else {
                    result.complete(null);
                }
                if (resetWhenIdle.get() && connectors.stream().noneMatch(ConnectorState::inTransaction)
                        && resetWhenIdle.compareAndSet(true, false)) {
                    followUp("scheduled reset", () -> reset(StationScript.StopReason.HARD_RESET));
                }
            });
        });
        return result.copy();
    }

    /** Authorize, then start charging where a cable waits (see {@link #presentIdToken}). */
    private CompletableFuture<Void> authorizeAndStart(JsonNode token, ConnectorState only, Integer remoteStartId) {
        return script.authorize(context, token).thenCompose(accepted -> {
            if (!accepted) {
                return done();
            }
            ConnectorState c = only;
            if (c == null) {
                c = connectors.stream().filter(x -> x.plugged() && !x.charging()).findFirst().orElse(null);
            }
            if (c == null || !c.plugged() || c.charging()) {
                pendingToken = token;
                return done();
            }
            return script.startCharging(context, c, token, remoteStartId);
        });
    }

    /** A remote start the station accepted: plug in if needed, then authorize and start (see the class notes). */
    private CompletableFuture<Void> remoteStart(StationScript.RemoteStart request) {
        ConnectorState c = null;
        Integer n = request.connector();
        if (n != null && n >= 1 && n <= connectors.size()) {
            c = connectors.get(n - 1);
        } else if (n == null) {
            c = connectors.stream().filter(x -> x.plugged() && !x.charging()).findFirst()
                    .or(() -> connectors.stream().filter(x -> !x.charging()).findFirst()).orElse(null);
        }
        if (c == null || c.charging()) {
            LOG.debug("{}: no connector free for the remote start", identity);
            return done();
        }
        ConnectorState target = c;
        CompletableFuture<Void> plugged = done();
        if (!target.plugged()) {
            target.plugged(true);
            plugged = script.plugIn(context, target);
        }
        return plugged.thenCompose(v -> authorizeAndStart(request.token(), target, request.remoteStartId()));
    }

    private void onConnectionEvent(ConnectionEvent event) {
        if (firstConnectionRequired && !firstConnection.isDone()) {
            firstAttempt(event);
        }
        if (event instanceof ConnectionEvent.Connected) {
            List<CompletableFuture<Void>> waiters;
            RetryBackOff restore;
            synchronized (lock) {
                waiters = new ArrayList<>(connectWaiters);
                connectWaiters.clear();
                restore = restoreBackOff;
                restoreBackOff = null;
            }
            if (restore != null) {
                client.retryBackOff(restore);
            }
            waiters.forEach(w -> w.complete(null));
            // A reconnect is no reboot: registered already, the station reports what changed while it was offline.
            if (statusReports && runtime.registrationStatus().orElse(null) == RegistrationStatus.ACCEPTED) {
                reportConnectors(true);
            }
        } else if (event instanceof ConnectionEvent.Disconnected) {
            // Answers that had not gone out are lost with the connection, and so are their follow-ups.
            afterAnswer.clear();
        } else if (event instanceof ConnectionEvent.ReconnectScheduled && !virtualTime) {
            offlinePlanned();
        }
    }

    /**
     * The outcome of the first connection attempt, when it must succeed: a refusal or failure ends the station's
     * session (no retry) and fails {@link #start()} with it.
     */
    private void firstAttempt(ConnectionEvent event) {
        ConnectionClosedException failure = null;
        if (event instanceof ConnectionEvent.Connected) {
            firstConnection.complete(null);
        } else if (event instanceof ConnectionEvent.HandshakeRefused r) {
            failure = new ConnectionClosedException("the CSMS refused the connection of " + identity + ": HTTP "
                    + r.status() + (r.reason() == null || r.reason().isEmpty() ? "" : " " + r.reason()));
        } else if (event instanceof ConnectionEvent.ConnectFailed f) {
            Throwable why = cause(f.cause());
            failure = new ConnectionClosedException("the station " + identity + " could not connect: "
                    + why.getMessage(), why);
        }
        if (failure != null && firstConnection.completeExceptionally(failure)) {
            OcppSession s = currentSession();
            if (s != null) {
                s.close(1000, "First connection failed");
            }
        }
    }

    /** The reconnect after {@link #goOffline} is planned: the station is offline. */
    private void offlinePlanned() {
        CompletableFuture<Void> done;
        synchronized (lock) {
            done = offline;
            offline = null;
            offlineDelay = null;
        }
        if (done != null) {
            done.complete(null);
        }
    }

    /**
     * The virtual clock, watched for the reconnect timer of {@link #goOffline}: the client announces the reconnect
     * before it plans the timer, so only the timer itself tells a test that advancing the clock now reaches it.
     */
    private final class PlanWatch implements dev.ocpp.core.TimeoutScheduler {
        private final VirtualClock clock;

        PlanWatch(VirtualClock clock) {
            this.clock = clock;
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            Cancellable planned = clock.schedule(task, delay);
            boolean reconnectTimer;
            synchronized (lock) {
                reconnectTimer = offline != null && delay.equals(offlineDelay);
            }
            if (reconnectTimer) {
                offlinePlanned();
            }
            return planned;
        }
    }

    /** An outgoing frame, while some answer's follow-up waits for it to go out. Called on a transport thread. */
    private void answerWentOut(OcppSession s, String text) {
        JsonNode frame;
        try {
            frame = OcppJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        int type = frame.path(0).asInt();
        if (type != 3 && type != 4) {
            return;
        }
        Runnable followUp = afterAnswer.remove(frame.path(1).asText());
        if (followUp != null && type == 3) {
            inOrder(followUp);
        }
    }

    /**
     * Runs {@code task} on the session's executor after every task handed in before it: the follow-ups of answers
     * that went out one after another take their turn among the steps in that order, though the executor is a pool.
     * A follow-up that fails is logged and the next ones still run.
     */
    private void inOrder(Runnable task) {
        followUps.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // The serial executor would log it and go on too, but not say which station's follow-up it was.
                LOG.warn("{}: a follow-up failed", identity, e);
            }
        });
    }

    /** A step that follows an answer: its outcome is only logged, since no test holds its future. */
    private void followUp(String what, Supplier<CompletableFuture<Void>> body) {
        step(body).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("{}: {} failed", identity, what, e);
            }
        });
    }

    /**
     * A follow-up that may go out before the boot is accepted (2.0.1 B02.FR.01/02: the reports a Pending station was
     * asked for): once the first boot was reported, a step like any other; before, at once, not behind the steps
     * that wait for the acceptance.
     */
    private void beforeAcceptanceToo(String what, Supplier<CompletableFuture<Void>> body) {
        if (bootReported.isDone()) {
            followUp(what, body);
            return;
        }
        CompletableFuture<Void> run;
        try {
            run = body.get();
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        run.whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("{}: {} failed", identity, what, e);
            }
        });
    }

    private Runnable followUpOf(String action, ObjectNode request) {
        if (action.equals("ChangeConfiguration") && version() == OcppVersion.OCPP16
                && request.path("key").asText().equals("SecurityProfile")) {
            // The defaults accepted it: a profile number above the one in force, with what it needs.
            int next = Integer.parseInt(request.path("value").asText().trim());
            return () -> switchProfile(profileFor(next), false, 1000,
                    "SecurityProfile changed to " + next + ": reconnecting with it", null);
        }
        if (action.equals("Reset") && version() == OcppVersion.OCPP16) {
            StationScript.StopReason why = "Hard".equals(request.path("type").asText())
                    ? StationScript.StopReason.HARD_RESET : StationScript.StopReason.SOFT_RESET;
            return () -> followUp("reset", () -> reset(why));
        }
        if (action.equals("Reset") && !request.hasNonNull("evseId")) {
            return () -> followUp("reset", () -> reset(StationScript.StopReason.HARD_RESET));
        }
        if (action.equals("ReserveNow")) {
            Runnable expiry = reservationExpiry(request);
            return () -> {
                followUp("reserved status", this::reportReservations);
                if (expiry != null) {
                    expiry.run();
                }
            };
        }
        if (action.equals("CancelReservation")) {
            return () -> followUp("reservation cancelled", this::reportReservations);
        }
        if (action.equals(script.remoteStartAction())) {
            StationScript.RemoteStart start = script.remoteStart(request);
            return () -> followUp("remote start", () -> remoteStart(start));
        }
        if (action.equals(script.remoteStopAction())) {
            String id = script.remoteStop(request);
            return () -> followUp("remote stop", () -> connectors.stream()
                    .filter(c -> id.equals(c.transactionId())).findFirst()
                    .or(() -> connectors.stream().filter(c -> c.inTransaction() && c.transactionId() == null)
                            .findFirst())
                    .map(c -> script.stopCharging(context, c, StationScript.StopReason.REMOTE))
                    .orElseGet(SimulatedStation::done));
        }
        if (action.equals("TriggerMessage") || action.equals("ExtendedTriggerMessage")) {
            String requested = request.path("requestedMessage").asText();
            Optional<Integer> only = script.triggerConnector(request);
            return switch (requested) {
                case "BootNotification" -> () -> {
                    bootReason = "Triggered";
                    runtime.bootNow();
                };
                case "Heartbeat" -> () -> followUp("triggered Heartbeat", () -> context
                        .call("Heartbeat", OcppJson.mapper().createObjectNode()).thenApply(a -> null));
                case "StatusNotification" -> () -> followUp("triggered StatusNotification",
                        () -> eachConnector(only, c -> script.statusNotification(context, c, c.status())));
                case "MeterValues" -> () -> followUp("triggered MeterValues",
                        () -> eachConnector(only, c -> script.triggeredMeterValues(context, c)));
                case "TransactionEvent" -> () -> followUp("triggered TransactionEvent", () -> eachConnector(only,
                        c -> c.inTransaction() ? script.triggeredTransactionEvent(context, c) : done()));
                // Nothing is being downloaded, installed or uploaded: the status is Idle (1.6 §5.17, 2.0.1 F06).
                case "FirmwareStatusNotification", "DiagnosticsStatusNotification", "LogStatusNotification" ->
                    () -> followUp("triggered " + requested, () -> context.call(requested,
                            OcppJson.mapper().createObjectNode().put("status", "Idle")).thenApply(a -> null));
                case "SignChargePointCertificate", "SignChargingStationCertificate" -> () -> followUp(
                        "triggered SignCertificate", this::signCertificate);
                default -> null;
            };
        }
        return null;
    }

    /**
     * The follow-up of an accepted Reset of the whole station (1.6 §5.14, 2.0.1 B11/B12): each transaction on is
     * stopped ({@code why}: 1.6 reason HardReset / SoftReset; 2.0.1 triggerReason ResetCommand, stoppedReason
     * ImmediateReset), then the station reboots: a 2.0.1 station whose NetworkConfigurationPriority puts another slot
     * first reboots onto it (see {@link #switchProfile}); otherwise the station boots again on the connection it
     * has (a reboot the network did not notice), with boot reason RemoteReset, and reports its connectors once
     * accepted.
     */
    private CompletableFuture<Void> reset(StationScript.StopReason why) {
        return eachConnector(ConnectorState::inTransaction, c -> script.stopCharging(context, c, why))
                .handle((v, e) -> {
                    if (e != null) {
                        LOG.debug("{}: a transaction did not stop cleanly for the reset", identity, e);
                    }
                    bootReason = "RemoteReset";
                    Optional<Map.Entry<Integer, StationState.NetworkSlot>> slot = version() == OcppVersion.OCPP201
                            ? state.rebootSlot() : Optional.empty();
                    if (slot.isPresent()) {
                        int n = slot.get().getKey();
                        switchProfile(profileOf(slot.get().getValue()), true, 1012,
                                "Reset: rebooting onto network connection profile " + n,
                                () -> state.connectedWith(n));
                        return done();
                    }
                    CompletableFuture<Void> rebooted = new CompletableFuture<>();
                    rebooting = rebooted;
                    synchronized (lock) {
                        if (closed) {
                            rebooted.complete(null);
                        }
                    }
                    runtime.bootNow();
                    return rebooted;
                }).thenCompose(f -> f);
    }

    /**
     * The follow-up of an accepted security profile change (1.6 A05) or of a reset onto another network connection
     * profile (2.0.1 B10 / A05): every connection attempt from now on uses {@code next}; the connection is dropped
     * (the answer went out) and the station reconnects with it, booting again on {@code reboot}. From the new
     * connection's first frame on the station reports the new profile ({@link OcppClient#connectedProfile()}), and
     * {@code onConnected} runs soon after, on the session's executor; after as many failed attempts as
     * {@link StationDefaults#profileAttempts()} says it goes back to the profile before (1.6 A05.FR.08, 2.0.1
     * B10.FR.07 with NetworkProfileConnectionAttempts) and keeps reporting it.
     */
    private void switchProfile(ConnectionProfile next, boolean reboot, int closeCode, String reason,
            Runnable onConnected) {
        OcppSession s = currentSession();
        if (s == null || !s.isOpen()) {
            return;
        }
        client.switchProfile(next, defaults.profileAttempts()).whenComplete((connected, failure) -> {
            if (failure == null) {
                if (onConnected != null) {
                    onConnected.run();
                }
                LOG.debug("{}: connected with {}", identity, connected);
            } else {
                // The client logged the fallback already.
                LOG.debug("{}: stays with the profile before", identity, failure);
            }
        });
        if (reboot) {
            // The next connection boots (B11/B12: a reset is a reboot); bootNow() would send it on this one.
            runtime.bootDataChanged();
        }
        s.disconnect(closeCode, reason);
    }

    /**
     * The connection profile of 1.6 SecurityProfile {@code n} (security white paper §2.1): 1 the password on the
     * endpoint in force (a plain one: the profile was 0), 2 the password over TLS to the
     * {@link Builder#secureEndpoint secure endpoint}, 3 TLS alone (the station's own context, with its client
     * certificate) there.
     */
    private ConnectionProfile profileFor(int n) {
        return switch (n) {
            case 1 -> ConnectionProfile.of(client.connectionProfile().endpoint()).withPassword(password);
            case 2 -> ConnectionProfile.of(secureEndpoint).withPassword(password).withSslContext(tlsFor(2));
            default -> ConnectionProfile.of(secureEndpoint).withSslContext(tlsFor(3));
        };
    }

    /**
     * The connection profile of a 2.0.1 network connection profile slot: the one the station started with for slot
     * 0, else the slot's URL with the station's password (profiles 1 and 2) and, over TLS, the context of
     * {@link #tlsFor}.
     */
    private ConnectionProfile profileOf(StationState.NetworkSlot slot) {
        if (slot.profile() != null) {
            return slot.profile();
        }
        ConnectionProfile p = ConnectionProfile.of(slot.url());
        if (slot.securityProfile() < 3) {
            p = p.withPassword(password);
        }
        return slot.securityProfile() >= 2 ? p.withSslContext(tlsFor(slot.securityProfile())) : p;
    }

    /**
     * The TLS context of security profile {@code profile}: for 2 one trusting the CSMS roots installed, else the
     * station's own; for 3 the station's own, the only one with a client certificate.
     */
    private SSLContext tlsFor(int profile) {
        return profile == 3 ? ownTlsContext : state.csmsRootTrust().orElse(ownTlsContext);
    }

    /** The failure a dependent stage saw, without the {@link CompletionException} wrapping it. */
    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** {@code body} for each connector, or only the one named (0 is the whole station: each), one after another. */
    private CompletableFuture<Void> eachConnector(Optional<Integer> only,
            java.util.function.Function<ConnectorState, CompletableFuture<Void>> body) {
        return eachConnector(c -> only.isEmpty() || only.get() == 0 || only.get() == c.id(), body);
    }

    /** {@code body} for each connector {@code which} selects, one after another. */
    private CompletableFuture<Void> eachConnector(java.util.function.Predicate<ConnectorState> which,
            java.util.function.Function<ConnectorState, CompletableFuture<Void>> body) {
        CompletableFuture<Void> all = done();
        for (ConnectorState c : connectors) {
            if (which.test(c)) {
                all = all.thenCompose(v -> body.apply(c));
            }
        }
        return all;
    }

    /**
     * A certificate signing request for a new key pair (A02/A03, 1.6 security extension): O the vendor, CN the
     * identity. The key is not kept: a simulated station installs no certificate.
     */
    private CompletableFuture<Void> signCertificate() {
        String csr = Pkcs10.pem(vendor, identity);
        return context.call("SignCertificate", script.signCertificate(csr)).thenApply(a -> null);
    }

    /**
     * Plans the follow-up of the station's own default answer (see the class notes), run once that answer went out.
     * An answer the test gave (enqueued, or by a standing rule) has none: the test plays what follows itself, or
     * plays a station that does not keep its promise.
     */
    private void defaultAnswered(IncomingCall call, ObjectNode answer) {
        ObjectNode request = call.payload().deepCopy();
        Runnable followUp = "Accepted".equals(answer.path("status").asText())
                ? followUpOf(call.action(), request) : null;
        if (followUp == null) {
            followUp = reportOf(call.action(), request, answer);
        }
        if (followUp != null) {
            afterAnswer.put(call.messageId(), followUp);
        }
    }

    /** The report that follows the default answer to an upload or a signed firmware update, or null. */
    private Runnable reportOf(String action, ObjectNode request, ObjectNode answer) {
        if (action.equals("Reset") && "Scheduled".equals(answer.path("status").asText())) {
            // B11: the reset waits for the transactions to end; the step that ends the last one runs it.
            return () -> {
                resetWhenIdle.set(true);
                followUp("scheduled reset check", SimulatedStation::done);
            };
        }
        return switch (action) {
            case "GetDiagnostics" -> answer.hasNonNull("fileName") ? () -> followUp("diagnostics upload status",
                    () -> context.call("DiagnosticsStatusNotification", OcppJson.mapper().createObjectNode()
                            .put("status", "UploadFailed")).thenApply(a -> null)) : null;
            // N09: the report asked for comes in NotifyCustomerInformation; a simulated station keeps no customer data.
            case "CustomerInformation" -> "Accepted".equals(answer.path("status").asText())
                    && request.path("report").asBoolean(false) ? () -> followUp("customer information",
                    () -> context.call("NotifyCustomerInformation", OcppJson.mapper().createObjectNode()
                            .put("data", "No customer data held").put("seqNo", 0)
                            .put("generatedAt", OcppJson.format(context.now()))
                            .put("requestId", request.path("requestId").asInt())).thenApply(a -> null)) : null;
            case "GetLog" -> "Accepted".equals(answer.path("status").asText()) ? () -> followUp("log upload status",
                    () -> context.call("LogStatusNotification", OcppJson.mapper().createObjectNode()
                            .put("status", "UploadFailure").put("requestId", request.path("requestId").asInt()))
                            .thenApply(a -> null)) : null;
            case "SignedUpdateFirmware", "UpdateFirmware" -> "InvalidCertificate".equals(answer.path("status")
                    .asText()) ? () -> followUp("security event", () -> context.call("SecurityEventNotification",
                            OcppJson.mapper().createObjectNode().put("type", "InvalidFirmwareSigningCertificate")
                                    .put("timestamp", OcppJson.format(context.now()))
                                    .put("techInfo", "no manufacturer root certificate installed"))
                            .thenApply(a -> null))
                    : version() == OcppVersion.OCPP16 && action.equals("UpdateFirmware") ? firmwareUpdate(request)
                    : null;
            default -> {
                List<StationDefaults.Message> reports = defaults.reports(action, request, answer, clock());
                // B02.FR.01/02: a Pending station may report its device model; steps wait for the acceptance.
                yield reports.isEmpty() ? null : () -> beforeAcceptanceToo(action + " report", () -> send(reports));
            }
        };
    }

    /** Sends {@code messages} one after another, each once the one before was answered. */
    private CompletableFuture<Void> send(List<StationDefaults.Message> messages) {
        CompletableFuture<Void> all = done();
        for (StationDefaults.Message m : messages) {
            all = all.thenCompose(v -> context.call(m.action(), m.payload()).thenApply(a -> null));
        }
        return all;
    }

    /**
     * The follow-up of a 1.6 UpdateFirmware (§5.19, §4.5): at its retrieveDate (at once when that has passed) the
     * station reports FirmwareStatusNotification Downloading, Downloaded, Installing and Installed, one after another
     * with no time between: nothing is fetched or installed, and the station does not reboot.
     */
    private Runnable firmwareUpdate(ObjectNode request) {
        Instant retrieve;
        try {
            retrieve = OcppJson.parse(request.path("retrieveDate").asText()).toInstant();
        } catch (RuntimeException e) {
            retrieve = clock().instant();
        }
        Instant when = retrieve;
        return () -> at(when, () -> followUp("firmware update", () -> send(
                Stream.of("Downloading", "Downloaded", "Installing", "Installed")
                        .map(status -> new StationDefaults.Message("FirmwareStatusNotification",
                                OcppJson.mapper().createObjectNode().put("status", status)))
                        .toList())));
    }

    /**
     * The follow-up of an accepted ReserveNow (1.6 §5.13, 2.0.1 H01): at the reservation's expiry by the station's
     * clock (with a {@link VirtualClock}: when the test advances it that far) it is forgotten, unless cancelled or
     * replaced since, and a 2.0.1 station reports ReservationStatusUpdate Expired (H04.FR.01). The default answer to
     * CancelReservation already treats a reservation past its expiry as gone.
     */
    private Runnable reservationExpiry(ObjectNode request) {
        int id = version() == OcppVersion.OCPP16 ? request.path("reservationId").asInt() : request.path("id").asInt();
        return state.reservation(id).<Runnable>map(r -> () -> at(r.expiry(), () -> {
            if (!state.expire(r)) {
                return;
            }
            if (version() == OcppVersion.OCPP201) {
                followUp("reservation expiry", () -> context.call("ReservationStatusUpdate", OcppJson.mapper()
                        .createObjectNode().put("reservationId", r.id()).put("reservationUpdateStatus", "Expired"))
                        .thenApply(a -> null));
            }
            followUp("reservation expired", this::reportReservations);
        })).orElse(null);
    }

    /**
     * Brings each connector's status in line with the reservations kept (1.6 §5.13, 2.0.1 H01): an Available one
     * with a reservation becomes Reserved, a Reserved one without any becomes Available again (after a cancel or an
     * expiry); each change is reported with a StatusNotification. A connector in use keeps its status.
     */
    private CompletableFuture<Void> reportReservations() {
        Instant now = clock().instant();
        return eachConnector(c -> c.status().equals(script.idleStatus()) && state.reserved(c.id(), now)
                        || c.status().equals("Reserved") && !state.reserved(c.id(), now),
                c -> script.statusNotification(context, c, state.reserved(c.id(), now) ? "Reserved"
                        : script.idleStatus()));
    }

    /**
     * Runs {@code task} on the session's executor at {@code when} by the station's clock: at once when it has passed,
     * else from the session's scheduler (the {@link VirtualClock} when the station has one). Nothing runs after
     * {@link #close()}.
     */
    private void at(Instant when, Runnable task) {
        OcppSession s = currentSession();
        if (s == null) {
            return;
        }
        if (when.isAfter(clock().instant().plus(NEVER))) {
            return;
        }
        Duration delay = Duration.between(clock().instant(), when);
        if (delay.isNegative() || delay.isZero()) {
            inOrder(task);
            return;
        }
        TimeoutScheduler.Cancellable[] timer = new TimeoutScheduler.Cancellable[1];
        Runnable fire = () -> {
            if (timer[0] != null) {
                timers.remove(timer[0]);
            }
            inOrder(task);
        };
        // On a virtual clock the timer is due at the instant itself: a test may move the clock while this runs.
        timer[0] = virtualClock != null ? virtualClock.scheduleAt(when, fire)
                : s.config().scheduler().schedule(fire, delay);
        timers.add(timer[0]);
        synchronized (lock) {
            if (closed) {
                timer[0].cancel();
                timers.remove(timer[0]);
            }
        }
    }

    /**
     * StatusNotification of every connector after an accepted boot (1.6 §4.9, 2.0.1 B01 / G01), or with
     * {@code changedOnly} of those whose status changed since it was last reported (after a reconnect).
     */
    private void reportConnectors(boolean changedOnly) {
        followUp(changedOnly ? "status after reconnect" : "status after boot", () -> statusOf(changedOnly));
    }

    private CompletableFuture<Void> statusOf(boolean changedOnly) {
        return eachConnector(c -> !changedOnly || !c.status().equals(c.reportedStatus()),
                c -> script.statusNotification(context, c, c.status())).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("{}: status report failed", identity, e);
            }
        });
    }

    /** The 2.0.1 transactionId a queued TransactionEvent carries, or null. */
    private static String transactionIdOf(dev.ocpp.core.delivery.StoredMessage m) {
        try {
            JsonNode id = OcppJson.mapper().readTree(m.payload()).at("/transactionInfo/transactionId");
            return id.isTextual() ? id.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** What the default answers need to know of the station. */
    private final class View implements StationDefaults.View {
        @Override
        public int connectors() {
            return connectors.size();
        }

        @Override
        public Duration heartbeatInterval() {
            return runtime.heartbeatInterval();
        }

        @Override
        public boolean inTransaction(int connector) {
            return connector >= 1 && connector <= connectors.size() && connectors.get(connector - 1).inTransaction();
        }

        @Override
        public boolean messagesQueued(String transactionId) {
            return queue.pending().stream().anyMatch(m -> transactionId == null
                    || m.payload().contains("\"" + transactionId + "\"")
                    && transactionId.equals(transactionIdOf(m)));
        }

        @Override
        public boolean registered() {
            return runtime.registrationStatus().orElse(null) == RegistrationStatus.ACCEPTED;
        }

        @Override
        public boolean charging(int connector) {
            return connector >= 1 && connector <= connectors.size() && connectors.get(connector - 1).charging();
        }

        @Override
        public boolean runningTransaction(String transactionId) {
            // A 1.6 transaction whose StartTransaction answer the station has not taken in yet may be the one: the
            // CSMS can name it as soon as it has answered.
            return transactionId != null && connectors.stream().anyMatch(c -> transactionId.equals(c.transactionId())
                    || c.inTransaction() && c.transactionId() == null);
        }

        @Override
        public int securityProfile() {
            return SimulatedStation.this.securityProfile();
        }

        @Override
        public boolean hasPassword() {
            return password != null;
        }

        @Override
        public boolean ownTlsContext() {
            return ownTlsContext != null;
        }

        @Override
        public boolean secureEndpoint() {
            return secureEndpoint != null;
        }

        @Override
        public String status(int connector) {
            return connector >= 1 && connector <= connectors.size() ? connectors.get(connector - 1).status()
                    : script.idleStatus();
        }

        @Override
        public String vendor() {
            return vendor;
        }

        @Override
        public String model() {
            return model;
        }

        @Override
        public DeliveryPolicy.RetrySettings retrySettings() {
            return queue.retrySettings();
        }
    }

    /** Queued messages given up are logged: no step waits for them any more when they were queued offline. */
    private final class Discards implements DeliveryListener {
        @Override
        public void discarded(dev.ocpp.core.delivery.StoredMessage message, DiscardReason reason, Throwable cause) {
            LOG.warn("{}: queued {} given up ({})", identity, message.action(), reason, cause);
        }
    }

    /** The scripts' way to the CSMS. */
    private final class StationContext implements StationScript.Context {
        @Override
        public CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
            return requireSession().call(action, payload);
        }

        @Override
        public CompletableFuture<ObjectNode> queue(String action, ObjectNode payload, String messageKey,
                String transactionOf) {
            CallOptions options = CallOptions.defaults();
            if (messageKey != null) {
                options = options.withMessageKey(messageKey);
            }
            if (transactionOf != null) {
                options = options.withTransactionOf(transactionOf);
            }
            return requireSession().call(action, payload, options);
        }

        @Override
        public boolean online() {
            return isConnected();
        }

        @Override
        public CompletableFuture<ObjectNode> callIfOnline(String action, ObjectNode payload) {
            // No connection wait: a station that lost its connection acts offline at once, rather than holding its
            // steps (and the queue of steps behind them) until it is back.
            return requireSession().call(action, payload, CallOptions.defaults().withConnectionWait(Duration.ZERO))
                    .handle((answer, failure) -> {
                        if (failure == null) {
                            return answer;
                        }
                        if (cause(failure) instanceof ConnectionClosedException) {
                            return null;
                        }
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    });
        }

        @Override
        public String newTransactionKey() {
            return transactionLog.newTransactionKey(identity);
        }

        @Override
        public Optional<Integer> useReservation(ConnectorState c, String token) {
            return state.useReservation(c.id(), token, clock().instant());
        }

        @Override
        public TransactionLog transactions() {
            return transactionLog;
        }

        @Override
        public OffsetDateTime now() {
            return OffsetDateTime.now(clock());
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Builds a {@link SimulatedStation}; identity and endpoint are required. */
    public static final class Builder {
        private final OcppVersion version;
        private String identity;
        private URI endpoint;
        private TransportClientFactory transport;
        private int connectors = 1;
        private VirtualClock clock;
        private byte[] password;
        private SSLContext sslContext;
        private URI secureEndpoint;
        private String vendor = "dev.ocpp";
        private String model = "SimulatedStation";
        private Duration callTimeout = Duration.ofSeconds(30);
        private int journalCapacity = Journal.DEFAULT_CAPACITY;
        private boolean reconnect = true;
        private RetryBackOff retryBackOff = RetryBackOff.defaults();
        private boolean statusReports = true;
        private MessageStore store;
        private OcppEventListener listener;
        private final List<Consumer<ConnectionEvent>> connectionListeners = new ArrayList<>();
        private StationSecurity security;
        private Duration ownHeartbeatInterval;
        private Duration replayDelay = Duration.ZERO;
        private Duration replayInterval = Duration.ZERO;
        private boolean firstConnectionRequired;

        private Builder(OcppVersion version) {
            Objects.requireNonNull(version, "version");
            StationScript.of(version); // refuses a version the testkit cannot simulate, now
            this.version = version;
        }

        /** The station identity (required): the last segment of the connection URL. */
        public Builder identity(String identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** The CSMS endpoint without the identity (required), e.g. {@code ws://127.0.0.1:8180/ocpp}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * The transport to connect with, which stays the caller's to close (after the station). Default: a
         * {@link NettyClientTransport} of the station's own, closed by {@link SimulatedStation#close()}.
         */
        public Builder transport(TransportClientFactory transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** How many connectors (1.6) or EVSEs of one connector (2.0.1) the station has; default 1. */
        public Builder connectors(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a station has at least one connector: " + count);
            }
            this.connectors = count;
            return this;
        }

        /**
         * A virtual clock for every timer of the station (boot retries, heartbeats, call timeouts, reconnect
         * back-off) and for its timestamps. Default: real time.
         */
        public Builder clock(VirtualClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The HTTP Basic password, with the identity as user name (security profiles 1 and 2). */
        public Builder password(byte[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * The TLS context for a {@code wss://} endpoint (security profiles 2 and 3). Given to a station that starts
         * on {@code ws://}, it is kept for an upgrade: it counts as trusting the CSMS root and, for profile 3, as
         * holding the station's client certificate (1.6 security white paper A05.FR.03/04, 2.0.1 A05.FR.02/03).
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * The {@code wss://} endpoint (without the identity) a 1.6 station connects to once the CSMS raised its
         * SecurityProfile to 2 or 3 (security white paper A05: ChangeConfiguration carries no URL, so the station must
         * know it beforehand); without one such a change is Rejected. 2.0.1 takes the URL from SetNetworkProfile.
         *
         * @throws IllegalArgumentException if it is not {@code wss://}
         */
        public Builder secureEndpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (!"wss".equalsIgnoreCase(endpoint.getScheme())) {
                throw new IllegalArgumentException("a secure endpoint is wss://: " + endpoint);
            }
            this.secureEndpoint = endpoint;
            return this;
        }

        /** The vendor named in the BootNotification; default {@code dev.ocpp}. At most 20 characters (1.6). */
        public Builder vendor(String vendor) {
            this.vendor = Objects.requireNonNull(vendor, "vendor");
            return this;
        }

        /** The model named in the BootNotification; default {@code SimulatedStation}. At most 20 characters. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** How long a CALL of the station waits for its answer; default 30 s. */
        public Builder callTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.callTimeout = timeout;
            return this;
        }

        /** How many exchanges the journal keeps; default {@value Journal#DEFAULT_CAPACITY}. */
        public Builder journalCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be positive: " + capacity);
            }
            this.journalCapacity = capacity;
            return this;
        }

        /** Whether the station reconnects after a lost connection; default yes. */
        public Builder reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        /**
         * Whether the station sends a StatusNotification of every connector after an accepted BootNotification (1.6
         * §4.9, 2.0.1 B01 / G01) and of every connector whose status changed while offline after a reconnect; default
         * yes. Off, the station sends only what its steps and follow-ups send, for a test that counts frames.
         */
        public Builder statusReports(boolean on) {
            this.statusReports = on;
            return this;
        }

        /**
         * Hears every exchange of the station's session as the engine sees it (its CALLs with their answers or
         * failures and round trips, the CSMS's CALLs with what was answered), for an application that prints or
         * counts them, as the examples' station command does; the station's own
         * {@link SimulatedStation#journal() journal} keeps the same exchanges for tests. Some events come on the
         * transport's thread: the listener must be quick and must not block ({@link OcppEventListener}). None by
         * default.
         */
        public Builder listener(OcppEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Hears every {@link ConnectionEvent} of the station, in order, on the handler executor, after the station
         * has taken it in itself: attempts, connections, losses and the waits before reconnecting (OCPP 2.0.1 Part 4
         * §5.3), as {@link OcppClient.Builder#onConnectionEvent} does for a station of one's own.
         */
        public Builder onConnectionEvent(Consumer<ConnectionEvent> listener) {
            connectionListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Where the station's {@link SimulatedStation#delivery() delivery queue} keeps its transaction messages and
         * what the station must remember to end its open transactions after a restart (1.6 §3.7, 2.0.1 E04); default
         * a fresh {@link MessageStore#inMemory() in-memory store}, lost with the station. The store stays the
         * caller's: the station never closes it. A station built on a store that an earlier station of the same
         * identity left with messages queued delivers them first, in order, once its BootNotification is accepted,
         * and ends the transactions that station left open with reason PowerLoss (see the class notes). One station
         * at a time per store.
         */
        public Builder store(MessageStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The station's security settings from {@code ocpp-security} (security white paper / 2.0.1 Part 2 A00): their
         * password and TLS context, as {@link #password} and {@link #sslContext} set them, and their report of a
         * connection the CSMS refused as a {@link dev.ocpp.security.SecurityEvent} (1.6 security white paper §2,
         * 2.0.1 A04). Default: none.
         */
        public Builder security(StationSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            this.password = security.password().map(StationPassword::wireBytes).orElse(null);
            this.sslContext = security.sslContext().orElse(null);
            return this;
        }

        /**
         * A heartbeat interval of the station's own, kept instead of the one the accepting BootNotification answer
         * gives (1.6 §4.2, 2.0.1 B01 ask a station to take that one: this is for demos and tests that need a
         * different pace); an accepted change of HeartbeatInterval / OCPPCommCtrlr.HeartbeatInterval still applies.
         * Default: none, the CSMS's.
         */
        public Builder heartbeatInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive");
            }
            this.ownHeartbeatInterval = interval;
            return this;
        }

        /**
         * How the {@link SimulatedStation#delivery() delivery queue} paces the messages it replays after a reconnect
         * ({@link DeliveryQueue.Builder#replayPacing}); default none: a simulated station has no fleet to spread out.
         */
        public Builder replayPacing(Duration maxInitialDelay, Duration interval) {
            this.replayDelay = Objects.requireNonNull(maxInitialDelay, "maxInitialDelay");
            this.replayInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Whether the first connection attempt must succeed: if the CSMS refuses it (HTTP 401, 404) or it fails (no
         * route, TLS), {@link SimulatedStation#start()} fails with a {@link ConnectionClosedException} saying why and
         * the station stops trying, as a station being commissioned reports a wrong URL or credentials at once.
         * Default no: the station keeps trying with its back-off until it gets through.
         */
        public Builder firstConnectionRequired(boolean on) {
            this.firstConnectionRequired = on;
            return this;
        }

        /** The reconnect back-off (2.0.1 Part 4 §5.3); default {@link RetryBackOff#defaults()}. */
        public Builder retryBackOff(RetryBackOff backOff) {
            this.retryBackOff = Objects.requireNonNull(backOff, "backOff");
            return this;
        }

        /**
         * The station, not yet connected: {@link SimulatedStation#start()} connects it.
         *
         * @throws IllegalStateException if identity or endpoint is missing, or vendor or model is too long for the
         *                               version's BootNotification
         */
        public SimulatedStation build() {
            if (identity == null || identity.isEmpty() || endpoint == null) {
                throw new IllegalStateException("identity and endpoint are required");
            }
            int maxVendor = version == OcppVersion.OCPP16 ? 20 : 50;
            if (vendor.length() > maxVendor || model.length() > 20) {
                throw new IllegalStateException("the BootNotification of " + version + " allows a vendor of at most "
                        + maxVendor + " and a model of at most 20 characters");
            }
            return new SimulatedStation(this, clock == null ? Clock.systemUTC() : clock.clock());
        }
    }
}
