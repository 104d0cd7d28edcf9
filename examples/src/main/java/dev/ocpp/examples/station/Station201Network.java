package dev.ocpp.examples.station;

import dev.ocpp.core.ConnectionProfile;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import dev.ocpp.v201.messages.DeleteCertificateRequest;
import dev.ocpp.v201.messages.DeleteCertificateResponse;
import dev.ocpp.v201.messages.GetInstalledCertificateIdsRequest;
import dev.ocpp.v201.messages.GetInstalledCertificateIdsResponse;
import dev.ocpp.v201.messages.InstallCertificateRequest;
import dev.ocpp.v201.messages.InstallCertificateResponse;
import dev.ocpp.v201.messages.SetNetworkProfileRequest;
import dev.ocpp.v201.messages.SetNetworkProfileResponse;
import dev.ocpp.v201.types.CertificateHashData;
import dev.ocpp.v201.types.CertificateHashDataChain;
import dev.ocpp.v201.types.DeleteCertificateStatusEnum;
import dev.ocpp.v201.types.GetCertificateIdUseEnum;
import dev.ocpp.v201.types.GetInstalledCertificateStatusEnum;
import dev.ocpp.v201.types.HashAlgorithmEnum;
import dev.ocpp.v201.types.InstallCertificateStatusEnum;
import dev.ocpp.v201.types.InstallCertificateUseEnum;
import dev.ocpp.v201.types.NetworkConnectionProfile;
import dev.ocpp.v201.types.OCPPInterfaceEnum;
import dev.ocpp.v201.types.OCPPTransportEnum;
import dev.ocpp.v201.types.OCPPVersionEnum;
import dev.ocpp.v201.types.SetNetworkProfileStatusEnum;
import dev.ocpp.v201.types.StatusInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The simulated OCPP 2.0.1 station's network connection profiles (B09, B10) and how it raises its security profile
 * with them (A05): {@value #SLOTS} configuration slots, slot 0 holding the profile the station started on;
 * {@code OCPPCommCtrlr.NetworkConfigurationPriority}, the slots to try in order ("0" at first); and
 * {@code OCPPCommCtrlr.NetworkProfileConnectionAttempts}, the failed attempts on a new slot before the station goes
 * back to the one it was on (B10; {@value ProfileUpgrade#DEFAULT_ATTEMPTS} at first).
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>action</th><th>answer</th></tr>
 *   <tr><td>InstallCertificate</td><td>CSMSRootCertificate: Accepted for a valid root, which the TLS profiles then
 *       trust (M05); Rejected for anything else and for the other certificate types</td></tr>
 *   <tr><td>GetInstalledCertificateIds, DeleteCertificate</td><td>the installed CSMS roots (M03, M04; deleting
 *       the one connected with Failed, M04.FR.06); NotFound otherwise</td></tr>
 *   <tr><td>SetNetworkProfile</td><td>Accepted into a slot 0 to {@value #SLOTS} - 1 other than the one in use, for
 *       OCPP20 over JSON at a security profile not below the one in force (B09.FR.04) whose prerequisites are
 *       there (A05.FR.02/03: a password for 1 and 2, a CSMS root for 2 and 3, a station certificate for 3) and whose
 *       URL fits it ({@code wss://} for 2 and 3); Rejected otherwise, an unknown slot included (B09.FR.05)</td></tr>
 *   <tr><td>SetVariables of NetworkConfigurationPriority</td><td>RebootRequired for a list of configured slots
 *       without repeats; Rejected otherwise</td></tr>
 * </table>
 *
 * <p>On a reboot (a Reset) the station goes to the first slot of the priority list if it is not the one in use
 * ({@link #rebootOnto}): it drops the connection and boots on the new one. Once connected there, the slots of a lower
 * security profile are deleted (A05.FR.06), so it never goes down again; if the new slot cannot be reached, it falls
 * back to the slot it was on (B10.FR.07). Thread-safe.
 */
final class Station201Network {

    /** Configuration slots 0 to SLOTS - 1 (B09.FR.06 asks for at least two). */
    static final int SLOTS = 3;

    private final Supplier<ProfileUpgrade> upgrade;
    private final Supplier<OcppClient> client;
    private final Consumer<String> log;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the configured slots. */
    private final Map<Integer, NetworkConnectionProfile> slots = new TreeMap<>();
    /** Guarded by {@link #lock}: NetworkConfigurationPriority. */
    private List<Integer> priority = List.of(0);
    /** Guarded by {@link #lock}: the slot the station connects with. */
    private int inUse;
    private volatile int attempts = ProfileUpgrade.DEFAULT_ATTEMPTS;

    /**
     * @param upgrade the station's CSMS roots and prerequisites, once its security is known
     * @param client  the station's client, once built
     * @param log     receives one line per step; {@code null} for silence
     */
    Station201Network(Supplier<ProfileUpgrade> upgrade, Supplier<OcppClient> client, Consumer<String> log) {
        this.upgrade = Objects.requireNonNull(upgrade, "upgrade");
        this.client = Objects.requireNonNull(client, "client");
        this.log = log;
    }

    /** Fills slot 0 with the profile the station starts on, once its client is built. */
    void started(ConnectionProfile initial, Duration messageTimeout) {
        NetworkConnectionProfile slot0 = new NetworkConnectionProfile()
                .withOcppVersion(OCPPVersionEnum.OCPP_20)
                .withOcppTransport(OCPPTransportEnum.JSON)
                .withOcppCsmsUrl(initial.endpoint().toString())
                .withMessageTimeout((int) Math.max(1, messageTimeout.toSeconds()))
                .withSecurityProfile(initial.securityProfile())
                .withOcppInterface(OCPPInterfaceEnum.WIRED_0);
        synchronized (lock) {
            slots.put(0, slot0);
        }
    }

    /** Registers the answers of this class. */
    void register(Ocpp201ChargingStation.Builder b) {
        b.on(SetNetworkProfileRequest.class, this::setNetworkProfile)
                .on(InstallCertificateRequest.class, this::installCertificate)
                .on(GetInstalledCertificateIdsRequest.class, this::installedCertificates)
                .on(DeleteCertificateRequest.class, this::deleteCertificate);
    }

    /** M03: the CSMS roots installed, each a chain of its own; the station keeps no other type. */
    private GetInstalledCertificateIdsResponse installedCertificates(GetInstalledCertificateIdsRequest request) {
        List<GetCertificateIdUseEnum> types = request.getCertificateType();
        List<CertificateHash> roots = types == null || types.isEmpty()
                || types.contains(GetCertificateIdUseEnum.CSMS_ROOT_CERTIFICATE)
                ? upgrade.get().csmsRootHashes() : List.of();
        if (roots.isEmpty()) {
            return new GetInstalledCertificateIdsResponse().withStatus(GetInstalledCertificateStatusEnum.NOT_FOUND);
        }
        return new GetInstalledCertificateIdsResponse().withStatus(GetInstalledCertificateStatusEnum.ACCEPTED)
                .withCertificateHashDataChain(roots.stream().map(h -> new CertificateHashDataChain()
                        .withCertificateType(GetCertificateIdUseEnum.CSMS_ROOT_CERTIFICATE)
                        .withCertificateHashData(new CertificateHashData()
                                .withHashAlgorithm(HashAlgorithmEnum.fromValue(h.hashAlgorithm().wireName()))
                                .withIssuerNameHash(h.issuerNameHash())
                                .withIssuerKeyHash(h.issuerKeyHash())
                                .withSerialNumber(h.serialNumber()))).toList());
    }

    /** M04: an installed CSMS root, unless it is the one connected with (M04.FR.06: Failed). */
    private DeleteCertificateResponse deleteCertificate(DeleteCertificateRequest request) {
        CertificateHashData data = request.getCertificateHashData();
        CertificateHash wanted;
        try {
            wanted = new CertificateHash(HashAlgorithm.fromWireName(data.getHashAlgorithm().value()),
                    data.getIssuerNameHash(), data.getIssuerKeyHash(), data.getSerialNumber());
        } catch (IllegalArgumentException e) {
            return new DeleteCertificateResponse().withStatus(DeleteCertificateStatusEnum.NOT_FOUND);
        }
        return new DeleteCertificateResponse().withStatus(
                switch (upgrade.get().deleteCsmsRoot(wanted, client.get().connectionProfile())) {
                    case DELETED -> DeleteCertificateStatusEnum.ACCEPTED;
                    case IN_USE -> DeleteCertificateStatusEnum.FAILED;
                    case NOT_FOUND -> DeleteCertificateStatusEnum.NOT_FOUND;
                });
    }

    /** M05: a CSMS root is kept for the TLS profiles; the station has no use for the other types. */
    private InstallCertificateResponse installCertificate(InstallCertificateRequest request) {
        if (request.getCertificateType() != InstallCertificateUseEnum.CSMS_ROOT_CERTIFICATE) {
            return new InstallCertificateResponse().withStatus(InstallCertificateStatusEnum.REJECTED)
                    .withStatusInfo(new StatusInfo().withReasonCode("NotSupported"));
        }
        boolean installed = upgrade.get().installCsmsRoot(request.getCertificate());
        return new InstallCertificateResponse().withStatus(installed
                ? InstallCertificateStatusEnum.ACCEPTED : InstallCertificateStatusEnum.REJECTED);
    }

    /** B09: see the class comment. */
    private SetNetworkProfileResponse setNetworkProfile(SetNetworkProfileRequest request) {
        int slot = request.getConfigurationSlot();
        NetworkConnectionProfile data = request.getConnectionData();
        if (slot < 0 || slot >= SLOTS) {
            // B09.FR.05.
            return rejected(slot, "InvalidConfSlot", "the station has slots 0 to " + (SLOTS - 1));
        }
        synchronized (lock) {
            if (slot == inUse) {
                // The profile in use is the one to fall back to while a new one is tried (B10.FR.07).
                return rejected(slot, "SlotInUse", "slot " + slot + " is the profile in use");
            }
        }
        if (data.getOcppVersion() != OCPPVersionEnum.OCPP_20 || data.getOcppTransport() != OCPPTransportEnum.JSON) {
            return rejected(slot, "UnsupportedParam", "the station speaks OCPP20 over JSON only");
        }
        URI url;
        try {
            url = new URI(data.getOcppCsmsUrl());
        } catch (URISyntaxException e) {
            return rejected(slot, "InvalidURL", e.getMessage());
        }
        ConnectionProfile current = inUse();
        int target = data.getSecurityProfile();
        if (target < current.securityProfile()) {
            // B09.FR.04, A05.FR.07: never down.
            return rejected(slot, "NoSecurityDowngrade", "security profile " + target + " is below the one in "
                    + "force (" + current.securityProfile() + ")");
        }
        Optional<String> refusal = upgrade.get().refusal(current, target, url, true);
        if (refusal.isPresent()) {
            return rejected(slot, "InvalidValue", refusal.get());
        }
        synchronized (lock) {
            slots.put(slot, data);
        }
        print("Network profile slot " + slot + " set: " + url + ", security profile " + target);
        return new SetNetworkProfileResponse().withStatus(SetNetworkProfileStatusEnum.ACCEPTED);
    }

    private SetNetworkProfileResponse rejected(int slot, String code, String why) {
        print("SetNetworkProfile of slot " + slot + " refused: " + why);
        return new SetNetworkProfileResponse().withStatus(SetNetworkProfileStatusEnum.REJECTED)
                .withStatusInfo(new StatusInfo().withReasonCode(code).withAdditionalInfo(shorten(why)));
    }

    private static String shorten(String text) {
        return text.length() <= 512 ? text : text.substring(0, 512);
    }

    /** {@code OCPPCommCtrlr.NetworkConfigurationPriority}: the slots in order, comma-separated. */
    String priority() {
        synchronized (lock) {
            return priority.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
    }

    /**
     * Sets {@code NetworkConfigurationPriority} (B10), which takes effect at the next reboot: returns why not, or
     * empty once set. Every entry must be a configured slot, none twice.
     */
    Optional<String> priority(String value) {
        List<Integer> next = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            int slot;
            try {
                slot = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                return Optional.of("'" + part.trim() + "' is not a slot number");
            }
            if (!seen.add(slot)) {
                return Optional.of("slot " + slot + " is listed twice");
            }
            next.add(slot);
        }
        synchronized (lock) {
            for (int slot : next) {
                if (!slots.containsKey(slot)) {
                    return Optional.of("slot " + slot + " holds no network profile");
                }
            }
            priority = List.copyOf(next);
        }
        print("NetworkConfigurationPriority " + value + " (from the next reboot on)");
        return Optional.empty();
    }

    /** {@code OCPPCommCtrlr.NetworkProfileConnectionAttempts}. */
    int attempts() {
        return attempts;
    }

    /** Sets {@code NetworkProfileConnectionAttempts}: at least 1. Returns why not, or empty once set. */
    Optional<String> attempts(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                return Optional.of("at least one attempt");
            }
            attempts = n;
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("not a number");
        }
    }

    /**
     * On a reboot: if the first slot of the priority list is not the one in use, moves the station there (drops the
     * connection; the session reconnects with the slot's profile) and returns the future of the move, which fails if
     * the station fell back to the slot it was on; empty if there is nothing to move to (or the slot can no longer be
     * used: it is then printed why), and the station reboots where it is.
     */
    Optional<CompletableFuture<ConnectionProfile>> rebootOnto(OcppSession session) {
        int first;
        NetworkConnectionProfile data;
        synchronized (lock) {
            first = priority.get(0);
            if (first == inUse) {
                return Optional.empty();
            }
            data = slots.get(first);
        }
        if (data == null) {
            // Cannot happen while the priority lists configured slots only; a reboot where the station is is safe.
            return Optional.empty();
        }
        ConnectionProfile current = inUse();
        URI url = URI.create(data.getOcppCsmsUrl());
        int target = data.getSecurityProfile();
        ProfileUpgrade up = upgrade.get();
        Optional<String> refusal = up.refusal(current, target, url, true);
        if (refusal.isPresent()) {
            print("Network profile slot " + first + " cannot be used: " + refusal.get());
            return Optional.empty();
        }
        print("Rebooting onto network profile slot " + first);
        CompletableFuture<ConnectionProfile> moved = up.switchTo(session, up.profile(current, target, url),
                attempts);
        moved.thenAccept(connected -> inUse(first, target));
        return Optional.of(moved);
    }

    /** Connected on {@code slot}: the slots of a lower security profile go (A05.FR.06). */
    private void inUse(int slot, int securityProfile) {
        List<Integer> deleted;
        synchronized (lock) {
            inUse = slot;
            deleted = slots.entrySet().stream()
                    .filter(e -> e.getValue().getSecurityProfile() < securityProfile)
                    .map(Map.Entry::getKey)
                    .toList();
            deleted.forEach(slots::remove);
            priority = priority.stream().filter(s -> !deleted.contains(s)).toList();
        }
        print("Network profile slot " + slot + " in use" + (deleted.isEmpty() ? ""
                : "; deleted slot(s) " + deleted + " of a lower security profile"));
    }

    private void print(String line) {
        if (log != null) {
            log.accept(line);
        }
    }

    /** The profile the station is connected with (a switch on trial counts once it has connected). */
    private ConnectionProfile inUse() {
        OcppClient c = client.get();
        return c.connectedProfile().orElse(c.connectionProfile());
    }
}
