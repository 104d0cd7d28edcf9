package dev.ocpp.security;

import static dev.ocpp.security.RawUpgrade.ATTACKER;
import static dev.ocpp.security.RawUpgrade.STATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.IdentityRules;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.transport.netty.NettyServerTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Station identities the version does not allow are refused at the upgrade (404), over real sockets on the Netty
 * transport: hostile requests from 127.0.0.2, real stations from 127.0.0.1.
 */
class IdentityRulesOverSocketsTest {

    private static final String V16 = "ocpp1.6";
    private static final String V201 = "ocpp2.0.1";

    private OcppServer server;

    private int start(OcppServer.Builder b) {
        server = b.host("127.0.0.1").port(0).path("/ocpp")
                .serve(OcppVersion.OCPP16, RawUpgrade.HANDLERS)
                .serve(OcppVersion.OCPP201, RawUpgrade.HANDLERS)
                .build().start();
        return server.port();
    }

    private int start() {
        return start(OcppServer.builder(new NettyServerTransport(1)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int status(int port, String identity, String subprotocol) throws Exception {
        return RawUpgrade.status(ATTACKER, port, "/ocpp/" + identity, subprotocol, null, null);
    }

    @Test
    void refusesNewlineInIdentityWith404OnEveryVersion() throws Exception {
        int port = start();
        assertThat(status(port, "CP%0AADMIN%20connected", V16)).isEqualTo(404);
        assertThat(status(port, "CP%0AADMIN", V201)).isEqualTo(404);
        assertThat(status(port, "CP%0D%0AADMIN", V16)).isEqualTo(404);
    }

    @Test
    void refusesNewlineInIdentityWithoutAnAgreedSubprotocol() throws Exception {
        int port = start();
        assertThat(status(port, "CP%0AADMIN", null)).isEqualTo(404);
        assertThat(status(port, "CP%0AADMIN", "ocpp9.9")).isEqualTo(404);
    }

    @Test
    void refusesOtherControlCharactersWith404() throws Exception {
        int port = start();
        for (String c : new String[] {"%00", "%09", "%1B", "%7F", "%C2%85"}) {
            assertThat(status(port, "CP" + c + "1", V16)).as(c).isEqualTo(404);
            assertThat(status(port, "CP" + c + "1", V201)).as(c).isEqualTo(404);
        }
    }

    @Test
    void refusesEncodedSlashAndBackslashWith404() throws Exception {
        int port = start();
        assertThat(status(port, "..%2F..%2Fetc", V16)).isEqualTo(404);
        assertThat(status(port, "CP%2F1", V201)).isEqualTo(404);
        assertThat(status(port, "CP%5C1", V16)).isEqualTo(404);
        assertThat(status(port, "CP%5C1", V201)).isEqualTo(404);
    }

    @Test
    void refusesCharactersOutsideTheIdentifierStringOn201With404() throws Exception {
        int port = start();
        assertThat(status(port, "RDAM%20123", V201)).isEqualTo(404);
        assertThat(status(port, "CP%231", V201)).isEqualTo(404);
        assertThat(status(port, "CP%C3%A91", V201)).isEqualTo(404);
        assertThat(status(port, "CP:1", V201)).isEqualTo(404);
        assertThat(status(port, "C".repeat(49), V201)).isEqualTo(404);
    }

    @Test
    void refusesIdentitiesOverTheLengthCapOn16With404() throws Exception {
        int port = start();
        assertThat(status(port, "C".repeat(256), V16)).isEqualTo(404);
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/" + "C".repeat(255), V16, null, null)).isEqualTo(101);
    }

    @Test
    void letsNormalIdentitiesIn() throws Exception {
        int port = start();
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/CP-001", V16, null, null)).isEqualTo(101);
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/CP-002", V201, null, null)).isEqualTo(101);
        // OCPP-J 1.6 §3.1.1's own example identity has a space.
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/RDAM%20123", V16, null, null)).isEqualTo(101);
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/CP-1_*=+%7C@.", V201, null, null)).isEqualTo(101);
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/" + "C".repeat(48), V201, null, null)).isEqualTo(101);
    }

    @Test
    void configuredOcpp16SetIsApplied() throws Exception {
        int port = start(OcppServer.builder(new NettyServerTransport(1)).identityRules(IdentityRules.builder()
                .ocpp16Characters(c -> Character.isLetterOrDigit(c) || c == '-').ocpp16MaxLength(10).build()));
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/CP-001", V16, null, null)).isEqualTo(101);
        assertThat(status(port, "RDAM%20123", V16)).isEqualTo(404);
        assertThat(status(port, "C".repeat(11), V16)).isEqualTo(404);
        // Control characters stay refused whatever the configured set says.
        server.close();
        port = start(OcppServer.builder(new NettyServerTransport(1))
                .identityRules(IdentityRules.builder().ocpp16Characters(c -> true).build()));
        assertThat(status(port, "CP%0A1", V16)).isEqualTo(404);
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/CP%2F1", V16, null, null)).isEqualTo(101);
    }

    @Test
    void identityFilterRefusalIs404ByDefaultAnd401WhenFailuresAreUniform() throws Exception {
        int port = start(OcppServer.builder(new NettyServerTransport(1))
                .identityFilter((identity, request) -> identity.equals("CP-001")));
        assertThat(status(port, "CP-999", V16)).isEqualTo(404);
        server.close();
        port = start(OcppServer.builder(new NettyServerTransport(1)).uniformAuthenticationFailure(true)
                .identityFilter((identity, request) -> identity.equals("CP-001")));
        assertThat(status(port, "CP-999", V16)).isEqualTo(401);
        assertThat(status(port, "CP%0A1", V16)).isEqualTo(404);
        assertThat(RawUpgrade.status(STATION, port, "/ocpp/CP-001", V16, null, null)).isEqualTo(101);
    }
}
