package dev.ocpp.security;

/** The {@link TlsNegotiationCases} on the Tyrus transport. */
class TlsNegotiationOnTyrusTest extends TlsNegotiationCases {

    @Override
    SecurityFixture.Transports transports() {
        return SecurityFixture.TYRUS;
    }
}
