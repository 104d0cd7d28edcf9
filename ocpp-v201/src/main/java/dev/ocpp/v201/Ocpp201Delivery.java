package dev.ocpp.v201;

/**
 * Durable delivery of OCPP 2.0.1 transaction messages (Part 2 E04, E13) and security events (A04.FR.02): the
 * station side's queueing rules and the CSMS side's duplicate and gap detection.
 */
public final class Ocpp201Delivery {

    private Ocpp201Delivery() {
    }
}
