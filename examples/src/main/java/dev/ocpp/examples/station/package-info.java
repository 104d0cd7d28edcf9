/**
 * Simulated charging stations for the {@code station} command and the demo: the testkit's
 * {@link dev.ocpp.testkit.SimulatedStation} (booted and kept alive by the library's
 * {@link dev.ocpp.core.station.StationRuntime}, answering every call a CSMS may make) driven through charging
 * sessions by {@link dev.ocpp.examples.station.StationSimulator}, which prints one line per exchange. Their transaction
 * messages go through a {@link dev.ocpp.core.delivery.DeliveryQueue} per station, kept in the store
 * {@link dev.ocpp.examples.station.StationStores} opens, beside the record of each transaction left open.
 */
package dev.ocpp.examples.station;
