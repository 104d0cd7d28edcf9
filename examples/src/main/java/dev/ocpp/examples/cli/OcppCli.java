package dev.ocpp.examples.cli;

import dev.ocpp.examples.bench.BenchServer;
import dev.ocpp.examples.bench.LoadHarness;
import dev.ocpp.examples.bench.StoreBench;
import dev.ocpp.examples.bench.StoreRecovery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The examples' command line: {@code csms}, {@code station}, {@code conformance}, {@code demo}, {@code pki},
 * {@code validate}, {@code bench} and {@code bench-store}. Each subcommand has {@code --help}. Their options are a
 * contract: later versions add options and subcommands but do not change or remove existing ones.
 */
@Command(name = "ocpp-examples",
        mixinStandardHelpOptions = true,
        versionProvider = OcppCli.Version.class,
        description = "OCPP 1.6 / 2.0.1 examples: a CSMS, simulated stations, a demo, a throw-away PKI for the "
                + "security profiles, a conformance run, a frame-log validator, a load harness and a message store "
                + "benchmark.",
        subcommands = {
            CsmsCommand.class,
            StationCommand.class,
            ConformanceCommand.class,
            DemoCommand.class,
            PkiCommand.class,
            ValidateCommand.class,
            LoadHarness.class,
            BenchServer.class,
            StoreBench.class,
            StoreRecovery.class,
            CommandLine.HelpCommand.class
        })
public final class OcppCli implements Runnable {

    /**
     * Grizzly and Tyrus log every listener start and stop through java.util.logging at INFO, which would drown the
     * examples' own output. Held in a field: java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger GLASSFISH = java.util.logging.Logger.getLogger("org.glassfish");

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        GLASSFISH.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The command line, for running it in-process (tests, embedding). */
    public static CommandLine commandLine() {
        // Enum options such as bench --servers read naturally in lower case.
        return new CommandLine(new OcppCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(OcppCli::reportFailure);
    }

    /** A failure such as a port in use is the user's to fix: one readable line beats a stack trace. */
    private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        StringBuilder message = new StringBuilder("Error: ").append(e.getMessage() != null ? e.getMessage() : e);
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause);
        }
        cli.getErr().println(message);
        if (Boolean.getBoolean("ocpp.examples.debug")) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The version from the jar manifest, when running from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = OcppCli.class.getPackage().getImplementationVersion();
            return new String[] {"ocpp-examples " + (v == null ? "(development build)" : v)};
        }
    }
}
