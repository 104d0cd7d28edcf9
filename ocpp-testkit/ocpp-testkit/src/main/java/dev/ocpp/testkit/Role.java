package dev.ocpp.testkit;

/**
 * The two ends of an OCPP-J connection: the station (1.6 "Charge Point", 2.0.1 "Charging Station"), which opens the
 * WebSocket, and the CSMS (1.6 "Central System"), which accepts it (OCPP-J 1.6 §3, OCPP 2.0.1 Part 4 §3).
 */
public enum Role {
    STATION,
    CSMS;

    /** The other end. */
    public Role peer() {
        return this == STATION ? CSMS : STATION;
    }
}
