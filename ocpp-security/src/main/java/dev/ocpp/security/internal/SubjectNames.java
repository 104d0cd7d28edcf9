package dev.ocpp.security.internal;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads single attributes of a certificate's subject. */
public final class SubjectNames {

    private SubjectNames() {
    }

    /** The subject's CN; empty if there is none, or more than one (then no single CN can match). */
    public static Optional<String> commonName(X509Certificate c) {
        return single(c, BCStyle.CN);
    }

    /** The subject's O; empty if there is none or more than one. */
    public static Optional<String> organization(X509Certificate c) {
        return single(c, BCStyle.O);
    }

    private static Optional<String> single(X509Certificate c, ASN1ObjectIdentifier type) {
        RDN[] rdns = X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs(type);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }
}
