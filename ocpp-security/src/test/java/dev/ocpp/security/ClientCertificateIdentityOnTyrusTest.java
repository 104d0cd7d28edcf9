package dev.ocpp.security;

/** The {@link ClientCertificateIdentityCases} on the Tyrus transport. */
class ClientCertificateIdentityOnTyrusTest extends ClientCertificateIdentityCases {

    @Override
    SecurityFixture.Transports transports() {
        return SecurityFixture.TYRUS;
    }
}
