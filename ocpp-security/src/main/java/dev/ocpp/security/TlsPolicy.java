package dev.ocpp.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which TLS versions and cipher suites a connection may use under security profiles 2 and 3. Immutable.
 *
 * <p>OCPP requires TLS 1.2 or higher (OCPP 2.0.1 Part 2 A00.FR.313/416; 1.6 Security Whitepaper A00.FR.312/416) and
 * names four TLS 1.2 suites: a CSMS supports all four (it needs an RSA and an ECDSA certificate for that), a station
 * at least one of the two pairs (A00.FR.317-323). Nothing else is enabled by default; the TLS 1.3 AES-GCM suites are
 * added because TLS 1.3 has no other way to agree on a suite and they are at least as strong. Every suite a policy
 * allows must be an AEAD suite (AES-GCM or ChaCha20-Poly1305), so no policy built here can be weaker than the
 * specification's.
 *
 * <p>The policy is enforced on every {@link javax.net.ssl.SSLEngine} the security configurations create: whatever
 * versions or suites a transport later asks the engine for are cut down to the policy's. TLS compression is never
 * used: the JDK's TLS implementation only offers the null compression method (A00.FR.318/422 forbid compression).
 *
 * <p>Note for JDK 24 and later: the JDK disables the static-RSA suites {@code TLS_RSA_*} by default
 * ({@code jdk.tls.disabledAlgorithms}); on such a JVM a CSMS with an RSA certificate serves TLS 1.2 stations only if
 * the application re-enables them or allows the ECDHE_RSA variants with {@link Builder#cipherSuites}.
 */
public final class TlsPolicy {

    /** TLS 1.2 with an ECDSA certificate (A00.FR.317). */
    public static final String ECDHE_ECDSA_AES_128_GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    /** TLS 1.2 with an ECDSA certificate (A00.FR.317). */
    public static final String ECDHE_ECDSA_AES_256_GCM = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    /** TLS 1.2 with an RSA certificate (A00.FR.317). */
    public static final String RSA_AES_128_GCM = "TLS_RSA_WITH_AES_128_GCM_SHA256";
    /** TLS 1.2 with an RSA certificate (A00.FR.317). */
    public static final String RSA_AES_256_GCM = "TLS_RSA_WITH_AES_256_GCM_SHA384";
    /** TLS 1.3. */
    public static final String TLS13_AES_128_GCM = "TLS_AES_128_GCM_SHA256";
    /** TLS 1.3. */
    public static final String TLS13_AES_256_GCM = "TLS_AES_256_GCM_SHA384";

    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private final List<String> protocols;
    private final List<String> cipherSuites;

    private TlsPolicy(List<String> protocols, List<String> cipherSuites) {
        this.protocols = List.copyOf(protocols);
        this.cipherSuites = List.copyOf(cipherSuites);
    }

    /** What a CSMS must offer: the four OCPP suites, plus TLS 1.3 AES-GCM. */
    public static TlsPolicy csmsDefault() {
        return builder().cipherSuites(ECDHE_ECDSA_AES_256_GCM, ECDHE_ECDSA_AES_128_GCM, RSA_AES_256_GCM,
                RSA_AES_128_GCM, TLS13_AES_256_GCM, TLS13_AES_128_GCM).build();
    }

    /** A station offering both OCPP pairs (either fits whichever certificate the CSMS has), plus TLS 1.3. */
    public static TlsPolicy stationDefault() {
        return csmsDefault();
    }

    /** A station configured for the ECDSA pair only (A00.FR.317, first option), plus TLS 1.3. */
    public static TlsPolicy stationEcdsaPair() {
        return builder().cipherSuites(ECDHE_ECDSA_AES_256_GCM, ECDHE_ECDSA_AES_128_GCM, TLS13_AES_256_GCM,
                TLS13_AES_128_GCM).build();
    }

    /** A station configured for the RSA pair only (A00.FR.317, second option), plus TLS 1.3. */
    public static TlsPolicy stationRsaPair() {
        return builder().cipherSuites(RSA_AES_256_GCM, RSA_AES_128_GCM, TLS13_AES_256_GCM, TLS13_AES_128_GCM)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The allowed protocol versions, most preferred first ({@code TLSv1.3}, {@code TLSv1.2} by default). */
    public List<String> protocols() {
        return protocols;
    }

    /** The allowed cipher suites, most preferred first. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The requested entries the policy allows, in the policy's order. */
    public String[] allowedProtocols(String[] requested) {
        return intersect(protocols, requested);
    }

    /** The requested suites the policy allows, in the policy's order. */
    public String[] allowedCipherSuites(String[] requested) {
        return intersect(cipherSuites, requested);
    }

    private static String[] intersect(List<String> allowed, String[] requested) {
        Set<String> r = Set.of(requested == null ? new String[0] : requested);
        List<String> out = new ArrayList<>();
        for (String a : allowed) {
            if (r.contains(a)) {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "TlsPolicy" + protocols + cipherSuites;
    }

    /** Builds a {@link TlsPolicy}; refuses anything below TLS 1.2 and any suite that is not AEAD. */
    public static final class Builder {
        private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");
        private List<String> cipherSuites = List.of();

        private Builder() {
        }

        /** The protocol versions, most preferred first: {@code TLSv1.2} and/or {@code TLSv1.3}. */
        public Builder protocols(String... protocols) {
            Set<String> p = new LinkedHashSet<>(List.of(protocols));
            for (String v : p) {
                if (!ALLOWED_PROTOCOLS.contains(v)) {
                    throw new IllegalArgumentException(v + " is not allowed: OCPP requires TLS 1.2 or higher");
                }
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("at least one protocol version");
            }
            this.protocols = List.copyOf(p);
            return this;
        }

        /** The cipher suites (JSSE names), most preferred first. */
        public Builder cipherSuites(String... suites) {
            Set<String> s = new LinkedHashSet<>(List.of(suites));
            for (String suite : s) {
                String u = Objects.requireNonNull(suite).toUpperCase(Locale.ROOT);
                if (!u.startsWith("TLS_") || !(u.contains("_GCM_") || u.contains("CHACHA20_POLY1305"))) {
                    throw new IllegalArgumentException(suite + " is not an AEAD TLS suite; OCPP allows none weaker "
                            + "than its AES-GCM suites");
                }
            }
            this.cipherSuites = List.copyOf(s);
            return this;
        }

        public TlsPolicy build() {
            if (cipherSuites.isEmpty()) {
                throw new IllegalStateException("no cipher suites");
            }
            boolean tls12 = protocols.contains("TLSv1.2");
            boolean tls13 = protocols.contains("TLSv1.3");
            boolean has12 = cipherSuites.stream().anyMatch(s -> s.contains("_WITH_"));
            boolean has13 = cipherSuites.stream().anyMatch(s -> !s.contains("_WITH_"));
            if (!(tls12 && has12) && !(tls13 && has13)) {
                throw new IllegalStateException("no cipher suite for any allowed protocol version");
            }
            return new TlsPolicy(protocols, cipherSuites);
        }
    }
}
