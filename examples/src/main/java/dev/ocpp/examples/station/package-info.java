/**
 * Simulated charging stations, booted and kept alive by the library's {@link dev.ocpp.core.station.StationRuntime}:
 * the version-neutral lifecycle in {@link dev.ocpp.examples.station.StationSimulator},
 * the messages per version in a {@link dev.ocpp.examples.station.StationProtocol}:
 * {@link dev.ocpp.examples.station.Station16} on the typed 1.6 API and
 * {@link dev.ocpp.examples.station.Station201} on the typed 2.0.1 API with boot gating. Their transaction messages go
 * through a {@link dev.ocpp.core.delivery.DeliveryQueue} per station, kept in the store
 * {@link dev.ocpp.examples.station.StationStores} opens, beside the record of the transaction each has open.
 */
package dev.ocpp.examples.station;
