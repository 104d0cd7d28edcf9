/**
 * Simulated charging stations built on {@link dev.ocpp.core.OcppClient}: the lifecycle in
 * {@link dev.ocpp.examples.station.StationSimulator}, the messages per version in a
 * {@link dev.ocpp.examples.station.StationProtocol} ({@link dev.ocpp.examples.station.Station16} on the typed 1.6
 * classes).
 */
package dev.ocpp.examples.station;
