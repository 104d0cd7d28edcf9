package dev.ocpp.v16;

/**
 * Durable delivery of OCPP 1.6 transaction messages (§3.7, §3.7.1): the station side's queueing rules and the
 * Central System side's duplicate and gap detection.
 */
public final class Ocpp16Delivery {

    private Ocpp16Delivery() {
    }
}
