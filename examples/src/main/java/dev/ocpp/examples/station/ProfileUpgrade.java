package dev.ocpp.examples.station;

import dev.ocpp.core.ConnectionProfile;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import dev.ocpp.security.pki.Pem;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The version-neutral half of raising a simulated station's security profile (OCPP 1.6 security white paper A05,
 * OCPP 2.0.1 A05 / B09 / B10): the CSMS root certificates the CSMS installed (1.6 CentralSystemRootCertificate,
 * 2.0.1 CSMSRootCertificate), the prerequisites a higher profile needs before the station accepts it, and the move
 * itself through {@link OcppClient#switchProfile}, which falls back to the profile before when the new one cannot
 * connect. The station prints one line when it switches, when it is connected on the new profile and when it fell
 * back. Thread-safe.
 */
final class ProfileUpgrade {

    /**
     * Failed connection attempts on a new profile before the station goes back to the one before (1.6 A05.FR.08; 2.0.1
     * B10: the default of {@code NetworkProfileConnectionAttempts}).
     */
    static final int DEFAULT_ATTEMPTS = 3;

    private final StationSecurity security;
    private final OcppVersion version;
    private final Consumer<String> log;
    /** The CSMS roots installed so far, newest last. */
    private final List<X509Certificate> csmsRoots = new CopyOnWriteArrayList<>();
    /** The last TLS context made of the installed roots, or null. */
    private volatile SSLContext madeContext;

    /**
     * @param security the security the station started with ({@code null}: none); its password is the one every
     *                 higher profile sends
     * @param log      receives one line per step; {@code null} for silence
     */
    ProfileUpgrade(StationSecurity security, OcppVersion version, Consumer<String> log) {
        this.security = security;
        this.version = version;
        this.log = log;
    }

    /**
     * Installs a CSMS root certificate (1.6 security white paper M05 / 2.0.1 M05): one PEM certificate that is a CA,
     * signed by its own key and valid now. Returns whether it was installed; the reason it was not is printed.
     */
    boolean installCsmsRoot(String pem) {
        X509Certificate root;
        try {
            List<X509Certificate> read = Pem.readCertificates(pem);
            if (read.size() != 1) {
                return refused("InstallCertificate: " + read.size() + " certificates, expected one root");
            }
            root = read.get(0);
            root.checkValidity();
            if (root.getBasicConstraints() < 0) {
                return refused("InstallCertificate: " + root.getSubjectX500Principal() + " is not a CA");
            }
            if (!root.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                return refused("InstallCertificate: " + root.getSubjectX500Principal() + " is not a root");
            }
            root.verify(root.getPublicKey());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return refused("InstallCertificate: not a valid root certificate: " + e.getMessage());
        }
        if (!csmsRoots.contains(root)) {
            csmsRoots.add(root);
        }
        print("CSMS root certificate installed: " + root.getSubjectX500Principal());
        return true;
    }

    /** The CSMS roots installed so far. */
    List<X509Certificate> csmsRoots() {
        return List.copyOf(csmsRoots);
    }

    /** The hash data of the installed CSMS roots (1.6 security white paper M03, 2.0.1 M03), SHA-256. */
    List<CertificateHash> csmsRootHashes() {
        return csmsRoots.stream().map(root -> CertificateHash.ofSelfSigned(root, HashAlgorithm.SHA256)).toList();
    }

    /** What became of a DeleteCertificate. */
    enum Deletion { DELETED, NOT_FOUND, IN_USE }

    /**
     * Deletes the installed CSMS root {@code wanted} identifies (M04), unless the TLS context the station connects
     * with now trusts it: deleting the CSMS root in use fails (2.0.1 M04.FR.06).
     */
    Deletion deleteCsmsRoot(CertificateHash wanted, ConnectionProfile current) {
        for (X509Certificate root : csmsRoots) {
            if (!CertificateHash.ofSelfSigned(root, wanted.hashAlgorithm()).matches(wanted)) {
                continue;
            }
            SSLContext inUse = current.sslContext().orElse(null);
            if (inUse != null && inUse == madeContext) {
                print("DeleteCertificate: " + root.getSubjectX500Principal() + " is the CSMS root in use");
                return Deletion.IN_USE;
            }
            csmsRoots.remove(root);
            print("CSMS root certificate deleted: " + root.getSubjectX500Principal());
            return Deletion.DELETED;
        }
        return Deletion.NOT_FOUND;
    }

    /**
     * Why the station cannot move from {@code current} to security profile {@code target} at {@code endpoint}, or
     * empty if it can: the new profile must be higher (1.6 A05.FR.01, 2.0.1 B09.FR.04 asks only that it is not lower:
     * see {@code allowSame}); profiles 1 and 2 need a password (1.6 A05.FR.02), 2 and 3 a trusted CSMS root, installed
     * or the one the station's TLS context was made with (1.6 A05.FR.03, 2.0.1 A05.FR.02), 3 a charging station
     * certificate (1.6 A05.FR.04, 2.0.1 A05.FR.03), which only a station started on profile 3 has; and the endpoint
     * must be {@code wss://} for 2 and 3 and {@code ws://} below, as the profile says (A00.FR.005).
     *
     * @param allowSame whether {@code target} may equal the profile in force (a 2.0.1 network profile on another
     *                  endpoint at the same level)
     */
    Optional<String> refusal(ConnectionProfile current, int target, URI endpoint, boolean allowSame) {
        int now = current.securityProfile();
        if (target < 0 || target > 3) {
            return Optional.of("there is no security profile " + target);
        }
        if (target < now || (target == now && !allowSame)) {
            return Optional.of("security profile " + target + " is not above the one in force (" + now + ")");
        }
        if ((target == 1 || target == 2) && password() == null) {
            return Optional.of("security profile " + target + " needs a password ("
                    + (version == OcppVersion.OCPP16 ? "AuthorizationKey" : "BasicAuthPassword") + "), and the "
                    + "station has none");
        }
        if (target >= 2 && csmsRoots.isEmpty() && current.sslContext().isEmpty()) {
            return Optional.of("security profile " + target + " needs a trusted CSMS root certificate: install one "
                    + "first (InstallCertificate "
                    + (version == OcppVersion.OCPP16 ? "CentralSystemRootCertificate" : "CSMSRootCertificate") + ")");
        }
        if (target == 3 && target != now) {
            return Optional.of("security profile 3 needs a charging station certificate, and the station has none");
        }
        if (endpoint == null) {
            return Optional.of("the station knows no endpoint for security profile " + target
                    + (version == OcppVersion.OCPP16 ? " (it was started without --secure-url)" : ""));
        }
        boolean wss = "wss".equalsIgnoreCase(endpoint.getScheme());
        if (target >= 2 && !wss) {
            return Optional.of("security profile " + target + " runs over TLS, and " + endpoint + " is not wss://");
        }
        if (target < 2 && !"ws".equalsIgnoreCase(endpoint.getScheme())) {
            return Optional.of("security profile " + target + " runs over plain ws://, and " + endpoint + " is not");
        }
        return Optional.empty();
    }

    /**
     * The connection profile of security profile {@code target} at {@code endpoint}, which {@link #refusal} allowed:
     * the station's password and, for profiles 2 and 3, a TLS context that trusts the installed CSMS roots (else the
     * context in force, whose roots the station started with).
     */
    ConnectionProfile profile(ConnectionProfile current, int target, URI endpoint) {
        byte[] password = target == 1 || target == 2 ? password() : null;
        ConnectionProfile next = ConnectionProfile.of(endpoint).withPassword(password);
        if (target < 2) {
            return next;
        }
        if (target == current.securityProfile() || csmsRoots.isEmpty()) {
            // The same profile elsewhere (a station started on 3 keeps its client certificate), or no new root.
            return next.withSslContext(current.sslContext().orElseThrow());
        }
        return next.withSslContext(tlsContext());
    }

    /** A TLS context that trusts the installed CSMS roots, under the station's TLS policy. */
    private SSLContext tlsContext() {
        StationSecurity.Builder b = StationSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                .password(security.password().orElseThrow())
                .trustedCsmsRoots(csmsRoots())
                .onEvent(event -> print("security-event " + event.typeName(version) + " " + event.techInfo()));
        if (security.tlsPolicy() != null) {
            b.tlsPolicy(security.tlsPolicy());
        }
        SSLContext context = b.build().sslContext().orElseThrow();
        madeContext = context;
        return context;
    }

    /** The password every profile from 1 on sends: the one the station started with (its wire bytes). */
    private byte[] password() {
        return security == null ? null : security.password().map(p -> p.wireBytes()).orElse(null);
    }

    /**
     * Moves the station's client to {@code next} and drops the connection in use, which the CSMS has just answered
     * on: the session reconnects with {@code next} after its back-off. The future completes with {@code next} once
     * connected with it; it fails once {@code attempts} attempts with it failed and the client went back to the
     * profile before (1.6 A05.FR.08, 2.0.1 B10.FR.07), or the session ended first.
     */
    CompletableFuture<ConnectionProfile> switchTo(OcppSession session, ConnectionProfile next, int attempts) {
        OcppClient client = OcppClient.of(session).orElseThrow();
        ConnectionProfile before = client.connectionProfile();
        print("Switching to security profile " + next.securityProfile() + " at " + next.endpoint() + " (from "
                + before.securityProfile() + " at " + before.endpoint() + ")");
        CompletableFuture<ConnectionProfile> outcome = client.switchProfile(next, attempts);
        outcome.whenComplete((connected, failure) -> {
            if (failure == null) {
                print("Connected on security profile " + next.securityProfile() + " at " + next.endpoint());
            } else if (!session.closeFuture().isDone()) {
                // A station switched off meanwhile has nothing to fall back to.
                print("Could not connect on security profile " + next.securityProfile() + " at " + next.endpoint()
                        + " in " + attempts + " attempt(s): fell back to security profile "
                        + before.securityProfile() + " at " + before.endpoint());
            }
        });
        session.disconnect(1000, "Switching to security profile " + next.securityProfile());
        return outcome;
    }

    private boolean refused(String why) {
        print(why);
        return false;
    }

    private void print(String line) {
        if (log != null) {
            log.accept(line);
        }
    }
}
