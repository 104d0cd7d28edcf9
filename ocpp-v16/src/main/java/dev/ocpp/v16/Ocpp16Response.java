package dev.ocpp.v16;

/** A response payload of OCPP 1.6J (a ".conf" PDU in the specification's words). */
public interface Ocpp16Response {
}
