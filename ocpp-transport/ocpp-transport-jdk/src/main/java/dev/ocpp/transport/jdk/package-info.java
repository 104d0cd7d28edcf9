/**
 * An OCPP-J client transport on {@link java.net.http.WebSocket}: {@link dev.ocpp.transport.jdk.JdkClientTransport},
 * a {@link dev.ocpp.core.spi.TransportClientFactory} for charging stations that want the smallest footprint. It has
 * no server side; a CSMS uses one of the other transports.
 */
package dev.ocpp.transport.jdk;
