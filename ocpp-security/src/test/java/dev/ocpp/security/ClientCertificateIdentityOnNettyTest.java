package dev.ocpp.security;

/** The {@link ClientCertificateIdentityCases} on the Netty transport. */
class ClientCertificateIdentityOnNettyTest extends ClientCertificateIdentityCases {

    @Override
    SecurityFixture.Transports transports() {
        return SecurityFixture.NETTY;
    }
}
