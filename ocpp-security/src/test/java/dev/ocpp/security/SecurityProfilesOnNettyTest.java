package dev.ocpp.security;

/** The {@link SecurityProfilesCases} on the Netty transport. */
class SecurityProfilesOnNettyTest extends SecurityProfilesCases {

    @Override
    SecurityFixture.Transports transports() {
        return SecurityFixture.NETTY;
    }
}
