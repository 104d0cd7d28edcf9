package dev.ocpp.core;

import java.util.Optional;

/**
 * The answer a CSMS gives a BootNotification, the same three values in OCPP 1.6 (§4.2, {@code RegistrationStatus})
 * and 2.0.1 (Part 2 B01-B03, {@code RegistrationStatusEnumType}).
 */
public enum RegistrationStatus {
    /** Registered: the station may send anything (1.6 §4.2, 2.0.1 B01). */
    ACCEPTED("Accepted"),
    /** Not yet: the station sends only BootNotification unless triggered (1.6 §4.2, 2.0.1 B02). */
    PENDING("Pending"),
    /** Refused: the station sends nothing until the interval has passed (1.6 §4.2, 2.0.1 B03). */
    REJECTED("Rejected");

    private final String value;

    RegistrationStatus(String value) {
        this.value = value;
    }

    /** The value as written on the wire. */
    public String value() {
        return value;
    }

    /** The status written {@code value} on the wire, if it is one. */
    public static Optional<RegistrationStatus> fromValue(String value) {
        for (RegistrationStatus s : values()) {
            if (s.value.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
