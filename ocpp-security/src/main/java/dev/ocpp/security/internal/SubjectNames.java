package dev.ocpp.security.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Reads attributes of a subject name as the text they hold: not escaped for a distinguished-name string, since an
 * identity such as {@code CS+1=A} (all characters OCPP 2.0.1 allows) must compare equal to its CN.
 */
public final class SubjectNames {

    private SubjectNames() {
    }

    /** The certificate subject's CN; empty if there is none, or more than one (then no single CN can match). */
    public static Optional<String> commonName(X509Certificate c) {
        return single(c, BCStyle.CN);
    }

    /** The certificate subject's O; empty if there is none or more than one. */
    public static Optional<String> organization(X509Certificate c) {
        return single(c, BCStyle.O);
    }

    /** Every value of attribute {@code type} in {@code name}, in order. */
    public static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    out.add(text(atv.getValue()));
                }
            }
        }
        return out;
    }

    private static Optional<String> single(X509Certificate c, ASN1ObjectIdentifier type) {
        List<String> values = values(X500Name.getInstance(c.getSubjectX500Principal().getEncoded()), type);
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
    }
}
