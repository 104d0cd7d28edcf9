/**
 * The transport conformance suite: abstract JUnit 5 tests of the transport SPI ({@code dev.ocpp.core.spi}), talking
 * to server and client factories directly, without the RPC engine.
 *
 * <p>The suite is split by capability, one abstract class each, so that a transport runs exactly the parts that
 * apply to it and nothing is reported as skipped (the project's CI fails on any skipped test). Every transport runs
 * {@link dev.ocpp.transport.testsuite.HandshakeConformance}, {@link dev.ocpp.transport.testsuite.OrderingConformance},
 * {@link dev.ocpp.transport.testsuite.ListenerContractConformance},
 * {@link dev.ocpp.transport.testsuite.CloseCodeConformance},
 * {@link dev.ocpp.transport.testsuite.MessageSizeConformance} and
 * {@link dev.ocpp.transport.testsuite.ServerLifecycleConformance}; transports on real sockets add the wire-level
 * classes ({@link dev.ocpp.transport.testsuite.WireHandshakeConformance},
 * {@link dev.ocpp.transport.testsuite.WireMessageSizeConformance},
 * {@link dev.ocpp.transport.testsuite.PingPongConformance},
 * {@link dev.ocpp.transport.testsuite.SendQueueConformance}, {@link dev.ocpp.transport.testsuite.TlsConformance},
 * {@link dev.ocpp.transport.testsuite.BindAddressConformance},
 * {@link dev.ocpp.transport.testsuite.PreUpgradeFailureConformance} (client side),
 * {@link dev.ocpp.transport.testsuite.StrictnessConformance} (RFC 6455 strictness of servers towards hostile
 * clients),
 * {@link dev.ocpp.transport.testsuite.ReconnectConformance} (core's client and server over the transport), and
 * {@link dev.ocpp.transport.testsuite.DeflateConformance} for transports that implement permessage-deflate).
 *
 * <p>To run a class, extend it in the transport's test sources with a name surefire picks up (ending in
 * {@code Test}) and return a {@link dev.ocpp.transport.testsuite.TransportFixture} from {@code fixture()}.
 */
package dev.ocpp.transport.testsuite;
