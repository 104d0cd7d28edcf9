package dev.ocpp.security;

/** The {@link TlsNegotiationCases} on the Netty transport. */
class TlsNegotiationOnNettyTest extends TlsNegotiationCases {

    @Override
    SecurityFixture.Transports transports() {
        return SecurityFixture.NETTY;
    }
}
