/**
 * OCPP security: the three security profiles for CSMS and station (TLS contexts, HTTP Basic auth, client
 * certificates, security events), and the certificate work of the security use cases with Bouncy Castle (key pairs,
 * CSRs, certificate hash data, chain verification, signed firmware).
 */
module dev.ocpp.security {
    requires transitive dev.ocpp.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires org.slf4j;

    exports dev.ocpp.security;
    exports dev.ocpp.security.pki;
}
