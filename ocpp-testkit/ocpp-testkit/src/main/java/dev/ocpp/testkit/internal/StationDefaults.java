package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The default answers of one simulated station, which follow what the CSMS set before (reservations, the local list
 * version, charging profiles, configuration) and what the station is doing ({@link View}). One per station.
 */
public interface StationDefaults extends VersionKit.DefaultAnswers {

    /** What the station is, for the answers that depend on it. Called on the thread that answers. */
    interface View {
        /** The number of connectors (1.6) or EVSEs (2.0.1). */
        int connectors();

        /** The heartbeat interval in force. */
        Duration heartbeatInterval();

        /** Whether a transaction is on at {@code connector}. */
        boolean inTransaction(int connector);

        /** Whether the station's last BootNotification was answered Accepted (1.6 §4.2, 2.0.1 B01-B03). */
        default boolean registered() {
            return true;
        }

        /**
         * Whether {@code connector} is charging: a transaction on it was authorized (by a token or a remote start)
         * and not stopped. In 2.0.1 a transaction begins with the cable (E02) before anyone authorized it.
         */
        default boolean charging(int connector) {
            return inTransaction(connector);
        }

        /**
         * Whether the transaction of {@code transactionId} is on: in 1.6 the number the CSMS gave it, as text; in
         * 2.0.1 the station's transactionId.
         */
        default boolean runningTransaction(String transactionId) {
            return false;
        }

        /**
         * Whether the delivery queue holds messages of the 2.0.1 transaction {@code transactionId}, or any message
         * when it is null (E14).
         */
        default boolean messagesQueued(String transactionId) {
            return false;
        }

        /**
         * The security profile the station connects with (1.6 security white paper §2, 2.0.1 Part 2 A00): 0 none,
         * 1 an HTTP Basic password over {@code ws://}, 2 that password over TLS, 3 TLS without a password (a
         * client certificate). While the station tries a higher one it is still the one before: it changes once a
         * connection with the new one opened.
         */
        int securityProfile();

        /** Whether the station has an HTTP Basic password (security profiles 1 and 2). */
        default boolean hasPassword() {
            return false;
        }

        /**
         * Whether the station was given a TLS context of its own: it counts as trusting the CSMS root and as
         * holding a client certificate (security profiles 2 and 3).
         */
        default boolean ownTlsContext() {
            return false;
        }

        /** Whether a 1.6 station knows a {@code wss://} endpoint to go to for profile 2 or 3 (1.6 carries no URL). */
        default boolean secureEndpoint() {
            return false;
        }

        /**
         * The status of {@code connector} now, as its StatusNotification spells it (1.6 ChargePointStatus, 2.0.1
         * ConnectorStatusEnumType).
         */
        default String status(int connector) {
            return "Available";
        }

        /** The vendor the BootNotification names. */
        default String vendor() {
            return "dev.ocpp";
        }

        /** The model the BootNotification names. */
        default String model() {
            return "SimulatedStation";
        }

        /** The attempts and the interval of the transaction message queue in force (1.6 §3.7.1, 2.0.1 E13). */
        default DeliveryPolicy.RetrySettings retrySettings() {
            return new DeliveryPolicy.RetrySettings(3, Duration.ofSeconds(60));
        }
    }

    /**
     * How many times in a row a new connection profile may fail before the station falls back to the one before:
     * 2.0.1 OCPPCommCtrlr.NetworkProfileConnectionAttempts (B10); 1.6 names no number (security white paper
     * A05.FR.08), so 3.
     */
    default int profileAttempts() {
        return 3;
    }

    /** A CALL the station sends of itself: the action and its payload. */
    record Message(String action, ObjectNode payload) {
    }

    /** A view of a station of one connector, a 60 s heartbeat and no transaction: as a fresh station answers. */
    View FRESH = new View() {
        @Override
        public int connectors() {
            return 1;
        }

        @Override
        public Duration heartbeatInterval() {
            return Duration.ofSeconds(60);
        }

        @Override
        public boolean inTransaction(int connector) {
            return false;
        }

        @Override
        public int securityProfile() {
            return 0;
        }
    };

    /** The integer {@code field} of {@code node}, or null when absent. */
    static Integer integer(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asInt() : null;
    }

    /**
     * The date-time {@code field} of {@code node} as an instant; one that is absent or unreadable lies beyond any
     * clock (a reservation without a readable expiry never expires).
     */
    static Instant instant(JsonNode node, String field) {
        try {
            return node.hasNonNull(field) ? OcppJson.parse(node.get(field).asText()).toInstant()
                    : Instant.MAX;
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    /** The text {@code field} of {@code node}, or null when absent. */
    static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** The station the answers describe from now on; {@link #FRESH} until set. */
    void view(View view);

    /**
     * The reports that follow the default {@code answer} to {@code request}, in the order they go out, or none: the
     * 2.0.1 NotifyReport(s) of an accepted GetBaseReport / GetReport (B07/B08), ReportChargingProfiles of an accepted
     * GetChargingProfiles (K09), NotifyDisplayMessages of an accepted GetDisplayMessages (O02). Made now, when the
     * answer is, so that they report what the answer promised; {@code clock} stamps them.
     */
    default List<Message> reports(String action, ObjectNode request,
            ObjectNode answer, Clock clock) {
        return List.of();
    }

    /** What the CSMS set, which the station's follow-ups act on (certificates, network profiles). */
    StationState state();

    /**
     * Whether the station has what security profile {@code profile} needs (1.6 security white paper A05.FR.02-04,
     * 2.0.1 A05.FR.02/03): a password for 1 and 2, a trusted CSMS root (installed, or its own TLS context) for 2 and
     * 3, a client certificate (its own TLS context) for 3.
     */
    static boolean hasWhatProfileNeeds(int profile, View view, StationState state) {
        if ((profile == 1 || profile == 2) && !view.hasPassword()) {
            return false;
        }
        if (profile >= 2 && !state.hasCsmsRoot() && !view.ownTlsContext()) {
            return false;
        }
        return profile != 3 || view.ownTlsContext();
    }

    /** The answer to a trigger whose requested message the station can send: Accepted, or Rejected for a connector
     * it does not have, or (2.0.1 TransactionEvent) one without a transaction. */
    static String triggerStatus(View view, String requested, Integer connector) {
        if (connector != null && (connector < 0 || connector > view.connectors())) {
            return "Rejected";
        }
        if (requested.equals("TransactionEvent")) {
            boolean any = false;
            for (int c = 1; c <= view.connectors(); c++) {
                if ((connector == null || connector == 0 || connector == c) && view.inTransaction(c)) {
                    any = true;
                }
            }
            return any ? "Accepted" : "Rejected";
        }
        return "Accepted";
    }

    /**
     * Whether a remote start (1.6 RemoteStartTransaction §5.11, 2.0.1 RequestStartTransaction F01/F02) can be kept:
     * the connector / EVSE named exists and is not charging, or, when none is named, one of them is not.
     */
    static boolean canStartRemotely(View view, JsonNode connector) {
        if (!view.registered()) {
            // No transaction before the boot is accepted (1.6 §4.2, 2.0.1 B02.FR.05).
            return false;
        }
        if (connector == null || connector.isNull()) {
            for (int c = 1; c <= view.connectors(); c++) {
                if (!view.charging(c)) {
                    return true;
                }
            }
            return false;
        }
        int n = connector.asInt(-1);
        return connector.canConvertToInt() && n >= 1 && n <= view.connectors() && !view.charging(n);
    }

    /**
     * An interval in the whole seconds the configuration reports it in, rounded up: a station given a sub-second
     * interval of its own (a demo's) must not report 0, which would mean no heartbeats at all.
     */
    static long wholeSeconds(Duration interval) {
        long s = interval.toSeconds();
        return interval.equals(Duration.ofSeconds(s)) ? s : s + 1;
    }

    /**
     * The answer status of DeleteCertificate (2.0.1 M04, 1.6 security extension) of the certificate {@code hashData}
     * names: {@code Accepted} when it is a CSMS root installed, which goes; {@code Failed} when it is the last one
     * while the station trusts the CSMS's TLS certificate through it (the root in use, M04.FR.06);
     * {@code NotFound} otherwise.
     */
    static String deleteCertificate(View view, StationState state, JsonNode hashData) {
        CertificateHash hash = certificateHash(hashData);
        if (hash == null || state.csmsRootHashes(hash.hashAlgorithm()).stream().noneMatch(hash::matches)) {
            return "NotFound";
        }
        if (view.securityProfile() >= 2 && !view.ownTlsContext() && state.csmsRootCount() == 1) {
            return "Failed";
        }
        return state.deleteCsmsRoot(hash) ? "Accepted" : "NotFound";
    }

    /** CertificateHashData as it came, or null when it is not valid hash data. */
    static CertificateHash certificateHash(JsonNode data) {
        String algorithm = data.path("hashAlgorithm").asText();
        for (HashAlgorithm a : HashAlgorithm.values()) {
            if (a.wireName().equals(algorithm)) {
                try {
                    return new CertificateHash(a, data.path("issuerNameHash").asText(),
                            data.path("issuerKeyHash").asText(), data.path("serialNumber").asText());
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** CertificateHashData of {@code hash}, as both versions write it. */
    static ObjectNode hashData(CertificateHash hash) {
        return OcppJson.mapper().createObjectNode().put("hashAlgorithm", hash.hashAlgorithm().wireName())
                .put("issuerNameHash", hash.issuerNameHash()).put("issuerKeyHash", hash.issuerKeyHash())
                .put("serialNumber", hash.serialNumber());
    }

    /**
     * Whether a transaction is on at {@code connector} (1.6 connector, 2.0.1 EVSE; not 0, the whole station) and,
     * when {@code transactionId} is given, it is that one: where a TxProfile may go (1.6 §5.16, 2.0.1 K01).
     */
    static boolean transactionOn(View view, int connector, String transactionId) {
        return connector >= 1 && connector <= view.connectors() && view.inTransaction(connector)
                && (transactionId == null || view.runningTransaction(transactionId));
    }

    /**
     * Whether {@code connector} (1.6 connector, 2.0.1 EVSE; 0 the station: never) is in use, so that a reservation
     * of it is {@code Occupied} (1.6 §5.13, 2.0.1 H01): neither Available nor Reserved.
     */
    static boolean occupied(View view, int connector) {
        if (connector < 1 || connector > view.connectors()) {
            return false;
        }
        String status = view.status(connector);
        return !status.equals("Available") && !status.equals("Reserved");
    }
}
