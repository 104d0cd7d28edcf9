package dev.ocpp.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.security.CredentialStore;
import dev.ocpp.security.SecurityEvent;
import dev.ocpp.security.SecurityEvent.Reason;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile-3 identity check on its own (A00.FR.405): the station certificate's subject CN must be exactly the
 * identity in the URL. No TLS here, so each near miss (a prefix, an extension, a second CN) is checked directly;
 * {@code dev.ocpp.security.ClientCertificateIdentityTest} repeats the main cases over real TLS.
 */
class CsmsHandshakeGuardTest {

    private static TestPki pki;

    /** Events are delivered on the calling thread, so a refusal's event is here as soon as the check returns. */
    private final List<SecurityEvent> events = new ArrayList<>();
    private final CsmsHandshakeGuard guard = new CsmsHandshakeGuard(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES,
            CredentialStore.of(Map.of()), identity -> true, null, new EventSink(events::add, Runnable::run,
            Clock.systemUTC()));

    @BeforeAll
    static void pki() {
        pki = TestPki.builder().organization("Example CPO").keyType(KeyType.EC_P256).build();
    }

    private boolean authenticates(String identity, X509Certificate leaf) {
        HandshakeRequest request = new HandshakeRequest("/ocpp/" + identity, List.of("ocpp2.0.1"), Map.of(), null,
                null, List.of(leaf));
        return guard.authenticate(identity, Optional.empty(), request);
    }

    private void assertRefusedAsMismatch(String identity, X509Certificate leaf) {
        assertThat(authenticates(identity, leaf)).as("%s with %s", identity, leaf.getSubjectX500Principal())
                .isFalse();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_IDENTITY_MISMATCH);
            assertThat(e.identity()).contains(identity);
        });
    }

    @Test
    void certificateWhoseCnIsTheIdentityIsAccepted() {
        // The control for every refusal below: the same PKI and check let the matching station in.
        assertThat(authenticates("CS-1", pki.stationCertificate("CS-1").certificate())).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void certificateWhoseCnIsAPrefixOfTheIdentityIsRefused() {
        // A startsWith/contains comparison would let the holder of CS-1's certificate act as CS-10.
        assertRefusedAsMismatch("CS-10", pki.stationCertificate("CS-1").certificate());
    }

    @Test
    void certificateWhoseCnExtendsTheIdentityIsRefused() {
        // The other direction: CS-10's certificate must not pass for CS-1.
        assertRefusedAsMismatch("CS-1", pki.stationCertificate("CS-10").certificate());
    }

    @Test
    void certificateWhoseCnOnlyContainsTheIdentityIsRefused() {
        assertRefusedAsMismatch("CS-1", pki.stationCertificate("XCS-1X").certificate());
    }

    /**
     * A subject with two CNs has no single CN, so it matches no identity: taking the first, the last or any one of
     * them would let one certificate serve two stations.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CS-1", "CS-2"})
    void certificateWithTwoCnAttributesIsRefusedForEitherName(String identity) {
        X509Certificate leaf = pki.leaf().subject(new X500Principal("CN=CS-2, CN=CS-1, O=Example CPO")).issue()
                .certificate();
        assertRefusedAsMismatch(identity, leaf);
    }

    /** The same two CNs as one multi-valued RDN ({@code CN=CS-1+CN=CS-2}) are just as ambiguous. */
    @ParameterizedTest
    @ValueSource(strings = {"CS-1", "CS-2"})
    void certificateWithTwoCnValuesInOneRdnIsRefusedForEitherName(String identity) {
        X509Certificate leaf = pki.leaf().subject(new X500Principal("CN=CS-1+CN=CS-2, O=Example CPO")).issue()
                .certificate();
        assertRefusedAsMismatch(identity, leaf);
    }

    @Test
    void certificateWithoutCnIsRefused() {
        X509Certificate leaf = pki.leaf().subject(new X500Principal("O=Example CPO")).issue().certificate();
        assertRefusedAsMismatch("CS-1", leaf);
    }

    @Test
    void subjectNamesReadsNoCommonNameFromASubjectWithTwo() {
        X509Certificate leaf = pki.leaf().subject(new X500Principal("CN=CS-2, CN=CS-1, O=Example CPO")).issue()
                .certificate();
        assertThat(SubjectNames.commonName(leaf)).isEmpty();
        assertThat(SubjectNames.commonName(pki.stationCertificate("CS-1").certificate())).contains("CS-1");
    }
}
