package dev.ocpp.examples.demo;

import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.station.ChargingSession;
import dev.ocpp.examples.station.DeliveryTally;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.ExchangeLog;
import dev.ocpp.examples.support.NetworkCut;
import dev.ocpp.examples.support.SecurityEventLine;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.support.Versions;
import dev.ocpp.security.SecurityEvent;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationResponse;
import dev.ocpp.v16.messages.GetLocalListVersionRequest;
import dev.ocpp.v16.messages.GetLocalListVersionResponse;
import dev.ocpp.v16.types.KeyValue;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.Variable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The end-to-end demonstration: an embedded CSMS on a free loopback port (with 2.0.1 boot gating, as the
 * {@code csms} command runs), two OCPP 1.6 and two OCPP 2.0.1 stations, each booting, reporting status, sending
 * heartbeats and running a charging session (1.6: StartTransaction, MeterValues, StopTransaction; 2.0.1:
 * TransactionEvent Started, Updated, Ended). Meanwhile the CSMS calls each station, typed in both versions: 1.6
 * GetConfiguration and GetLocalListVersion, 2.0.1 GetVariables of two device-model variables.
 * Then the CSMS drops every connection at once ({@value #RESTART_CODE} Service restart, as before a restart): each
 * station reconnects by itself after a short back-off, without booting again, and carries on with its heartbeats.
 * Last, the network of one station of each version is cut ({@link NetworkCut}: the connection drops without a close,
 * and no new one gets through): each charges a whole session offline, its transaction messages waiting in its
 * delivery queue (2.0.1 events flagged offline), and once the network is back the queue delivers them in order; the
 * scene ends with {@code N messages queued offline, N delivered, 0 lost}, counted by the stations' delivery
 * listeners. Everything is shut down before {@link #run} returns.
 *
 * <p>Under a security profile the CSMS enforces it and the stations connect with the matching credentials, all made
 * for the run ({@link DemoSecurity}); the demo tells how each station got in, as the CSMS saw it, and shows one more
 * station being refused with the security event the CSMS reported. That needs real WebSockets (TLS).
 */
public final class Demo {

    /** How many heartbeats each station must have had answered before the demo ends. */
    static final int HEARTBEATS = 2;
    /** Short, so that the heartbeats happen within a demo that lasts about a second. */
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(200);
    /** Short for the same reason: the charging sessions take four of these. */
    private static final Duration METER_INTERVAL = Duration.ofMillis(50);
    /** Short, so that the stations are back within a second after the CSMS drops them (default: 10-20 s). */
    static final RetryBackOff BACK_OFF = new RetryBackOff(Duration.ofMillis(200), Duration.ofMillis(200), 2);
    /** The close code the CSMS drops the stations with: Service Restart (RFC 6455 §7.4.1). */
    static final int RESTART_CODE = 1012;
    /**
     * Short, so that the queued messages follow a reconnect at once (default: a random wait of up to 5 s, which
     * spreads a fleet's replay after a CSMS restart).
     */
    private static final StationSimulator.Delivery DELIVERY = StationSimulator.Delivery.defaults()
            .withReplayPacing(Duration.ofMillis(100), Duration.ofMillis(10));

    private final Transports transports;
    private final Consumer<String> sink;
    private final Duration timeout;
    private final SecurityProfile profile;

    /**
     * A demo without a security profile: plain {@code ws://}, any identity.
     *
     * @param sink    receives the live exchange log (and nothing else); {@code null} for silence
     * @param timeout the bound on the whole run; beyond it the run fails rather than waits
     */
    public Demo(Transports transports, Consumer<String> sink, Duration timeout) {
        this(transports, sink, timeout, null);
    }

    /**
     * @param sink    receives the live exchange log and the security lines; {@code null} for silence
     * @param timeout the bound on the whole run; beyond it the run fails rather than waits
     * @param profile the security profile to run under; {@code null} for none
     */
    public Demo(Transports transports, Consumer<String> sink, Duration timeout, SecurityProfile profile) {
        this.transports = transports;
        this.sink = sink;
        this.timeout = timeout;
        this.profile = profile;
    }

    /** The stations whose network is cut while they charge: one of each version. */
    static final List<String> CUT_OFF = List.of("CP16-002", "CP201-002");

    /** The stations of the demo, by identity. */
    static Map<String, OcppVersion> fleet() {
        Map<String, OcppVersion> fleet = new LinkedHashMap<>();
        fleet.put("CP16-001", OcppVersion.OCPP16);
        fleet.put("CP16-002", OcppVersion.OCPP16);
        fleet.put("CP201-001", OcppVersion.OCPP201);
        fleet.put("CP201-002", OcppVersion.OCPP201);
        return fleet;
    }

    /** Runs the demo. Never throws for a failed exchange: failures are in the report. */
    public DemoReport run() {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("demo-timer-"));
        ExampleCsms csms = null;
        List<StationSimulator> stations = new ArrayList<>();
        List<String> securityLines = new ArrayList<>();
        List<String> reconnectLines = new ArrayList<>();
        List<String> offlineLines = new ArrayList<>();
        StationSimulator impostor = null;
        // The network of the stations of the cut scene; the others connect directly.
        NetworkCut network = new NetworkCut(transports.client());
        try {
            DemoSecurity security = profile == null ? null : new DemoSecurity(profile, fleet());
            csms = ExampleCsms.start(transports, new ExampleCsms.Settings("127.0.0.1", 0, Versions.SUPPORTED,
                    Duration.ofSeconds(60), true, security == null ? null : security.csms()), sink);
            for (Map.Entry<String, OcppVersion> e : fleet().entrySet()) {
                stations.add(new StationSimulator(CUT_OFF.contains(e.getKey()) ? network.over(transports)
                        : transports, new StationSimulator.Settings(csms.endpoint(),
                        e.getKey(), e.getValue(), HEARTBEAT_INTERVAL, "dev.ocpp", "DemoStation", METER_INTERVAL,
                        security == null ? null : security.station(e.getKey())).withBackOff(BACK_OFF)
                        .withDelivery(DELIVERY), timers, null));
                notes.put(e.getKey(), new ArrayList<>());
            }
            List<CompletableFuture<Void>> booted = new ArrayList<>();
            for (StationSimulator s : stations) {
                booted.add(s.start());
            }
            for (int i = 0; i < stations.size(); i++) {
                await(booted.get(i), deadline, stations.get(i).identity() + " to boot");
                notes.get(stations.get(i).identity()).add("booted");
            }
            if (security != null) {
                for (StationSimulator s : stations) {
                    OcppSession csmsSide = csms.server().session(s.identity()).orElseThrow(() ->
                            new DemoFailure("The CSMS has no session of " + s.identity() + " although it booted"));
                    securityLine(securityLines, security.connected(csmsSide, csms.endpoint().getScheme()));
                }
                impostor = new StationSimulator(transports, new StationSimulator.Settings(csms.endpoint(),
                        DemoSecurity.IMPOSTOR, OcppVersion.OCPP201, HEARTBEAT_INTERVAL, "dev.ocpp", "DemoStation",
                        METER_INTERVAL, security.impostor()), timers, null);
                refused(csms, impostor, security, deadline, securityLines);
            }
            for (StationSimulator s : stations) {
                if (s.settings().version() == OcppVersion.OCPP16) {
                    readConfiguration16(csms, s, deadline, notes.get(s.identity()), problems);
                    localListVersion16(csms, s, deadline, notes.get(s.identity()), problems);
                } else {
                    readVariables201(csms, s, deadline, notes.get(s.identity()), problems);
                }
            }
            for (StationSimulator s : stations) {
                await(s.heartbeats(HEARTBEATS), deadline, s.identity() + " to send " + HEARTBEATS + " heartbeats");
                notes.get(s.identity()).add(s.heartbeatCount() + " heartbeats");
                ChargingSession charge = await(s.charged(), deadline, s.identity() + " to charge");
                notes.get(s.identity()).add(String.format("charged %d Wh in transaction %s%s", charge.energyWh(),
                        charge.transactionId(), s.settings().version() == OcppVersion.OCPP16 ? ""
                                // Started at the plug-in, Updated when authorized and at each reading, Ended.
                                : String.format(" (TransactionEvent Started, %d Updated, Ended; seqNo 0-%d)",
                                        charge.meterValues() + 1, charge.meterValues() + 2)));
            }
            restartScene(csms, stations, deadline, notes, reconnectLines);
            networkCutScene(network, stations.stream().filter(s -> CUT_OFF.contains(s.identity())).toList(),
                    deadline, notes, offlineLines, problems);
            stations.forEach(StationSimulator::close);
            awaitAllDisconnected(csms, stations, deadline);
        } catch (DemoFailure e) {
            problems.add(e.getMessage());
        } catch (RuntimeException e) {
            problems.add("Unexpected failure: " + e);
        } finally {
            stations.forEach(StationSimulator::close);
            if (impostor != null) {
                impostor.close();
            }
            if (csms != null) {
                csms.close();
            }
            timers.shutdownNow();
        }
        return report(csms, notes, securityLines, reconnectLines, offlineLines, problems,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The network of {@code cut} is cut while they are idle; each then charges a whole session offline (without
     * Authorize, as AllowOfflineTxForUnknownId / OfflineTxForUnknownIdEnabled allow), every transaction message
     * queued. Once each has queued the message that ends its transaction, the network comes back; each reconnects by
     * itself and its queue delivers the messages in order. The stations' delivery listeners count what was queued
     * offline and what became of it: nothing may be lost.
     */
    private void networkCutScene(NetworkCut network, List<StationSimulator> cut, long deadline,
                                 Map<String, List<String>> notes, List<String> lines, List<String> problems) {
        Map<String, DeliveryTally> before = new LinkedHashMap<>();
        Map<String, CompletableFuture<Void>> lost = new LinkedHashMap<>();
        Map<String, CompletableFuture<Duration>> back = new LinkedHashMap<>();
        for (StationSimulator s : cut) {
            before.put(s.identity(), s.deliveryTally());
            lost.put(s.identity(), s.nextDisconnect());
            back.put(s.identity(), s.nextReconnect());
        }
        say(lines, "The network of " + String.join(" and ", CUT_OFF) + " is cut: their connections drop, "
                + "no new one gets through", false);
        network.cut();
        Map<String, CompletableFuture<?>> ended = new LinkedHashMap<>();
        Map<String, CompletableFuture<?>> delivered = new LinkedHashMap<>();
        Map<String, CompletableFuture<ChargingSession>> sessions = new LinkedHashMap<>();
        for (StationSimulator s : cut) {
            await(lost.get(s.identity()), deadline, s.identity() + " to notice the cut");
            ended.put(s.identity(), s.nextTransactionEndQueued());
            delivered.put(s.identity(), s.nextTransactionEndDelivered());
            sessions.put(s.identity(), s.chargeNow());
        }
        for (StationSimulator s : cut) {
            await(ended.get(s.identity()), deadline, s.identity() + " to charge offline");
            DeliveryTally now = s.deliveryTally().since(before.get(s.identity()));
            say(lines, String.format("%-10s charged a whole session offline: %d transaction messages queued "
                    + "(depth %d)", s.identity(), now.queuedOffline(), s.delivery().depth()), true);
        }
        network.restore();
        say(lines, "The network is back", false);
        DeliveryTally total = new DeliveryTally(0, 0, 0, 0);
        for (StationSimulator s : cut) {
            Duration away = await(back.get(s.identity()), deadline, s.identity() + " to reconnect");
            ChargingSession charge = await(sessions.get(s.identity()), deadline,
                    s.identity() + " to deliver its offline transaction");
            // Counted by the listener, which hears of the delivery just after the session's own future.
            await(delivered.get(s.identity()), deadline, s.identity() + " to count its delivery");
            DeliveryTally tally = s.deliveryTally().since(before.get(s.identity()));
            total = total.plus(tally);
            say(lines, String.format("%-10s reconnected after %d ms; its queue delivered them in order: %d Wh in "
                    + "transaction %s", s.identity(), away.toMillis(), charge.energyWh(), charge.transactionId()),
                    true);
            notes.get(s.identity()).add(String.format("charged %d Wh offline, %d messages delivered after the cut",
                    charge.energyWh(), tally.deliveredOffline()));
        }
        say(lines, String.format("%d messages queued offline, %d delivered, %d lost", total.queuedOffline(),
                total.deliveredOffline(), total.lost()), false);
        if (total.queuedOffline() == 0 || total.lost() != 0 || total.pending() != 0) {
            problems.add(String.format("Network cut scene: %d messages queued offline, %d delivered, %d lost, %d "
                    + "still queued", total.queuedOffline(), total.deliveredOffline(), total.lost(),
                    total.pending()));
        }
    }

    /**
     * The CSMS drops every connection, as before a restart; each station must come back by itself (its back-off)
     * without booting again, and carry on: a heartbeat answered on the new connection.
     */
    private void restartScene(ExampleCsms csms, List<StationSimulator> stations, long deadline,
                              Map<String, List<String>> notes, List<String> lines) {
        Map<String, CompletableFuture<Duration>> back = new LinkedHashMap<>();
        for (StationSimulator s : stations) {
            back.put(s.identity(), s.nextReconnect());
        }
        List<OcppSession> connected = List.copyOf(csms.server().sessions());
        say(lines, String.format("The CSMS dropped %d connections (%d Service restart)", connected.size(),
                RESTART_CODE), false);
        connected.forEach(cs -> cs.disconnect(RESTART_CODE, "Service restart"));
        for (StationSimulator s : stations) {
            Duration away = await(back.get(s.identity()), deadline, s.identity() + " to reconnect");
            int heartbeats = s.heartbeatCount();
            await(s.heartbeats(heartbeats + 1), deadline, s.identity() + " to carry on after reconnecting");
            String note = String.format("reconnected after %d ms", away.toMillis());
            notes.get(s.identity()).add(note + ", carried on");
            say(lines, String.format("%-10s %s, no new BootNotification, heartbeat answered on the new connection",
                    s.identity(), note), true);
        }
    }

    private void say(List<String> lines, String line, boolean indent) {
        lines.add((indent ? "  " : "") + line);
        if (sink != null) {
            sink.accept(line);
        }
    }

    /** Waits until the CSMS has no connection of any station left (its sessions outlive their connections). */
    private static void awaitAllDisconnected(ExampleCsms csms, List<StationSimulator> stations, long deadline) {
        List<String> ids = stations.stream().map(StationSimulator::identity).toList();
        while (csms.server().sessions().stream().anyMatch(cs -> ids.contains(cs.identity()))) {
            if (System.nanoTime() - deadline > 0) {
                throw new DemoFailure("Timed out waiting for the CSMS to see every station disconnect");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("Interrupted waiting for the CSMS to see every station disconnect");
            }
        }
    }

    /**
     * Lets the impostor try, which the CSMS must refuse before any OCPP message, and records the security event the
     * CSMS reported for it.
     */
    private void refused(ExampleCsms csms, StationSimulator impostor, DemoSecurity security, long deadline,
                         List<String> lines) {
        String who = impostor.identity() + " with " + security.impostorAttempt();
        CompletableFuture<Void> attempt = impostor.start();
        SecurityEvent event;
        try {
            // The CSMS's event is what the demo reports; the impostor's own connect fails at about the same time,
            // with the CSMS's TLS alert as its cause.
            event = security.nextCsmsEvent(deadline).orElseThrow(() ->
                    new DemoFailure("The CSMS reported no security event for " + who));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("Interrupted waiting for the CSMS's security event");
        }
        boolean connected = attempt.isDone() && !attempt.isCompletedExceptionally();
        if (connected || csms.server().session(impostor.identity()).isPresent()) {
            throw new DemoFailure(who + " was let in");
        }
        securityLine(lines, who + " was refused; the CSMS reported:");
        securityLine(lines, "  " + SecurityEventLine.format(event, null));
    }

    private void securityLine(List<String> lines, String line) {
        lines.add(line);
        if (sink != null) {
            sink.accept(line);
        }
    }

    /** The 1.6 configuration read, typed: the request and the answer are checked against their schemas. */
    private void readConfiguration16(ExampleCsms csms, StationSimulator s, long deadline, List<String> notes,
                                     List<String> problems) {
        try {
            GetConfigurationResponse answer = await(csms.station16(s.identity()).call(new GetConfigurationRequest()
                    .withKey(List.of("HeartbeatInterval"))), deadline, s.identity() + " to answer GetConfiguration");
            List<KeyValue> keys = answer.getConfigurationKey();
            if (keys == null || keys.isEmpty() || keys.get(0).getValue() == null) {
                problems.add(s.identity() + " answered GetConfiguration without the value: " + answer);
            } else {
                notes.add("GetConfiguration HeartbeatInterval=" + keys.get(0).getValue());
            }
        } catch (CallErrorException e) {
            problems.add(s.identity() + " answered GetConfiguration with CALLERROR " + e.wireCode());
        }
    }

    /**
     * A 1.6 station reports the version of its local authorization list (§5.9): a call that changes nothing, so the
     * charging session under way goes on undisturbed (a Reset, which the example station now accepts, would end it).
     */
    private void localListVersion16(ExampleCsms csms, StationSimulator s, long deadline, List<String> notes,
                                    List<String> problems) {
        try {
            GetLocalListVersionResponse answer = await(csms.station16(s.identity())
                            .call(new GetLocalListVersionRequest()),
                    deadline, s.identity() + " to answer GetLocalListVersion");
            notes.add("GetLocalListVersion -> " + answer.getListVersion());
        } catch (CallErrorException e) {
            problems.add(s.identity() + " answered GetLocalListVersion with CALLERROR " + e.wireCode());
        }
    }

    /** The 2.0.1 configuration read: two device-model variables in one GetVariables, typed. */
    private void readVariables201(ExampleCsms csms, StationSimulator s, long deadline, List<String> notes,
                                  List<String> problems) {
        GetVariablesRequest request = new GetVariablesRequest().withGetVariableData(List.of(
                variable("OCPPCommCtrlr", "HeartbeatInterval"), variable("ChargingStation", "Model")));
        try {
            GetVariablesResponse answer = await(csms.station201(s.identity()).call(request), deadline,
                    s.identity() + " to answer GetVariables");
            List<String> values = new ArrayList<>();
            for (GetVariableResult r : answer.getGetVariableResult()) {
                String name = r.getComponent().getName() + "." + r.getVariable().getName();
                if (r.getAttributeStatus() != GetVariableStatusEnum.ACCEPTED || r.getAttributeValue() == null) {
                    problems.add(s.identity() + " answered GetVariables " + name + " with "
                            + r.getAttributeStatus().value());
                }
                values.add(name + "=" + r.getAttributeValue());
            }
            notes.add("GetVariables " + String.join(" ", values));
        } catch (CallErrorException e) {
            problems.add(s.identity() + " answered GetVariables with CALLERROR " + e.wireCode());
        }
    }

    private static GetVariableData variable(String component, String name) {
        return new GetVariableData().withComponent(new Component().withName(component))
                .withVariable(new Variable().withName(name));
    }

    /**
     * Waits for {@code f} until the deadline. A CALLERROR is rethrown as is, for the caller to judge; anything
     * else that goes wrong ends the demo.
     */
    private static <T> T await(CompletableFuture<T> f, long deadline, String what) {
        long left = deadline - System.nanoTime();
        try {
            return f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DemoFailure("Timed out waiting for " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallErrorException err) {
                throw err;
            }
            throw new DemoFailure("Failed waiting for " + what + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("Interrupted waiting for " + what);
        }
    }

    private DemoReport report(ExampleCsms csms, Map<String, List<String>> notes, List<String> securityLines,
                              List<String> reconnectLines, List<String> offlineLines, List<String> problems,
                              Duration elapsed) {
        // Each station connected twice (before and after the restart scene); the summary lists it once.
        List<ExchangeLog.Connection> connections = csms == null ? new ArrayList<>()
                : new ArrayList<>(csms.log().connections().stream().distinct().toList());
        connections.sort(java.util.Comparator.comparing(ExchangeLog.Connection::identity));
        Map<ExchangeLog.Key, Long> counts = csms == null ? Map.of() : csms.log().counts();
        List<ExchangeLog.ErrorSeen> errors = csms == null ? List.of() : csms.log().errors();
        for (ExchangeLog.ErrorSeen e : errors) {
            problems.add("Unexpected CALLERROR " + e.errorCode() + " for " + e.action() + " ("
                    + (e.direction() == Direction.IN ? "from " : "to ") + e.identity() + ")");
        }
        StringBuilder out = new StringBuilder();
        out.append("== Demo summary ==\n");
        if (csms != null) {
            out.append("CSMS: ").append(csms.endpoint()).append("/<identity>, serving ")
                    .append(csms.settings().protocols()).append('\n');
        }
        if (profile != null) {
            out.append(DemoSecurity.title(profile)).append(":\n");
            securityLines.forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("Stations (as the CSMS saw them connect):\n");
        List<String> stationLines = new ArrayList<>();
        for (ExchangeLog.Connection c : connections) {
            String line = String.format("  %-10s %-10s %s", c.identity(), c.subprotocol(),
                    String.join(", ", notes.getOrDefault(c.identity(), List.of())));
            stationLines.add(line.trim());
            out.append(line).append('\n');
        }
        if (!reconnectLines.isEmpty()) {
            out.append("Restart scene (every station reconnects by itself and carries on):\n");
            reconnectLines.forEach(line -> out.append(line.startsWith("  ") ? "" : "  ").append(line).append('\n'));
        }
        if (!offlineLines.isEmpty()) {
            out.append("Network cut scene (charging offline; the delivery queue keeps every transaction message):\n");
            offlineLines.forEach(line -> out.append(line.startsWith("  ") ? "" : "  ").append(line).append('\n'));
        }
        out.append("Frames per action and direction (as seen by the CSMS):\n");
        out.append(String.format("  %-20s %-15s %6s %11s %10s%n", "action", "direction", "CALL", "CALLRESULT",
                "CALLERROR"));
        Map<String, long[]> rows = new LinkedHashMap<>();
        counts.forEach((k, n) -> {
            String initiator = initiatedByStation(k) ? "station->CSMS" : "CSMS->station";
            long[] row = rows.computeIfAbsent(k.action() + "\u0000" + initiator, x -> new long[3]);
            switch (k.type()) {
                case "CALL" -> row[0] += n;
                case "CALLRESULT" -> row[1] += n;
                default -> row[2] += n;
            }
        });
        rows.forEach((key, row) -> {
            String[] parts = key.split("\u0000");
            out.append(String.format("  %-20s %-15s %6d %11d %10d%n", parts[0], parts[1], row[0], row[1],
                    row[2]));
        });
        out.append("CALLERRORs:");
        if (errors.isEmpty()) {
            out.append(" none\n");
        } else {
            out.append('\n');
            for (ExchangeLog.ErrorSeen e : errors) {
                out.append(String.format("  %s %s %s -> %s%n", e.identity(), e.action(),
                        e.direction() == Direction.IN ? "(station answered)" : "(CSMS answered)", e.errorCode()));
            }
        }
        boolean success = problems.isEmpty();
        out.append(String.format(java.util.Locale.ROOT, "Finished in %.1f s%n", elapsed.toMillis() / 1000.0));
        if (success) {
            out.append("Result: OK\n");
        } else {
            out.append("Result: FAILED\n");
            problems.forEach(p -> out.append("  - ").append(p).append('\n'));
        }
        return new DemoReport(success, problems, connections, counts, stationLines, securityLines, offlineLines,
                out.toString());
    }

    /** A CALL the CSMS received, or a reply the CSMS sent, belongs to a station-initiated exchange. */
    private static boolean initiatedByStation(ExchangeLog.Key k) {
        return "CALL".equals(k.type()) ? k.direction() == Direction.IN : k.direction() == Direction.OUT;
    }

    /** Ends the demo early with a readable reason. */
    private static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }
}
