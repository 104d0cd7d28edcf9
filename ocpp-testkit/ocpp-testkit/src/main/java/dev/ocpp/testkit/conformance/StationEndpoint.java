package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how a station under test connects for one scenario: to the mock CSMS at {@code url} (without the
 * identity segment, which the station appends, OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1) as {@code identity},
 * speaking {@code version}.
 *
 * @param url       the mock CSMS's URL, without the identity
 * @param identity  the identity to connect as
 * @param version   the OCPP version to offer
 * @param transport the client transport to connect with: the mock's own (in memory, or a Netty client it owns);
 *                  an out-of-process station ignores it and connects to {@code url} over a WebSocket, which works
 *                  unless the run was made {@link ScenarioRunner.Builder#inMemory() in memory}
 */
public record StationEndpoint(URI url, String identity, OcppVersion version, TransportClientFactory transport) {

    public StationEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(transport, "transport");
    }
}
