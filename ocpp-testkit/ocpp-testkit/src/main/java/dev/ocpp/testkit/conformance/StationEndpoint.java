package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how a station under test connects for one scenario: to the mock CSMS at {@code url} (without the
 * identity segment, which the station appends, OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1) as {@code identity},
 * speaking {@code version}, with HTTP Basic credentials when the run asks for a {@code password}.
 *
 * @param url       the mock CSMS's URL, without the identity
 * @param identity  the identity to connect as
 * @param version   the OCPP version to offer
 * @param transport the client transport to connect with: the mock's own (in memory, or a Netty client it owns);
 *                  an out-of-process station ignores it and connects to {@code url} over a WebSocket, which works
 *                  unless the run was made {@link ScenarioRunner.Builder#inMemory() in memory}
 * @param password  the password of security profile 1 (HTTP Basic, the identity as user name; OCPP 1.6 security
 *                  white paper §2.1, 2.0.1 Part 2 A00) that the mock CSMS requires, as
 *                  {@link ScenarioRunner.Builder#stationPassword} set it; {@code null} when the mock requires none
 *                  (security profile 0, which only 1.6 allows, or a station that sends credentials anyway)
 * @param secureUrl the URL of the scenario's second mock CSMS, without the identity: {@code wss://} with a server
 *                  certificate of the run's test PKI, requiring the same password (security profile 2), where a
 *                  station goes once told to raise its security profile (OCPP 1.6 security white paper A05, 2.0.1
 *                  A05); {@code null} when the scenario has none. A 2.0.1 station is told this URL in
 *                  SetNetworkProfile; a 1.6 station is not (ChangeConfiguration of SecurityProfile carries no URL),
 *                  so its adapter configures it as the station's TLS endpoint. The station learns to trust the
 *                  certificate from the root the mock installs (InstallCertificate) before the upgrade
 */
public record StationEndpoint(URI url, String identity, OcppVersion version, TransportClientFactory transport,
                              byte[] password, URI secureUrl) {

    public StationEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(transport, "transport");
        password = password == null ? null : password.clone();
    }

    /** An endpoint without a TLS listener to upgrade to. */
    public StationEndpoint(URI url, String identity, OcppVersion version, TransportClientFactory transport,
                           byte[] password) {
        this(url, identity, version, transport, password, null);
    }

    /** An endpoint whose mock CSMS requires no password. */
    public StationEndpoint(URI url, String identity, OcppVersion version, TransportClientFactory transport) {
        this(url, identity, version, transport, null);
    }

    /** A copy of the password, or {@code null}. */
    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }
}
