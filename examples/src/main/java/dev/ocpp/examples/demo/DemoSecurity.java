package dev.ocpp.examples.demo;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.examples.support.ThrowAwayPki;
import dev.ocpp.security.CredentialStore;
import dev.ocpp.security.CsmsSecurity;
import dev.ocpp.security.KeyMaterial;
import dev.ocpp.security.SecurityEvent;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationCredential;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The security half of a demo run under a security profile: a throw-away PKI ({@link ThrowAwayPki}) and passwords
 * made up for this run only, the CSMS's configuration and each station's matching one, one more station the CSMS
 * must refuse, and the words for how each station got in, as the CSMS saw it.
 *
 * <p>Passwords follow each version's rule: the OCPP 2.0.1 stations get a passwordString, the OCPP 1.6 ones an
 * AuthorizationKey of 20 random bytes, which they send as those bytes.
 */
final class DemoSecurity {

    /** The station the CSMS must refuse: known to it, but with the wrong password or a foreign certificate. */
    static final String IMPOSTOR = "CP201-003";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecurityProfile profile;
    private final Map<String, OcppVersion> fleet;
    private final ThrowAwayPki pki;
    private final Map<String, StationPassword> passwords = new LinkedHashMap<>();
    private final BlockingQueue<SecurityEvent> csmsEvents = new LinkedBlockingQueue<>();

    /**
     * Makes the keys, certificates and passwords for {@code fleet} and the impostor.
     *
     * @param fleet the stations that must get in, with their versions
     */
    DemoSecurity(SecurityProfile profile, Map<String, OcppVersion> fleet) {
        this.profile = profile;
        this.fleet = Map.copyOf(fleet);
        if (profile.usesTls()) {
            pki = ThrowAwayPki.create(KeyType.EC_P256, ThrowAwayPki.DEFAULT_ORGANIZATION, "127.0.0.1",
                    fleet.keySet());
        } else {
            pki = null;
        }
        if (profile.usesBasicAuth()) {
            fleet.forEach((identity, version) -> passwords.put(identity, newPassword(version)));
            passwords.put(IMPOSTOR, newPassword(OcppVersion.OCPP201));
        }
    }

    SecurityProfile profile() {
        return profile;
    }

    /** The profile in words, for the summary. */
    static String title(SecurityProfile profile) {
        String what = switch (profile) {
            case UNSECURED_TRANSPORT_WITH_BASIC_AUTH -> "plain ws:// with HTTP Basic passwords";
            case TLS_WITH_BASIC_AUTH -> "TLS with HTTP Basic passwords";
            case TLS_WITH_CLIENT_CERTIFICATES -> "TLS with client certificates";
        };
        String made = profile.usesTls() && profile.usesBasicAuth() ? "a throw-away PKI and passwords"
                : profile.usesTls() ? "a throw-away PKI" : "passwords";
        return "Security profile " + profile.number() + " (" + what + "), with " + made + " made for this run";
    }

    /** The CSMS's side: every station of the fleet and the impostor known, by password or by certificate. */
    CsmsSecurity csms() {
        CsmsSecurity.Builder b = CsmsSecurity.builder(profile).onEvent(csmsEvents::add);
        if (profile.usesBasicAuth()) {
            Map<String, StationCredential> credentials = new LinkedHashMap<>();
            passwords.forEach((identity, password) -> credentials.put(identity, StationCredential.of(password)));
            b.credentials(CredentialStore.of(credentials));
        }
        if (profile.usesTls()) {
            b.serverKey(KeyMaterial.of(pki.serverCertificate()));
        }
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            b.trustedStationCas(List.of(pki.stationCa())).organization(pki.organization());
        }
        return b.build();
    }

    /** What station {@code identity} of the fleet connects with. */
    StationSecurity station(String identity) {
        StationSecurity.Builder b = stationBuilder();
        if (profile.usesBasicAuth()) {
            b.password(passwords.get(identity));
        }
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            b.clientKey(KeyMaterial.of(pki.stationCertificate(identity)));
        }
        return b.build();
    }

    /**
     * What the {@link #IMPOSTOR} connects with: a password other than the one the CSMS has for it, or under profile
     * 3 a certificate that says all the right things (CN, O) but comes from a CA the CSMS does not trust.
     */
    StationSecurity impostor() {
        StationSecurity.Builder b = stationBuilder();
        if (profile.usesBasicAuth()) {
            b.password(newPassword(OcppVersion.OCPP201));
        }
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            TestPki foreign = TestPki.builder().organization("Another Operator").build();
            b.clientKey(KeyMaterial.of(foreign.leaf().commonName(IMPOSTOR).organization(pki.organization())
                    .issue()));
        }
        return b.build();
    }

    /** How the impostor tries to get in, for the summary. */
    String impostorAttempt() {
        return profile.usesBasicAuth() ? "a wrong password" : "a certificate from another CA";
    }

    private StationSecurity.Builder stationBuilder() {
        StationSecurity.Builder b = StationSecurity.builder(profile);
        if (profile.usesTls()) {
            b.trustedCsmsRoots(List.of(pki.csmsRoot()));
        }
        return b;
    }

    /**
     * How a station got in, in the CSMS's words: over which scheme and with which proof, e.g.
     * {@code CP16-001 connected over wss:// with client certificate CN=CP16-001 (security profile 3)}.
     *
     * @param scheme the CSMS endpoint's scheme: its port speaks nothing else
     */
    String connected(OcppSession csmsSide, String scheme) {
        ConnectionInfo info = csmsSide.connectionInfo();
        String proof;
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            List<X509Certificate> chain = info.peerCertificates();
            proof = chain.isEmpty() ? "WITHOUT a client certificate"
                    : "with client certificate CN=" + commonName(chain.get(0));
        } else {
            Optional<String> user = info.credentials().map(BasicCredentials::username);
            proof = user.isEmpty() ? "WITHOUT a password"
                    : "with HTTP Basic user " + user.get() + " and its " + (fleet.get(info.identity())
                            == OcppVersion.OCPP16 ? "OCPP 1.6 AuthorizationKey" : "OCPP 2.0.1 password");
        }
        return info.identity() + " connected over " + scheme + ":// " + proof + " (security profile "
                + profile.number() + ")";
    }

    /** The next event the CSMS reported, waiting until {@code deadlineNanos} (System.nanoTime) at most. */
    Optional<SecurityEvent> nextCsmsEvent(long deadlineNanos) throws InterruptedException {
        return Optional.ofNullable(csmsEvents.poll(Math.max(0, deadlineNanos - System.nanoTime()),
                TimeUnit.NANOSECONDS));
    }

    private static StationPassword newPassword(OcppVersion version) {
        if (version == OcppVersion.OCPP16) {
            byte[] key = new byte[20];
            RANDOM.nextBytes(key);
            return StationPassword.ocpp16Key(HexFormat.of().formatHex(key));
        }
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_CHARACTERS[RANDOM.nextInt(PASSWORD_CHARACTERS.length)];
        }
        return StationPassword.ocpp201(new String(password));
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // Fall through to the whole subject: still tells the reader which certificate it was.
        }
        return certificate.getSubjectX500Principal().getName();
    }
}
