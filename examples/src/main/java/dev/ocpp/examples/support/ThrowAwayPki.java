package dev.ocpp.examples.support;

import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A throw-away PKI for trying the OCPP security profiles, made with {@link TestPki}: for tests and demos only, never
 * for a real deployment (the keys are made on the spot and kept unprotected).
 *
 * <p>It has the two trust chains a deployment has, kept apart so that neither side trusts more than it should:
 * <ul>
 *   <li>the CSMS's: a root, an intermediate CA and the server certificate the stations check under profiles 2 and 3
 *       (CN and subject alternative names = the host the stations connect to, plus {@code localhost});</li>
 *   <li>the stations': a CA and one certificate per station the CSMS checks under profile 3 (CN = the identity,
 *       O = the operator's organisation, as OCPP 2.0.1 Part 2 A00.FR.403-405 require).</li>
 * </ul>
 */
public final class ThrowAwayPki {

    /** The organisation used unless another is given. */
    public static final String DEFAULT_ORGANIZATION = "OCPP Test PKI";

    private final String organization;
    private final KeyType keyType;
    private final String host;
    private final TestPki csms;
    private final IssuedCertificate server;
    private final TestPki stations;
    private final Map<String, IssuedCertificate> stationCertificates = new LinkedHashMap<>();

    private ThrowAwayPki(KeyType keyType, String organization, String host, Collection<String> identities) {
        this.organization = Objects.requireNonNull(organization, "organization");
        this.keyType = Objects.requireNonNull(keyType, "keyType");
        this.host = Objects.requireNonNull(host, "host");
        this.csms = TestPki.builder().organization(organization).keyType(keyType).intermediate(true).build();
        Set<String> names = new LinkedHashSet<>(List.of(host, "localhost"));
        this.server = csms.serverCertificate(host, names.toArray(String[]::new));
        // Its own organisation name only to give the station CA a subject of its own; the stations' certificates
        // carry the operator's organisation, which a CSMS may check (A00.FR.404).
        this.stations = TestPki.builder().organization(organization + " Stations").keyType(keyType).build();
        for (String identity : identities) {
            stationCertificates.put(identity, stations.leaf().commonName(identity).organization(organization).issue());
        }
    }

    /**
     * Makes the keys and certificates.
     *
     * @param host       what the stations connect to: a DNS name or an IP literal
     * @param identities the stations to issue a certificate for
     */
    public static ThrowAwayPki create(KeyType keyType, String organization, String host,
                                      Collection<String> identities) {
        return new ThrowAwayPki(keyType, organization, host, identities);
    }

    public String organization() {
        return organization;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The host the server certificate was issued for. */
    public String host() {
        return host;
    }

    /** What the stations trust: the CSMS root (OCPP's CSMSRootCertificate / CentralSystemRootCertificate). */
    public X509Certificate csmsRoot() {
        return csms.root();
    }

    /** The CSMS's TLS server certificate, its intermediate CA and its key. */
    public IssuedCertificate serverCertificate() {
        return server;
    }

    /** What the CSMS trusts under profile 3: the CA of the station certificates. */
    public X509Certificate stationCa() {
        return stations.root();
    }

    /** The station certificates, by identity. */
    public Map<String, IssuedCertificate> stationCertificates() {
        return Map.copyOf(stationCertificates);
    }

    /** The certificate of one station. */
    public IssuedCertificate stationCertificate(String identity) {
        IssuedCertificate c = stationCertificates.get(identity);
        if (c == null) {
            throw new IllegalArgumentException("no certificate was issued for " + identity);
        }
        return c;
    }

    /** The identities with a certificate, in the order asked for. */
    public List<String> identities() {
        return List.copyOf(stationCertificates.keySet());
    }
}
