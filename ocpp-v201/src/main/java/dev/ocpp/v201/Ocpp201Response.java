package dev.ocpp.v201;

/** A response payload of OCPP 2.0.1 (a {@code ...Response} message in Part 2's words). */
public interface Ocpp201Response {
}
