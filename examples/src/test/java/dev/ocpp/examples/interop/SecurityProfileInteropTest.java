package dev.ocpp.examples.interop;

import static dev.ocpp.examples.interop.InteropSupport.receivedBy;
import static dev.ocpp.examples.interop.InteropSupport.result;
import static dev.ocpp.examples.interop.InteropSupport.startupEvent;
import static dev.ocpp.examples.testing.TypedApiSupport.WAIT;
import static dev.ocpp.examples.testing.TypedApiSupport.await;
import static dev.ocpp.examples.testing.TypedApiSupport.failureOf;
import static dev.ocpp.examples.testing.TypedApiSupport.findCause;
import static dev.ocpp.examples.testing.TypedApiSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.examples.testing.TypedApiSupport.Arrivals;
import dev.ocpp.examples.testing.TypedApiSupport.Inbox;
import dev.ocpp.security.CredentialStore;
import dev.ocpp.security.CsmsSecurity;
import dev.ocpp.security.KeyMaterial;
import dev.ocpp.security.SecurityEvent;
import dev.ocpp.security.SecurityEvent.Reason;
import dev.ocpp.security.SecurityEventListener;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationCredential;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.security.TlsPolicy;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.Ocpp16ChargePointSession;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201ChargingStationSession;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security profile 2 (TLS with HTTP Basic auth) between {@code dev.ocpp.security} and {@code ocpp-rpc} 2.2.1 (see
 * {@link OcppRpcPeer}) on loopback, in both roles and both OCPP versions: our station's {@link StationSecurity}
 * against ocpp-rpc's {@code RPCServer} on a Node HTTPS server, and ocpp-rpc's {@code RPCClient} over {@code wss://}
 * against our {@link CsmsSecurity}. Every refusal is checked on both ends: what the refused side saw (HTTP status,
 * TLS error) and which {@link SecurityEvent} our side reported, and that no OCPP message crossed.
 *
 * <p>One throw-away PKI plays the operator's: it issues the CSMS certificate (for 127.0.0.1, which both ends connect
 * to) and its root is the only one either station trusts. A second PKI stands for any other CA. Node gets the PEM
 * files; neither end ever turns certificate verification off.
 *
 * <p>Each group shares one server across its tests, and every test uses its own station identity and claims only
 * the events of that identity, so outcomes do not depend on order. Skipped without Node.js.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityProfileInteropTest {

    private static final String ORGANIZATION = "Example CPO";

    /** The operator's PKI: issues the CSMS certificate; its root is what the stations trust. */
    private static TestPki operatorPki;
    private static IssuedCertificate csmsCertificate;
    /** Files handed to Node: the operator's root, the CSMS chain and key, and another CA's root and server pair. */
    private static Path operatorRootPem;
    private static Path csmsChainPem;
    private static Path csmsKeyPem;
    private static Path otherRootPem;
    private static Path otherChainPem;
    private static Path otherKeyPem;

    @TempDir
    static Path pemDir;

    @BeforeAll
    static void pki() throws IOException {
        operatorPki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).build();
        csmsCertificate = operatorPki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost");
        // Same organisation, same host names, right validity: the only thing wrong with its certificates is the CA.
        TestPki otherPki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).build();
        IssuedCertificate otherCertificate = otherPki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost");

        operatorRootPem = write("operator-root.pem", operatorPki.rootPem());
        csmsChainPem = write("csms-chain.pem", csmsCertificate.chainPem());
        csmsKeyPem = write("csms-key.pem", csmsCertificate.privateKeyPem());
        otherRootPem = write("other-root.pem", otherPki.rootPem());
        otherChainPem = write("other-chain.pem", otherCertificate.chainPem());
        otherKeyPem = write("other-key.pem", otherCertificate.privateKeyPem());
    }

    private static Path write(String name, String pem) throws IOException {
        return Files.writeString(pemDir.resolve(name), pem, StandardCharsets.US_ASCII);
    }

    /** Per test, so that a machine without Node.js reports every test as skipped rather than none as run. */
    @BeforeEach
    void requireNode() {
        OcppRpcPeer.assumeNode();
    }

    // =============================================================================================================
    // Shared checks
    // =============================================================================================================

    /**
     * The security events a {@link StationSecurity} or {@link CsmsSecurity} reported, claimed by tests in any order.
     * They arrive on the configuration's event executor, so a test waits for the one it expects rather than
     * looking once.
     */
    static final class SecurityEvents implements SecurityEventListener {
        private final List<SecurityEvent> unclaimed = new ArrayList<>();
        private final List<SecurityEvent> all = new ArrayList<>();

        @Override
        public synchronized void onSecurityEvent(SecurityEvent event) {
            unclaimed.add(event);
            all.add(event);
            notifyAll();
        }

        /** The oldest unclaimed event matching {@code match}, waiting up to {@code WAIT}. */
        synchronized SecurityEvent await(Predicate<SecurityEvent> match, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (Iterator<SecurityEvent> it = unclaimed.iterator(); it.hasNext(); ) {
                    SecurityEvent e = it.next();
                    if (match.test(e)) {
                        it.remove();
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no security event " + what + " within " + WAIT + "; got " + all);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** The next event about {@code identity}. */
        SecurityEvent awaitFor(String identity) throws InterruptedException {
            return await(e -> e.identity().filter(identity::equals).isPresent(), "about " + identity);
        }

        /** The next event of any kind. */
        SecurityEvent awaitAny() throws InterruptedException {
            return await(e -> true, "");
        }

        synchronized List<SecurityEvent> all() {
            return List.copyOf(all);
        }
    }

    /** The hex ocpp-rpc's peer uses for password bytes: lower case. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The station connect failed because the CSMS answered the upgrade with {@code status}. */
    static void assertRefusedWith(CompletableFuture<?> connect, int status) {
        Throwable failure = failureOf(connect);
        HandshakeRejectedException rejected = findCause(failure, HandshakeRejectedException.class);
        assertThat(rejected).as("cause chain of %s", failure).isNotNull();
        assertThat(rejected.status()).isEqualTo(status);
    }

    /** What the ocpp-rpc server saw of {@code identity}, in order: nothing beyond what a refusal leaves. */
    static List<String> eventKindsAbout(OcppRpcPeer peer, String identity) {
        return peer.eventsSoFar().stream().filter(e -> identity.equals(e.path("identity").asText()))
                .map(e -> e.path("event").asText()).collect(Collectors.toList());
    }

    /** A TLS version OCPP allows; which one depends on what both ends offer (asserted where a test pins it). */
    static void assertOcppTls(ObjectNode connected) {
        assertThat(connected.path("tls").path("protocol").asText()).as("%s", connected)
                .isIn("TLSv1.2", "TLSv1.3");
        assertThat(connected.path("tls").path("cipher").asText()).as("%s", connected).contains("_GCM_");
    }

    // =============================================================================================================
    // A. OCPP 2.0.1: our Ocpp201ChargingStation with StationSecurity (profile 2), ocpp-rpc as CSMS over HTTPS
    // =============================================================================================================

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Ocpp201CsmsIsOcppRpcOverTls {

        /** 2.0.1 passwordStrings: 16-40 characters of the allowed set (Part 2 A00.FR.205). */
        static final String PASSWORD_1 = "tls-interop:password-1";
        static final String PASSWORD_2 = "tls-interop:password-2";
        static final String PASSWORD_3 = "tls-interop:password-3";

        final Inbox inbox = new Inbox();
        OcppRpcPeer csms;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            csms = OcppRpcPeer.tlsServer(OcppRpcPeer.OCPP201, Map.of("CS-TLS-1", utf8(PASSWORD_1),
                    "CS-TLS-2", utf8(PASSWORD_2), "CS-TLS-3", utf8(PASSWORD_3)), csmsChainPem, csmsKeyPem);
        }

        @AfterAll
        void stop() {
            if (csms != null) {
                csms.close();
            }
        }

        Ocpp201ChargingStation station(OcppRpcPeer server, String identity, String password, TlsPolicy policy,
                SecurityEvents events) {
            StationSecurity security = StationSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                    .password(StationPassword.ocpp201(password))
                    .trustedCsmsRoots(List.of(operatorPki.root()))
                    .tlsPolicy(policy)
                    .onEvent(events)
                    .build();
            return Ocpp201ChargingStation.builder(InteropSupport.clientTransport())
                    .endpoint(URI.create(server.secureEndpoint("ocpp")))
                    .identity(identity)
                    .on(ResetRequest.class, inbox.answer((ResetRequest r) ->
                            new ResetResponse().withStatus(ResetStatusEnum.SCHEDULED)))
                    .client(security::applyTo)
                    .build();
        }

        @Test
        void rightPasswordOverTlsBootsAndCallsFlowBothWays() throws Exception {
            SecurityEvents events = new SecurityEvents();
            Ocpp201CsmsSession cs = await(station(csms, "CS-TLS-1", PASSWORD_1, TlsPolicy.stationDefault(), events)
                    .connect());
            try {
                ObjectNode connected = csms.awaitEvent("connected", e -> "CS-TLS-1".equals(e.path("identity")
                        .asText()), WAIT);
                assertThat(connected.path("protocol").asText()).isEqualTo("ocpp2.0.1");
                assertOcppTls(connected);
                // ocpp-rpc itself found identity:password in the Basic header, so the check was its, not ours.
                assertThat(connected.path("passwordHex").asText()).isEqualTo(hex(utf8(PASSWORD_1)));

                BootNotificationResponse boot = await(cs.call(new BootNotificationRequest()
                        .withReason(BootReasonEnum.POWER_UP)
                        .withChargingStation(new ChargingStation().withModel("tls-interop").withVendorName("dev.ocpp"))));
                assertThat(boot.getStatus()).isEqualTo(RegistrationStatusEnum.ACCEPTED);
                assertThat(receivedBy(csms, "BootNotification",
                        p -> p.path("chargingStation").path("model").asText().equals("tls-interop")))
                        .isEqualTo(json("""
                                {"reason": "PowerUp", "chargingStation": {"model": "tls-interop",
                                 "vendorName": "dev.ocpp"}}"""));

                assertThat(result(csms.callAndAwait("CS-TLS-1", "Reset", json("{\"type\": \"OnIdle\"}"))))
                        .isEqualTo(json("{\"status\": \"Scheduled\"}"));
                assertThat(inbox.take(ResetRequest.class).getType()).isEqualTo(ResetEnum.ON_IDLE);
                assertThat(events.all()).isEmpty();
            } finally {
                cs.close();
            }
        }

        @Test
        void tls12WithAnOcppEcdsaSuiteIsAgreed() throws Exception {
            // A station that offers only TLS 1.2 and the ECDSA pair of A00.FR.317: Node must agree on one of them.
            TlsPolicy tls12 = TlsPolicy.builder().protocols("TLSv1.2")
                    .cipherSuites(TlsPolicy.ECDHE_ECDSA_AES_256_GCM, TlsPolicy.ECDHE_ECDSA_AES_128_GCM).build();
            Ocpp201CsmsSession cs = await(station(csms, "CS-TLS-3", PASSWORD_3, tls12, new SecurityEvents())
                    .connect());
            try {
                ObjectNode connected = csms.awaitEvent("connected", e -> "CS-TLS-3".equals(e.path("identity")
                        .asText()), WAIT);
                assertThat(connected.path("tls").path("protocol").asText()).as("%s", connected).isEqualTo("TLSv1.2");
                assertThat(connected.path("tls").path("cipher").asText()).as("%s", connected)
                        .isIn(TlsPolicy.ECDHE_ECDSA_AES_256_GCM, TlsPolicy.ECDHE_ECDSA_AES_128_GCM);
                assertThat(await(cs.call(new HeartbeatRequest())).getCurrentTime()).isNotNull();
            } finally {
                cs.close();
            }
        }

        @Test
        void wrongPasswordIsRefusedWith401AndReportedAsCredentialsRejected() throws Exception {
            SecurityEvents events = new SecurityEvents();
            String wrong = "tls-interop:not-the-password";
            assertRefusedWith(station(csms, "CS-TLS-2", wrong, TlsPolicy.stationDefault(), events).connect(), 401);

            // The refusal was ocpp-rpc's, over the TLS connection, for the password it read from the header.
            ObjectNode rejected = csms.awaitEvent("rejected", e -> "CS-TLS-2".equals(e.path("identity").asText()),
                    WAIT);
            assertThat(rejected.path("reason").asText()).isEqualTo("wrong password");
            assertThat(rejected.path("passwordHex").asText()).isEqualTo(hex(utf8(wrong)));
            SecurityEvent event = events.awaitAny();
            assertThat(event.reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
            assertThat(event.typeName(OcppVersion.OCPP201)).isEqualTo("FailedToAuthenticateAtCsms");
            assertThat(event.techInfo()).doesNotContain(wrong);
            assertThat(eventKindsAbout(csms, "CS-TLS-2")).containsExactly("rejected");
        }

        @Test
        void csmsCertificateFromAnotherCaIsRefusedBeforeAnyOcppMessage() throws Exception {
            // Its own server: one that presents a certificate for 127.0.0.1 issued by a CA the station does not trust.
            try (OcppRpcPeer impostor = OcppRpcPeer.tlsServer(OcppRpcPeer.OCPP201,
                    Map.of("CS-TLS-1", utf8(PASSWORD_1)), otherChainPem, otherKeyPem)) {
                SecurityEvents events = new SecurityEvents();
                Throwable failure = failureOf(station(impostor, "CS-TLS-1", PASSWORD_1, TlsPolicy.stationDefault(),
                        events).connect());
                assertThat(findCause(failure, HandshakeRejectedException.class)).as("%s", failure).isNull();

                SecurityEvent event = events.awaitAny();
                assertThat(event.reason()).as("%s", event).isEqualTo(Reason.INVALID_SERVER_CERTIFICATE);
                assertThat(event.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidCsmsCertificate");
                // Node saw the TLS handshake fail, and nothing after it: no upgrade request, so neither the password
                // nor any OCPP message reached the impostor. How it failed is not pinned: a TLS stack that sends its
                // certificate_unknown alert before closing shows up as ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN, one
                // that just closes (Tyrus' client SSL filter, as of this writing) as ECONNRESET.
                impostor.awaitEvent("tlsClientError");
                assertThat(impostor.eventsSoFar()).extracting(e -> e.path("event").asText())
                        .containsExactly("listening", "tlsClientError");
            }
        }
    }

    // =============================================================================================================
    // B. OCPP 2.0.1: ocpp-rpc as charging station over wss://, our Ocpp201Csms with CsmsSecurity (profile 2)
    // =============================================================================================================

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Ocpp201StationIsOcppRpcOverTls {

        static final String PASSWORD_1 = "rpc-station:password-1";
        static final String PASSWORD_2 = "rpc-station:password-2";
        static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);

        final Inbox inbox = new Inbox();
        final Arrivals<Ocpp201ChargingStationSession> connects = new Arrivals<>();
        final SecurityEvents csmsEvents = new SecurityEvents();
        Ocpp201Csms csms;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            CsmsSecurity security = CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                    .serverKey(KeyMaterial.of(csmsCertificate))
                    .credentials(CredentialStore.of(Map.of(
                            "RPC-201-1", StationCredential.ocpp201(PASSWORD_1),
                            "RPC-201-2", StationCredential.ocpp201(PASSWORD_2),
                            "RPC-201-3", StationCredential.ocpp201(PASSWORD_1))))
                    .onEvent(csmsEvents)
                    .build();
            csms = Ocpp201Csms.builder(InteropSupport.serverTransport())
                    .host("127.0.0.1").port(0).path("/ocpp")
                    .server(security::applyTo)
                    .on(BootNotificationRequest.class, inbox.answer((BootNotificationRequest r) ->
                            new BootNotificationResponse().withStatus(RegistrationStatusEnum.ACCEPTED)
                                    .withCurrentTime(T0).withInterval(300)))
                    .on(HeartbeatRequest.class, inbox.answer((HeartbeatRequest r) ->
                            new HeartbeatResponse().withCurrentTime(T0)))
                    .onConnect(cs -> connects.arrived(cs.identity(), cs))
                    .build().start();
        }

        @AfterAll
        void stop() {
            if (csms != null) {
                csms.close();
            }
        }

        String endpoint() {
            return "wss://127.0.0.1:" + csms.port() + "/ocpp";
        }

        @Test
        void rightPasswordOverTlsConnectsAndCallsFlowBothWays() throws Exception {
            try (OcppRpcPeer station = OcppRpcPeer.tlsClient(OcppRpcPeer.OCPP201, endpoint(), "RPC-201-1",
                    utf8(PASSWORD_1), operatorRootPem)) {
                ObjectNode connected = startupEvent(station, "connected");
                assertThat(connected.path("protocol").asText()).isEqualTo("ocpp2.0.1");
                assertOcppTls(connected);
                Ocpp201ChargingStationSession cs = connects.await("RPC-201-1");
                assertThat(cs.connectionInfo().credentials()).hasValueSatisfying(c ->
                        assertThat(c.username()).isEqualTo("RPC-201-1"));

                assertThat(result(station.callAndAwait(null, "BootNotification", json("""
                        {"reason": "PowerUp", "chargingStation": {"model": "ocpp-rpc", "vendorName": "interop"}}"""))))
                        .isEqualTo(json("""
                                {"currentTime": "2026-11-21T10:00:00Z", "interval": 300, "status": "Accepted"}"""));
                assertThat(inbox.takeDelivery(BootNotificationRequest.class).identity()).isEqualTo("RPC-201-1");

                ResetResponse reset = await(csms.call("RPC-201-1", new ResetRequest().withType(ResetEnum.IMMEDIATE)));
                assertThat(reset.getStatus()).isEqualTo(ResetStatusEnum.ACCEPTED);
                assertThat(receivedBy(station, "Reset", p -> true)).isEqualTo(json("{\"type\": \"Immediate\"}"));
                assertThat(csmsEvents.all()).noneMatch(e -> e.identity().filter("RPC-201-1"::equals).isPresent());
            }
        }

        @Test
        void wrongPasswordFailsThePeersConnectWith401AndIsReportedAsWrongPassword() throws Exception {
            String wrong = "rpc-station:not-the-password";
            try (OcppRpcPeer station = OcppRpcPeer.startTlsClient(OcppRpcPeer.OCPP201, endpoint(), "RPC-201-2",
                    utf8(wrong), operatorRootPem)) {
                ObjectNode error = station.awaitEvent("error");
                assertThat(error.path("status").asInt()).as("%s", error).isEqualTo(401);
            }
            SecurityEvent event = csmsEvents.awaitFor("RPC-201-2");
            assertThat(event.reason()).isEqualTo(Reason.WRONG_PASSWORD);
            assertThat(event.typeName(OcppVersion.OCPP201)).isEqualTo("FailedToAuthenticateAtCsms");
            assertThat(event.remote()).hasValueSatisfying(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
            assertThat(event.techInfo()).doesNotContain(wrong);
            assertThat(connects.future("RPC-201-2")).isNotDone();
            assertThat(csms.chargingStation("RPC-201-2")).isEmpty();
        }

        @Test
        void unknownIdentityFailsThePeersConnectWith404AndIsReportedAsUnknownIdentity() throws Exception {
            try (OcppRpcPeer station = OcppRpcPeer.startTlsClient(OcppRpcPeer.OCPP201, endpoint(), "RPC-201-NOBODY",
                    utf8(PASSWORD_1), operatorRootPem)) {
                ObjectNode error = station.awaitEvent("error");
                assertThat(error.path("status").asInt()).as("%s", error).isEqualTo(404);
            }
            SecurityEvent event = csmsEvents.awaitFor("RPC-201-NOBODY");
            assertThat(event.reason()).isEqualTo(Reason.UNKNOWN_IDENTITY);
            assertThat(event.typeName(OcppVersion.OCPP201)).isEqualTo("FailedToAuthenticateAtCsms");
            assertThat(connects.future("RPC-201-NOBODY")).isNotDone();
        }

        @Test
        void peerTrustingAnotherCaRefusesOurCertificateBeforeItsUpgradeRequest() throws Exception {
            try (OcppRpcPeer station = OcppRpcPeer.startTlsClient(OcppRpcPeer.OCPP201, endpoint(), "RPC-201-3",
                    utf8(PASSWORD_1), otherRootPem)) {
                ObjectNode error = station.awaitEvent("error");
                // Node's verdict on our chain: no path to a root it trusts. No HTTP status: ws sends the upgrade
                // request (and with it the password) only once the TLS connection is verified.
                assertThat(error.path("status").isNull()).as("%s", error).isTrue();
                assertThat(error.path("code").asText()).as("%s", error)
                        .isIn("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
                                "SELF_SIGNED_CERT_IN_CHAIN");
            }
            // The right password for a known identity: had the upgrade reached us, this station would be connected.
            // No security event is expected here either way: Node checks the chain only after the handshake and
            // then closes without a TLS alert, so our CSMS sees a finished handshake and a close, nothing it could
            // tell from a station that simply went away.
            assertThat(connects.future("RPC-201-3")).isNotDone();
            assertThat(csms.chargingStation("RPC-201-3")).isEmpty();
        }
    }

    // =============================================================================================================
    // C. OCPP 1.6 with an AuthorizationKey (profile 2): the key's decoded bytes are the password, in both roles
    // =============================================================================================================

    /**
     * A 20-byte AuthorizationKey whose bytes are no text: NUL, 0xFF, an invalid UTF-8 pair (C3 28), a colon (3A)
     * and a space. The Basic password is these bytes, not the 40 hex digits (OCPP-J 1.6 §6.2.2 / Security
     * Whitepaper): a side that turned them into text on the way would change them.
     */
    static final String KEY_HEX = "00ff80c3287f0a3a20e2828a41424344454647fe";
    static final byte[] KEY_BYTES = HexFormat.of().parseHex(KEY_HEX);

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Ocpp16CentralSystemIsOcppRpcOverTls {

        final Inbox inbox = new Inbox();
        OcppRpcPeer centralSystem;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            centralSystem = OcppRpcPeer.tlsServer(OcppRpcPeer.OCPP16,
                    Map.of("CP-KEY-1", KEY_BYTES, "CP-KEY-2", KEY_BYTES), csmsChainPem, csmsKeyPem);
        }

        @AfterAll
        void stop() {
            if (centralSystem != null) {
                centralSystem.close();
            }
        }

        Ocpp16ChargePoint chargePoint(String identity, StationPassword key, SecurityEvents events) {
            StationSecurity security = StationSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                    .password(key)
                    .trustedCsmsRoots(List.of(operatorPki.root()))
                    .onEvent(events)
                    .build();
            return Ocpp16ChargePoint.builder(InteropSupport.clientTransport())
                    .endpoint(URI.create(centralSystem.secureEndpoint("ocpp")))
                    .identity(identity)
                    .on(dev.ocpp.v16.messages.ResetRequest.class, inbox.answer(
                            (dev.ocpp.v16.messages.ResetRequest r) -> new dev.ocpp.v16.messages.ResetResponse()
                                    .withStatus(dev.ocpp.v16.types.ResetStatus.ACCEPTED)))
                    .client(security::applyTo)
                    .build();
        }

        @Test
        void authorizationKeyArrivesAsItsDecodedBytesAndCallsFlowBothWays() throws Exception {
            SecurityEvents events = new SecurityEvents();
            Ocpp16CentralSystemSession cs = await(chargePoint("CP-KEY-1", StationPassword.ocpp16Key(KEY_HEX), events)
                    .connect());
            try {
                ObjectNode connected = centralSystem.awaitEvent("connected",
                        e -> "CP-KEY-1".equals(e.path("identity").asText()), WAIT);
                assertThat(connected.path("protocol").asText()).isEqualTo("ocpp1.6");
                assertOcppTls(connected);
                // What ocpp-rpc's auth callback was handed: a Buffer of exactly the 20 key bytes.
                assertThat(connected.path("passwordType").asText()).isEqualTo("Buffer");
                assertThat(connected.path("passwordHex").asText()).isEqualTo(KEY_HEX);

                dev.ocpp.v16.messages.BootNotificationResponse boot = await(cs.call(
                        new dev.ocpp.v16.messages.BootNotificationRequest()
                                .withChargePointVendor("dev.ocpp").withChargePointModel("tls-interop-16")));
                assertThat(boot.getStatus()).isEqualTo(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED);
                assertThat(receivedBy(centralSystem, "BootNotification",
                        p -> p.path("chargePointModel").asText().equals("tls-interop-16"))).isNotNull();

                assertThat(result(centralSystem.callAndAwait("CP-KEY-1", "Reset", json("{\"type\": \"Soft\"}"))))
                        .isEqualTo(json("{\"status\": \"Accepted\"}"));
                assertThat(inbox.take(dev.ocpp.v16.messages.ResetRequest.class).getType())
                        .isEqualTo(dev.ocpp.v16.types.ResetType.SOFT);
                assertThat(events.all()).isEmpty();
            } finally {
                cs.close();
            }
        }

        @Test
        void keySentAsItsHexTextIsNotTheKey() throws Exception {
            // What some stacks do instead of the specification: the 40 hex digits as the password.
            SecurityEvents events = new SecurityEvents();
            assertRefusedWith(chargePoint("CP-KEY-2", StationPassword.ocpp16KeyAsText(KEY_HEX), events).connect(),
                    401);

            ObjectNode rejected = centralSystem.awaitEvent("rejected",
                    e -> "CP-KEY-2".equals(e.path("identity").asText()), WAIT);
            assertThat(rejected.path("reason").asText()).isEqualTo("wrong password");
            assertThat(rejected.path("passwordHex").asText()).isEqualTo(hex(KEY_HEX.getBytes(StandardCharsets.US_ASCII)));
            SecurityEvent event = events.awaitAny();
            assertThat(event.reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
            assertThat(event.typeName(OcppVersion.OCPP16)).isEqualTo("FailedToAuthenticateAtCentralSystem");
            assertThat(eventKindsAbout(centralSystem, "CP-KEY-2")).containsExactly("rejected");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Ocpp16ChargePointIsOcppRpcOverTls {

        static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);

        final Inbox inbox = new Inbox();
        final Arrivals<Ocpp16ChargePointSession> connects = new Arrivals<>();
        final SecurityEvents csmsEvents = new SecurityEvents();
        Ocpp16CentralSystem centralSystem;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            CsmsSecurity security = CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                    .serverKey(KeyMaterial.of(csmsCertificate))
                    .credentials(CredentialStore.of(Map.of(
                            "RPC-16-1", StationCredential.ocpp16Key(KEY_HEX),
                            "RPC-16-2", StationCredential.ocpp16Key(KEY_HEX))))
                    .onEvent(csmsEvents)
                    .build();
            centralSystem = Ocpp16CentralSystem.builder(InteropSupport.serverTransport())
                    .host("127.0.0.1").port(0).path("/ocpp")
                    .server(security::applyTo)
                    .on(dev.ocpp.v16.messages.BootNotificationRequest.class, inbox.answer(
                            (dev.ocpp.v16.messages.BootNotificationRequest r) ->
                                    new dev.ocpp.v16.messages.BootNotificationResponse()
                                            .withStatus(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED)
                                            .withCurrentTime(T0).withInterval(300)))
                    .onConnect(cp -> connects.arrived(cp.identity(), cp))
                    .build().start();
        }

        @AfterAll
        void stop() {
            if (centralSystem != null) {
                centralSystem.close();
            }
        }

        String endpoint() {
            return "wss://127.0.0.1:" + centralSystem.port() + "/ocpp";
        }

        @Test
        void keyBytesFromOcppRpcAreAcceptedAndCallsFlowBothWays() throws Exception {
            try (OcppRpcPeer chargePoint = OcppRpcPeer.tlsClient(OcppRpcPeer.OCPP16, endpoint(), "RPC-16-1",
                    KEY_BYTES, operatorRootPem)) {
                ObjectNode connected = startupEvent(chargePoint, "connected");
                assertThat(connected.path("protocol").asText()).isEqualTo("ocpp1.6");
                assertOcppTls(connected);
                Ocpp16ChargePointSession cp = connects.await("RPC-16-1");
                // Our server kept the password as the bytes ocpp-rpc sent.
                assertThat(cp.session().connectionInfo().credentials()).hasValueSatisfying(c ->
                        assertThat(c.password()).isEqualTo(KEY_BYTES));

                assertThat(result(chargePoint.callAndAwait(null, "BootNotification", json("""
                        {"chargePointVendor": "ocpp-rpc", "chargePointModel": "interop-16"}"""))))
                        .isEqualTo(json("""
                                {"status": "Accepted", "currentTime": "2026-11-21T10:00:00Z", "interval": 300}"""));
                assertThat(inbox.take(dev.ocpp.v16.messages.BootNotificationRequest.class).getChargePointModel())
                        .isEqualTo("interop-16");

                dev.ocpp.v16.messages.ResetResponse reset = await(centralSystem.call("RPC-16-1",
                        new dev.ocpp.v16.messages.ResetRequest().withType(dev.ocpp.v16.types.ResetType.HARD)));
                assertThat(reset.getStatus()).isEqualTo(dev.ocpp.v16.types.ResetStatus.ACCEPTED);
                assertThat(receivedBy(chargePoint, "Reset", p -> true)).isEqualTo(json("{\"type\": \"Hard\"}"));
            }
        }

        @Test
        void keyAsHexTextFromOcppRpcIsAWrongPassword() throws Exception {
            try (OcppRpcPeer chargePoint = OcppRpcPeer.startTlsClient(OcppRpcPeer.OCPP16, endpoint(), "RPC-16-2",
                    KEY_HEX.getBytes(StandardCharsets.US_ASCII), operatorRootPem)) {
                ObjectNode error = chargePoint.awaitEvent("error");
                assertThat(error.path("status").asInt()).as("%s", error).isEqualTo(401);
            }
            SecurityEvent event = csmsEvents.awaitFor("RPC-16-2");
            assertThat(event.reason()).isEqualTo(Reason.WRONG_PASSWORD);
            assertThat(event.typeName(OcppVersion.OCPP16)).isEqualTo("FailedToAuthenticateAtCentralSystem");
            assertThat(connects.future("RPC-16-2")).isNotDone();
        }
    }
}
