/**
 * Faults on purpose, to test how OCPP code copes with a bad network and a misbehaving peer.
 *
 * <p><b>Frame faults</b> on the transport seam: a seeded, declarative {@link dev.ocpp.testkit.faults.FaultPlan}
 * (drop, delay, duplicate a CALL, answer late, rewrite an answer's message id, inject malformed frames, cut, go
 * half-open, refuse handshakes, fail TLS handshakes as a simulation) applied by {@link dev.ocpp.testkit.faults.Faults#wrap} to any
 * {@link dev.ocpp.core.spi.TransportClientFactory}: in memory or over real WebSockets, on a
 * {@link dev.ocpp.testkit.VirtualClock} or real time. Same seed, same decisions:
 * {@link dev.ocpp.testkit.faults.FaultyTransport#decisionLog()} lists them for comparison.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * try (MockCsms csms = MockCsms.builder(OcppVersion.OCPP16).clock(clock).build();
 *      FaultyTransport faulty = Faults.wrap(csms.stationTransport(), FaultPlan.seeded(42).scheduler(clock)
 *              .drop(FrameMatch.results("BootNotification").received(), Frequency.once()));
 *      SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP16).identity("CP-1")
 *              .endpoint(csms.url()).transport(faulty).clock(clock).build()) {
 *     CompletableFuture<Void> accepted = station.start();   // the first answer is lost
 *     while (!accepted.isDone()) {                           // the call timeout, then the boot retry
 *         clock.advance(Duration.ofSeconds(1));
 *     }
 *     assertThat(csms.journal().exchanges("BootNotification")).hasSize(2);
 * }
 * }</pre>
 *
 * <p><b>Network faults</b> below the frames: {@link dev.ocpp.testkit.faults.FaultProxy}, a loopback TCP proxy that
 * cuts, holds, delays and refuses connections by hand or on a seeded {@link dev.ocpp.testkit.faults.Chaos}
 * schedule, in front of any server (TLS passes through), and fails the TLS handshakes of chosen connections with a
 * fatal alert or an answer that is not TLS ({@link dev.ocpp.testkit.faults.FaultProxy#failTlsHandshakes}): a real
 * TLS failure, for testing reconnection after one.
 *
 * <p><b>Clock skew</b>: {@link dev.ocpp.testkit.faults.Faults#skewedClock}.
 */
package dev.ocpp.testkit.faults;
