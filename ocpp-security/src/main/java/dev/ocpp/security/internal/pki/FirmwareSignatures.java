package dev.ocpp.security.internal.pki;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * The signature schemes accepted for signed firmware. The OCPP text names RSA-PSS or ECSchnorr, while deployed
 * implementations sign with SHA-256 and RSA (PKCS#1 v1.5) or ECDSA; the library accepts SHA256withECDSA for EC keys
 * and, for RSA keys, both SHA256withRSA and RSASSA-PSS (SHA-256, MGF1 with SHA-256, 32-byte salt).
 */
public final class FirmwareSignatures {

    /** The PSS parameters used for firmware: SHA-256 throughout and a salt as long as the hash. */
    public static final PSSParameterSpec PSS_SHA256 =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);

    private FirmwareSignatures() {
    }

    /**
     * One verifier per scheme that a key of this type may have signed with, each initialised with the key. An RSA
     * signature does not say which padding it uses, so both RSA verifiers are fed the same data and either may
     * accept.
     *
     * @throws IllegalArgumentException for a key that is neither RSA nor EC
     */
    public static List<Signature> verifiersFor(PublicKey key) throws GeneralSecurityException {
        switch (key.getAlgorithm()) {
            case "EC":
                return List.of(initVerify(Signature.getInstance("SHA256withECDSA"), key));
            case "RSA": {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(PSS_SHA256);
                return List.of(initVerify(Signature.getInstance("SHA256withRSA"), key), initVerify(pss, key));
            }
            default:
                throw new IllegalArgumentException(
                        "firmware signing keys are RSA or EC, not " + key.getAlgorithm());
        }
    }

    private static Signature initVerify(Signature signature, PublicKey key) throws GeneralSecurityException {
        signature.initVerify(key);
        return signature;
    }
}
