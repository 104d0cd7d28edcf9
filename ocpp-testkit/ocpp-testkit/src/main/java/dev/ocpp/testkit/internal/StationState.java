package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ConnectionProfile;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a simulated station keeps of what the CSMS set, the same in both versions (only the field names of the
 * messages differ, which each version's defaults read): reservations with their expiry (1.6 §5.13/§5.1, 2.0.1
 * H01/H02/H04), the local authorization list version (1.6 §5.15/§5.10, 2.0.1 D01/D02), charging profiles (1.6
 * §5.16/§5.5, 2.0.1 K01/K09/K10), the 2.0.1 display messages (O01-O05), the CSMS root certificates installed
 * (1.6 security extension and 2.0.1 M05 InstallCertificate) and the 2.0.1 network connection profiles with their
 * priority (B09, B10). Connectors are 1.6 connector ids or 2.0.1 EVSE ids. The defaults change it as they answer; the
 * station reads the certificates and network profiles when it acts on an answer that went out (a security profile
 * upgrade, a reboot onto another network profile). Thread-safe.
 *
 * <p>What a CSMS can add to is bounded ({@link #MAX_CHARGING_PROFILES}, {@link #MAX_DISPLAY_MESSAGES},
 * {@link #MAX_CSMS_ROOTS}): the CSMS under test may be hostile or buggy, and must not be able to exhaust the test's
 * memory. A store that is full refuses a new entry (the answer is then Rejected) but still takes a replacement.
 */
public final class StationState {

    /** The network connection profile slots a 2.0.1 station has: 0, 1 and 2 (B09.FR.06 asks for at least two). */
    public static final int NETWORK_SLOTS = 3;

    /**
     * How many charging profiles a station keeps at most (1.6 MaxChargingProfilesInstalled, 2.0.1
     * SmartChargingCtrlr.Entries[ChargingProfiles] maxLimit).
     */
    public static final int MAX_CHARGING_PROFILES = 20;

    /** How many 2.0.1 display messages a station keeps at most (DisplayMessageCtrlr.DisplayMessages maxLimit). */
    public static final int MAX_DISPLAY_MESSAGES = 10;

    /**
     * How many CSMS root certificates a station keeps at most (1.6 security extension CertificateStoreMaxLength,
     * 2.0.1 SecurityCtrlr.CertificateEntries maxLimit; a full store answers InstallCertificate Rejected).
     */
    public static final int MAX_CSMS_ROOTS = 10;

    /**
     * A 2.0.1 network connection profile (B09): the CSMS URL without the identity and the security profile. The
     * station's starting profile (slot 0) also carries the {@link ConnectionProfile} it was built with; a slot the
     * CSMS set has none, the station makes it when it connects with it.
     */
    public record NetworkSlot(URI url, int securityProfile, ConnectionProfile profile) {
    }

    /** The reservations kept, by id (a ReserveNow of a kept id replaces it, 1.6 §5.13, 2.0.1 H01.FR.02). */
    private final Map<Integer, Reservation> reservations = new ConcurrentHashMap<>();
    private final AtomicInteger localListVersion = new AtomicInteger();
    private final Map<Integer, Profile> profiles = new ConcurrentSkipListMap<>();
    /** The 2.0.1 display messages set (O01), by id: MessageInfoType as the CSMS sent it. */
    private final Map<Integer, ObjectNode> displayMessages = new ConcurrentSkipListMap<>();
    /** The CSMS root certificates installed, oldest first. */
    private final List<X509Certificate> csmsRoots = new CopyOnWriteArrayList<>();
    /** A TLS context trusting {@link #csmsRoots}, made when first asked for; null until then or after a change. */
    private volatile SSLContext csmsTrust;
    private final Object network = new Object();
    /** Guarded by {@link #network}: the 2.0.1 network connection profiles, by slot. */
    private final Map<Integer, NetworkSlot> slots = new TreeMap<>();
    /** Guarded by {@link #network}: OCPPCommCtrlr.NetworkConfigurationPriority, slots in order. */
    private List<Integer> priority = List.of(0);
    /** Guarded by {@link #network}: the slot the station connected with last. */
    private int slotInUse;

    /**
     * A charging profile as set: its connector (1.6) or EVSE (2.0.1), 0 for the whole station, purpose, stack level
     * and the profile itself as the CSMS sent it (1.6 csChargingProfiles, 2.0.1 ChargingProfileType).
     */
    public record Profile(int connector, String purpose, int stackLevel, JsonNode profile) {
    }

    /**
     * A reservation kept: on which connector or EVSE (0: the station), until when (the expiry of its request), for
     * which idTag / idToken.
     */
    public record Reservation(int id, int connector, Instant expiry, String token) {
    }

    /**
     * Keeps reservation {@code id} for {@code token} on {@code connector} (0: the station) until {@code expiry} if the
     * station has the connector; whether it did.
     */
    boolean reserve(int connector, int id, int connectors, Instant expiry, String token) {
        boolean known = connector >= 0 && connector <= connectors;
        if (known) {
            reservations.put(id, new Reservation(id, connector, expiry, token));
        }
        return known;
    }

    /**
     * Uses up the reservation that a transaction of {@code token} on {@code connector} starting at {@code now} ends
     * (1.6 §5.13, 2.0.1 H01): one of that token on the connector, or on the whole station, not expired. Returns its
     * id, which the transaction's first message carries, or empty.
     */
    public Optional<Integer> useReservation(int connector, String token, Instant now) {
        for (Reservation r : reservations.values()) {
            if ((r.connector() == connector || r.connector() == 0) && r.token().equals(token)
                    && now.isBefore(r.expiry()) && reservations.remove(r.id(), r)) {
                return Optional.of(r.id());
            }
        }
        return Optional.empty();
    }

    /**
     * Forgets reservation {@code id} if it is kept and has not expired at {@code now} (1.6 §5.1, 2.0.1 H02); whether
     * it did. An expired one stays until {@link #expire} takes it, which reports it (2.0.1 H04.FR.01).
     */
    boolean cancelReservation(int id, Instant now) {
        Reservation r = reservations.get(id);
        return r != null && now.isBefore(r.expiry()) && reservations.remove(id, r);
    }

    /** Whether a reservation not expired at {@code now} is kept on {@code connector}. */
    public boolean reserved(int connector, Instant now) {
        return reservations.values().stream().anyMatch(r -> r.connector() == connector && now.isBefore(r.expiry()));
    }

    /** The reservation kept under {@code id}, expired or not. */
    public Optional<Reservation> reservation(int id) {
        return Optional.ofNullable(reservations.get(id));
    }

    /**
     * Forgets {@code reservation} because its expiry has come, unless it was cancelled or replaced since; whether it
     * did (only then is its expiry reported, 2.0.1 H04.FR.01).
     */
    public boolean expire(Reservation reservation) {
        return reservations.remove(reservation.id(), reservation);
    }

    void localListVersion(int version) {
        localListVersion.set(version);
    }

    /** The version the last SendLocalList set, 0 before. */
    int localListVersion() {
        return localListVersion.get();
    }

    /**
     * Keeps profile {@code id}, replacing one of the same id (1.6 §5.16, 2.0.1 K01.FR.05); whether it did: a new id
     * is refused once {@link #MAX_CHARGING_PROFILES} are kept.
     */
    boolean setProfile(int id, int connector, String purpose, int stackLevel, JsonNode profile) {
        Profile kept = new Profile(connector, purpose, stackLevel, profile.deepCopy());
        // Locked so that two profiles set at once cannot both take the last free place.
        synchronized (profiles) {
            if (!profiles.containsKey(id) && profiles.size() >= MAX_CHARGING_PROFILES) {
                return false;
            }
            profiles.put(id, kept);
        }
        return true;
    }

    /** How many charging profiles are kept. */
    int profileCount() {
        return profiles.size();
    }

    /** The profiles kept, by id (ascending). */
    Map<Integer, Profile> profiles() {
        return Map.copyOf(profiles);
    }

    // ------------------------------------------------------------------------------------------------ display

    /**
     * Keeps display message {@code id} ({@code MessageInfoType}), replacing one of the same id (O01/O03); whether it
     * did: a new id is refused once {@link #MAX_DISPLAY_MESSAGES} are kept.
     */
    boolean displayMessage(int id, ObjectNode message) {
        ObjectNode kept = message.deepCopy();
        synchronized (displayMessages) {
            if (!displayMessages.containsKey(id) && displayMessages.size() >= MAX_DISPLAY_MESSAGES) {
                return false;
            }
            displayMessages.put(id, kept);
        }
        return true;
    }

    /** How many display messages are kept. */
    int displayMessageCount() {
        return displayMessages.size();
    }

    /** The display messages kept, in the order of their ids. */
    List<ObjectNode> displayMessages() {
        return displayMessages.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Forgets display message {@code id} (O05); whether it was kept. */
    boolean clearDisplayMessage(int id) {
        return displayMessages.remove(id) != null;
    }

    /**
     * Removes profile {@code id} when given, else every profile matching the criteria given (null: any); whether
     * any was removed (a ClearChargingProfile that finds none is answered Unknown).
     */
    boolean clearProfiles(Integer id, Integer connector, String purpose, Integer stackLevel) {
        if (id != null) {
            return profiles.remove(id) != null;
        }
        boolean removed = false;
        for (var it = profiles.entrySet().iterator(); it.hasNext(); ) {
            Profile p = it.next().getValue();
            if ((connector == null || connector == p.connector()) && (purpose == null || purpose.equals(p.purpose()))
                    && (stackLevel == null || stackLevel == p.stackLevel())) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    // ------------------------------------------------------------------------------------------------ security

    /**
     * Installs a CSMS root certificate (1.6 security extension CentralSystemRootCertificate, 2.0.1
     * CSMSRootCertificate, M05) given as PEM; whether it is installed now (the answer is Accepted, else Rejected):
     * text the JDK cannot parse as an X.509 certificate is not, nor a new certificate once {@link #MAX_CSMS_ROOTS}
     * are kept (the store is full, M05); one installed already is, and is not kept twice.
     */
    boolean installCsmsRoot(String pem) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException | IllegalArgumentException e) {
            return false;
        }
        synchronized (csmsRoots) {
            // X509Certificate equality is that of the encoded certificate: the same one sent again.
            if (csmsRoots.contains(certificate)) {
                return true;
            }
            if (csmsRoots.size() >= MAX_CSMS_ROOTS) {
                return false;
            }
            csmsRoots.add(certificate);
            csmsTrust = null;
        }
        return true;
    }

    /**
     * The hash data (2.0.1 M03, 1.6 security extension GetInstalledCertificateIds) of each CSMS root installed, made
     * with {@code algorithm}; a certificate that is not self-signed is left out (its issuer's key is unknown).
     */
    List<CertificateHash> csmsRootHashes(HashAlgorithm algorithm) {
        List<CertificateHash> hashes = new java.util.ArrayList<>();
        for (X509Certificate root : csmsRoots) {
            try {
                hashes.add(CertificateHash.ofSelfSigned(root, algorithm));
            } catch (IllegalArgumentException notSelfSigned) {
                // Reported by nothing: a station identifies a certificate by its issuer, which it does not have.
            }
        }
        return hashes;
    }

    /** Deletes the CSMS root {@code hash} identifies (2.0.1 M04, 1.6 DeleteCertificate): whether one was. */
    boolean deleteCsmsRoot(CertificateHash hash) {
        synchronized (csmsRoots) {
            for (X509Certificate root : csmsRoots) {
                try {
                    if (CertificateHash.ofSelfSigned(root, hash.hashAlgorithm()).matches(hash)) {
                        csmsRoots.remove(root);
                        csmsTrust = null;
                        return true;
                    }
                } catch (IllegalArgumentException notSelfSigned) {
                    // Cannot be named by hash data: see csmsRootHashes.
                }
            }
        }
        return false;
    }

    /** How many CSMS root certificates are installed. */
    int csmsRootCount() {
        return csmsRoots.size();
    }

    /** Whether a CSMS root certificate was installed (1.6 A05.FR.03, 2.0.1 A05.FR.02 ask for one before TLS). */
    public boolean hasCsmsRoot() {
        return !csmsRoots.isEmpty();
    }

    /**
     * A TLS context ("TLS", the JDK's default provider) whose trust managers trust the CSMS root certificates
     * installed and nothing else, without a client certificate: the one a station connects with on security profile
     * 2 (1.6 security white paper / 2.0.1 A00.FR.306: the station verifies the CSMS certificate path). Empty when
     * none was installed.
     */
    public Optional<SSLContext> csmsRootTrust() {
        if (csmsRoots.isEmpty()) {
            return Optional.empty();
        }
        SSLContext context = csmsTrust;
        if (context == null) {
            context = trusting(csmsRoots);
            csmsTrust = context;
        }
        return Optional.of(context);
    }

    private static SSLContext trusting(Collection<X509Certificate> roots) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate root : roots) {
                store.setCertificateEntry("csms-root-" + n++, root);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("no TLS context trusting the installed CSMS roots", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ network

    /** Sets slot 0 to the profile the station starts with, in use, and the priority to "0". */
    public void startingProfile(ConnectionProfile profile, int securityProfile) {
        synchronized (network) {
            slots.put(0, new NetworkSlot(profile.endpoint(), securityProfile, profile));
            priority = List.of(0);
            slotInUse = 0;
        }
    }

    /** Keeps {@code slot} (0 to {@link #NETWORK_SLOTS} - 1), replacing what it held. */
    void networkSlot(int slot, NetworkSlot profile) {
        if (slot < 0 || slot >= NETWORK_SLOTS) {
            throw new IllegalArgumentException("no network connection profile slot " + slot);
        }
        synchronized (network) {
            slots.put(slot, profile);
        }
    }

    /** OCPPCommCtrlr.NetworkConfigurationPriority as reported: the slots, comma-separated. */
    String networkPriority() {
        synchronized (network) {
            return String.join(",", priority.stream().map(String::valueOf).toList());
        }
    }

    /**
     * Sets OCPPCommCtrlr.NetworkConfigurationPriority when each comma-separated entry names a configured slot, and
     * says whether it did (an empty list, a repeated slot or one without a profile is refused).
     */
    boolean networkPriority(String value) {
        List<Integer> order = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            int slot;
            try {
                slot = Integer.parseInt(entry.trim());
            } catch (NumberFormatException e) {
                return false;
            }
            if (order.contains(slot)) {
                return false;
            }
            order.add(slot);
        }
        synchronized (network) {
            if (!slots.keySet().containsAll(order)) {
                return false;
            }
            priority = List.copyOf(order);
            return true;
        }
    }

    /**
     * The slot a reboot connects with, if it is not the one in use: the first of NetworkConfigurationPriority
     * (B10). Empty when the reboot changes nothing.
     */
    public Optional<Map.Entry<Integer, NetworkSlot>> rebootSlot() {
        synchronized (network) {
            int first = priority.get(0);
            NetworkSlot slot = slots.get(first);
            return first == slotInUse || slot == null ? Optional.empty() : Optional.of(Map.entry(first, slot));
        }
    }

    /**
     * The station connected with {@code slot}: it is the one in use, and every slot of a lower security profile is
     * deleted, from the slots and from the priority (2.0.1 A05.FR.06: the station never goes down again).
     */
    public void connectedWith(int slot) {
        synchronized (network) {
            NetworkSlot used = slots.get(slot);
            slotInUse = slot;
            if (used == null) {
                return;
            }
            slots.values().removeIf(s -> s.securityProfile() < used.securityProfile());
            List<Integer> kept = new ArrayList<>(priority);
            kept.removeIf(s -> !slots.containsKey(s));
            if (kept.isEmpty()) {
                kept.add(slot);
            }
            priority = List.copyOf(kept);
        }
    }
}
