/** Simulated charging stations built on {@link dev.ocpp.core.OcppClient}. */
package dev.ocpp.examples.station;
