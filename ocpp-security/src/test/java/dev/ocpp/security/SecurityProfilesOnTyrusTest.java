package dev.ocpp.security;

/** The {@link SecurityProfilesCases} on the Tyrus transport. */
class SecurityProfilesOnTyrusTest extends SecurityProfilesCases {

    @Override
    SecurityFixture.Transports transports() {
        return SecurityFixture.TYRUS;
    }
}
