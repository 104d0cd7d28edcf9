package dev.ocpp.examples.interop;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;

import static dev.ocpp.examples.testing.TypedApiSupport.JSON;
import static dev.ocpp.examples.testing.TypedApiSupport.WAIT;
import static dev.ocpp.examples.testing.TypedApiSupport.failureOf;
import static dev.ocpp.examples.testing.TypedApiSupport.findCause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Authenticator;
import dev.ocpp.core.spi.HandshakeRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * What the ocpp-rpc interop tests of both versions share on top of {@link dev.ocpp.examples.testing.TypedApiSupport}:
 * reading what the peer received or answered, and the Basic-auth set-ups. Every wait is bounded; none sleeps.
 */
final class InteropSupport {

    private InteropSupport() {
    }

    /**
     * The transport our side of every interop test runs on: {@code tyrus} by default, {@code netty} with
     * {@code -Docpp.interop.transport=netty} (the build runs the interop classes once on each, see examples/pom.xml).
     */
    static final String TRANSPORT = System.getProperty("ocpp.interop.transport", "tyrus");

    /** One client transport for all stations of the JVM, as an application would share one. */
    private static final TransportClientFactory CLIENT = switch (TRANSPORT) {
        case "tyrus" -> new TyrusClientTransport();
        case "netty" -> new NettyClientTransport();
        default -> throw new IllegalArgumentException("ocpp.interop.transport: tyrus or netty, not " + TRANSPORT);
    };

    /** The client transport of {@link #TRANSPORT}. */
    static TransportClientFactory clientTransport() {
        return CLIENT;
    }

    /** A new client transport of {@link #TRANSPORT}, for a test that closes it itself. */
    static TransportClientFactory newClientTransport() {
        return TRANSPORT.equals("netty") ? new NettyClientTransport() : new TyrusClientTransport();
    }

    /** A server transport of {@link #TRANSPORT}. */
    static TransportServerFactory serverTransport() {
        return TRANSPORT.equals("netty") ? new NettyServerTransport() : new TyrusServerTransport();
    }

    /** {@code value} as JSON, the way our mapper writes it (for comparing typed values with what crossed the wire). */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** The event of this kind a peer's start-up already waited for (and so claimed). */
    static ObjectNode startupEvent(OcppRpcPeer peer, String event) {
        return peer.eventsSoFar().stream().filter(e -> event.equals(e.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(peer + " has no '" + event + "' event: " + peer.eventsSoFar()));
    }

    /** The params of the next CALL of {@code method} the peer received whose params match. */
    static JsonNode receivedBy(OcppRpcPeer peer, String method, Predicate<JsonNode> params) {
        return peer.awaitEvent("call",
                e -> method.equals(e.path("method").asText()) && params.test(e.path("params")), WAIT).path("params");
    }

    /** The result of a peer's call, failing if it ended in a callerror (e.g. because strict mode refused it). */
    static JsonNode result(ObjectNode outcome) {
        assertThat(outcome.path("event").asText()).as("%s", outcome).isEqualTo("result");
        return outcome.path("result");
    }

    /** The callerror of a peer's call that the other side (not ocpp-rpc itself) answered, failing otherwise. */
    static ObjectNode remoteError(ObjectNode outcome) {
        assertThat(outcome.path("event").asText()).as("%s", outcome).isEqualTo("callerror");
        assertThat(outcome.path("source").asText()).as("%s", outcome).isEqualTo("remote");
        return outcome;
    }

    /**
     * For our servers: identities starting with {@code SEC-} need Basic auth as themselves with {@code password}, so
     * one server can show both a secured and an open station; everyone else gets in without.
     */
    static Authenticator secIdentitiesNeed(String password) {
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        return (identity, credentials, request) -> !identity.startsWith("SEC-")
                || credentials.filter(c -> c.username().equals(identity))
                        .map(c -> c.passwordMatches(expected))
                        .orElse(false);
    }

    /** Checks the peer's side too: our connect succeeding alone would not show that it checked the password. */
    static ObjectNode authorizedConnection(OcppRpcPeer csms, String identity, String subprotocol) {
        ObjectNode connected = csms.awaitEvent("connected", e -> identity.equals(e.path("identity").asText()), WAIT);
        assertThat(connected.path("protocol").asText()).isEqualTo(subprotocol);
        assertThat(connected.path("authorization").asBoolean()).isTrue();
        return connected;
    }

    /** Checks the peer's reason too, so that a refusal for any other cause does not pass for a wrong password. */
    static void assertRefusedForWrongPassword(CompletableFuture<?> connect, OcppRpcPeer csms, String identity) {
        Throwable failure = failureOf(connect);
        HandshakeRejectedException rejected = findCause(failure, HandshakeRejectedException.class);
        assertThat(rejected).as("cause chain of %s", failure).isNotNull();
        assertThat(rejected.status()).isEqualTo(401);
        ObjectNode event = csms.awaitEvent("rejected", e -> identity.equals(e.path("identity").asText()), WAIT);
        assertThat(event.path("reason").asText()).isEqualTo("wrong password");
    }
}
