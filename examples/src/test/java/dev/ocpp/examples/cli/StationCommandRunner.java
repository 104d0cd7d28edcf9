package dev.ocpp.examples.cli;

import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.testing.AwaitableOutput;
import dev.ocpp.examples.testing.TestTransports;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Starts the {@code station} command's stations as its command line would, against a test CSMS, and stops every
 * one it started; what the stations print is kept for the tests to read. The station tests of both versions use it.
 */
final class StationCommandRunner {

    private final AwaitableOutput output = new AwaitableOutput();
    private final List<StationSimulator> stations = new ArrayList<>();
    private final Transports transports = TestTransports.tyrus();
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("test-timer-"));
    private final Duration wait;
    /** Where the stations' --X-env options are looked up. */
    private Function<String, String> environment = System::getenv;

    StationCommandRunner(Duration wait) {
        this.wait = wait;
    }

    /** Makes the stations made from now on read their --X-env options from {@code environment}. */
    StationCommandRunner environment(Function<String, String> environment) {
        this.environment = environment;
        return this;
    }

    /** The transports the stations use; the test CSMS should use the same kind. */
    Transports transports() {
        return transports;
    }

    /** Everything the stations printed. */
    AwaitableOutput output() {
        return output;
    }

    /** The station {@code station --url URL --id ID --protocol PROTOCOL OPTIONS...} makes, not yet started. */
    StationSimulator unstarted(String url, String id, String protocol, String... options) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(output, true));
        List<String> args = new ArrayList<>(List.of("station", "--url", url, "--id", id, "--protocol", protocol));
        args.addAll(List.of(options));
        StationCommand command = (StationCommand) cli.parseArgs(args.toArray(String[]::new)).subcommand()
                .commandSpec().userObject();
        StationSimulator station = command.environment(environment).transports(transports).stations(timers).get(0);
        stations.add(station);
        return station;
    }

    /** Every station {@code station ... OPTIONS...} makes (several with {@code --count}), started and connected. */
    List<StationSimulator> startAll(String url, String id, String protocol, String... options) throws Exception {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(output, true));
        List<String> args = new ArrayList<>(List.of("station", "--url", url, "--id", id, "--protocol", protocol));
        args.addAll(List.of(options));
        StationCommand command = (StationCommand) cli.parseArgs(args.toArray(String[]::new)).subcommand()
                .commandSpec().userObject();
        List<StationSimulator> made = command.environment(environment).transports(transports).stations(timers);
        stations.addAll(made);
        for (StationSimulator s : made) {
            s.start().get(wait.toSeconds(), TimeUnit.SECONDS);
        }
        return made;
    }

    /**
     * Every station {@code station ... OPTIONS...} makes, started as the command starts them (a few at a time), all
     * connected and booted.
     */
    List<StationSimulator> startAllAsTheCommandDoes(String url, String id, String protocol, String... options)
            throws Exception {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(output, true));
        List<String> args = new ArrayList<>(List.of("station", "--url", url, "--id", id, "--protocol", protocol));
        args.addAll(List.of(options));
        StationCommand command = (StationCommand) cli.parseArgs(args.toArray(String[]::new)).subcommand()
                .commandSpec().userObject();
        List<StationSimulator> made = command.environment(environment).transports(transports).stations(timers);
        stations.addAll(made);
        StationCommand.startPaced(made);
        for (StationSimulator s : made) {
            s.booted().get(wait.toSeconds() * 3, TimeUnit.SECONDS);
        }
        return made;
    }

    /** As {@link #unstarted}, started and connected. */
    StationSimulator start(String url, String id, String protocol, String... options) throws Exception {
        StationSimulator station = unstarted(url, id, protocol, options);
        station.start().get(wait.toSeconds(), TimeUnit.SECONDS);
        return station;
    }

    /** Closes every station started and waits until each has closed. */
    void stopAll() throws Exception {
        stations.forEach(StationSimulator::close);
        CompletableFuture.allOf(stations.stream().map(StationSimulator::closed)
                .toArray(CompletableFuture[]::new)).get(wait.toSeconds(), TimeUnit.SECONDS);
        timers.shutdownNow();
        // The stations' client transport is ours: it owns their connection threads.
        transports.close();
    }
}
