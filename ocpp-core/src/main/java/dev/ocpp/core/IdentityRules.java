package dev.ocpp.core;

import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Which station identities the server lets through its upgrade check, by OCPP version. An identity that breaks the
 * rules is refused with HTTP 404 before the {@link IdentityFilter} and the {@link Authenticator} see it, so that no
 * user code, credential store or log line ever handles a hostile identity.
 *
 * <p>The identity is the last path segment of the connection URL, percent-decoded (OCPP-J 1.6 §3.1.1, OCPP 2.0.1
 * Part 4 §3.1.1, RFC 3986 §2.1); percent-encoding lets a peer put any byte into it, newlines included. The rules:
 * <ul>
 *   <li><b>Always</b>, whatever the version and the configuration: no control characters (U+0000–U+001F, U+007F,
 *       U+0080–U+009F). A newline in an identity can forge a log line, and no OCPP version allows one.</li>
 *   <li><b>OCPP 2.0.1 and later</b>: an identifierString (Part 2 §2.1.4: {@code a-z A-Z 0-9 * - _ = : + | @ .})
 *       without {@code ':'}, which separates user and password in HTTP Basic authentication, and at most 48
 *       characters (Part 4 §3.1.1).</li>
 *   <li><b>OCPP 1.6, and connections without an agreed subprotocol</b>: the specification names no character set
 *       (its own example identity, {@code RDAM 123}, has a space). The default is a safe set: printable ASCII
 *       U+0020–U+007E except the path separators {@code '/'} and {@code '\'} (a station identity often ends up in
 *       file names, URLs and paths of the back office), at most {@value #DEFAULT_OCPP16_MAX_LENGTH} characters.
 *       Both are configurable with {@link Builder#ocpp16Characters(IntPredicate)} and
 *       {@link Builder#ocpp16MaxLength(int)}.</li>
 * </ul>
 *
 * <p>Why 404 and not 400: the specifications treat an identity the server will not serve as unknown (OCPP-J 1.6
 * §3.2, OCPP 2.0.1 Part 4 §3.2: "SHOULD" answer 404), and an identity that cannot exist is certainly unknown. The
 * answer tells nothing an attacker could not work out from the specification, so it stays 404 even when
 * {@link OcppServer.Builder#uniformAuthenticationFailure(boolean)} hides which valid identities exist.
 *
 * <p>Immutable and thread-safe; the check runs on a transport thread and does not block.
 */
public final class IdentityRules {

    /** The default longest identity on OCPP 1.6 (the specification sets none). */
    public static final int DEFAULT_OCPP16_MAX_LENGTH = 255;

    /** The longest identity OCPP 2.0.1 allows (Part 4 §3.1.1). */
    public static final int OCPP201_MAX_LENGTH = 48;

    private static final IdentityRules DEFAULTS = builder().build();

    private final IntPredicate ocpp16Characters;
    private final int ocpp16MaxLength;

    private IdentityRules(Builder b) {
        this.ocpp16Characters = b.ocpp16Characters;
        this.ocpp16MaxLength = b.ocpp16MaxLength;
    }

    /** The rules described above, with the default OCPP 1.6 set and length. */
    public static IdentityRules defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code c} is in the default OCPP 1.6 set: printable ASCII U+0020–U+007E except {@code '/'} and
     * {@code '\'}.
     */
    public static boolean isDefaultOcpp16Character(int c) {
        return c >= 0x20 && c <= 0x7e && c != '/' && c != '\\';
    }

    /** Whether {@code c} may appear in an OCPP 2.0.1 identity: identifierString (Part 2 §2.1.4) without ':'. */
    public static boolean isOcpp201Character(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "*-_=+|@.".indexOf(c) >= 0;
    }

    /** Whether {@code c} is a control character (C0, DEL or C1), never allowed in an identity. */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /**
     * Why {@code identity} breaks the rules for {@code version}, or empty if it keeps them. The reason names the
     * rule, never the offending text, so that it is safe to log and to show.
     *
     * @param identity the decoded identity
     * @param version  the agreed version, or {@code null} if the peer offered none that is served (then the OCPP
     *                 1.6 rules apply)
     */
    public Optional<String> violation(String identity, OcppVersion version) {
        Objects.requireNonNull(identity, "identity");
        if (identity.isEmpty()) {
            return Optional.of("empty identity");
        }
        boolean ocpp201 = version != null && version != OcppVersion.OCPP16;
        int max = ocpp201 ? OCPP201_MAX_LENGTH : ocpp16MaxLength;
        if (identity.length() > max) {
            return Optional.of("identity is longer than " + max + " characters");
        }
        for (int i = 0; i < identity.length(); ) {
            int c = identity.codePointAt(i);
            i += Character.charCount(c);
            if (isControl(c)) {
                return Optional.of("identity contains a control character (U+" + hex(c) + ")");
            }
            if (ocpp201) {
                if (c == ':') {
                    return Optional.of("identity must not contain ':' (OCPP 2.0.1 Part 4 §3.1.1)");
                }
                if (!isOcpp201Character(c)) {
                    return Optional.of("identity contains U+" + hex(c)
                            + ", not allowed in an identifierString (OCPP 2.0.1 Part 2 §2.1.4)");
                }
            } else if (!ocpp16Characters.test(c)) {
                return Optional.of("identity contains U+" + hex(c) + ", outside the allowed set");
            }
        }
        return Optional.empty();
    }

    private static String hex(int c) {
        String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(Math.max(0, 4 - h.length())) + h;
    }

    @Override
    public String toString() {
        return "IdentityRules[1.6 max " + ocpp16MaxLength + (this == DEFAULTS ? ", default sets]" : "]");
    }

    /** Builds {@link IdentityRules}. */
    public static final class Builder {
        private IntPredicate ocpp16Characters = IdentityRules::isDefaultOcpp16Character;
        private int ocpp16MaxLength = DEFAULT_OCPP16_MAX_LENGTH;

        private Builder() {
        }

        /**
         * The characters (Unicode code points) an identity may have on OCPP 1.6 and on connections without an agreed
         * subprotocol (default {@link #isDefaultOcpp16Character(int)}). Control characters stay refused whatever
         * this accepts.
         */
        public Builder ocpp16Characters(IntPredicate allowed) {
            this.ocpp16Characters = Objects.requireNonNull(allowed, "allowed");
            return this;
        }

        /** The longest identity, in UTF-16 characters, on OCPP 1.6 (default {@value #DEFAULT_OCPP16_MAX_LENGTH}). */
        public Builder ocpp16MaxLength(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max length must be at least 1: " + max);
            }
            this.ocpp16MaxLength = max;
            return this;
        }

        public IdentityRules build() {
            return new IdentityRules(this);
        }
    }
}
