package dev.ocpp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a CSMS knows about one station's password, able to check a presented one. Implementations must compare in
 * constant time; the built-in ones compare SHA-256 digests with {@link MessageDigest#isEqual}, so that neither the
 * position of the first difference nor the password's length shows in the time taken.
 */
@FunctionalInterface
public interface StationCredential {

    /** Whether {@code presented} (the bytes after {@code identity:} in the Basic header) is the right password. */
    boolean matches(byte[] presented);

    /** The station's current password (see {@link StationPassword} for the version rules). */
    static StationCredential of(StationPassword password) {
        return new Digests(List.of(password.wireBytes()));
    }

    /** An OCPP 2.0.1 password (16-40 characters of the passwordString set). */
    static StationCredential ocpp201(String password) {
        return of(StationPassword.ocpp201(password));
    }

    /** An OCPP 1.6 AuthorizationKey as hex; the station must send the decoded bytes. */
    static StationCredential ocpp16Key(String hex) {
        return of(StationPassword.ocpp16Key(hex));
    }

    /**
     * An OCPP 1.6 AuthorizationKey as hex, accepting the decoded bytes (the specification) and also the hex text in
     * either case, which some station stacks send (facts D.3: a CSMS that must interoperate compares against both).
     */
    static StationCredential ocpp16KeyLenient(String hex) {
        StationPassword key = StationPassword.ocpp16Key(hex);
        return new Digests(List.of(key.wireBytes(),
                hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                hex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Compares digests of every accepted form, always all of them. */
    final class Digests implements StationCredential {
        private final List<byte[]> digests = new ArrayList<>();

        Digests(List<byte[]> accepted) {
            for (byte[] a : accepted) {
                digests.add(sha256(a));
            }
        }

        @Override
        public boolean matches(byte[] presented) {
            byte[] d = sha256(presented);
            boolean any = false;
            for (byte[] candidate : digests) {
                any |= MessageDigest.isEqual(candidate, d);
            }
            return any;
        }

        private static byte[] sha256(byte[] b) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(b);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public String toString() {
            return "StationCredential(****)";
        }
    }
}
