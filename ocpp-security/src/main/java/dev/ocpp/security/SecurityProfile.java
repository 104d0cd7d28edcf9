package dev.ocpp.security;

/**
 * The three OCPP security profiles (OCPP 2.0.1 Part 2 §A00 table "Security Profiles"; OCPP 1.6 Security Whitepaper
 * §2.1). Exactly one is in force per connection; a CSMS refuses a connection that uses another one (A00.FR.002) and
 * a station never lowers its profile on its own (A00.FR.005).
 */
public enum SecurityProfile {

    /** Plain {@code ws://} with HTTP Basic authentication of the station; for trusted networks only. */
    UNSECURED_TRANSPORT_WITH_BASIC_AUTH(1),

    /** TLS with the CSMS's server certificate; the station authenticates with HTTP Basic. */
    TLS_WITH_BASIC_AUTH(2),

    /** Mutual TLS: the CSMS's server certificate and the station's client certificate. */
    TLS_WITH_CLIENT_CERTIFICATES(3);

    private final int number;

    SecurityProfile(int number) {
        this.number = number;
    }

    /** The profile's number as OCPP uses it (SecurityProfile configuration key/variable, SetNetworkProfile). */
    public int number() {
        return number;
    }

    /** Whether the connection runs over TLS ({@code wss://}). */
    public boolean usesTls() {
        return number >= 2;
    }

    /** Whether the station authenticates with HTTP Basic credentials. */
    public boolean usesBasicAuth() {
        return number <= 2;
    }

    /** The profile with this number. */
    public static SecurityProfile of(int number) {
        for (SecurityProfile p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("no security profile " + number + " (OCPP defines 1, 2 and 3)");
    }
}
