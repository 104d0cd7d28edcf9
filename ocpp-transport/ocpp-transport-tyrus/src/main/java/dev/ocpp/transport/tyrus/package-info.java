/**
 * The standalone OCPP-J WebSocket runtime on Tyrus (Grizzly): {@link dev.ocpp.transport.tyrus.TyrusServerTransport}
 * and {@link dev.ocpp.transport.tyrus.TyrusClientTransport}, for applications that run no WebSocket container.
 */
package dev.ocpp.transport.tyrus;
