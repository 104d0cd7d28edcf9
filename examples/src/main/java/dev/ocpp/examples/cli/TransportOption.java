package dev.ocpp.examples.cli;

import dev.ocpp.examples.support.Transports;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a command's {@code --transport} value into {@link Transports}, refusing unknown names as a usage error. */
final class TransportOption {

    private TransportOption() {
    }

    /**
     * The transports named {@code name}.
     *
     * @throws ParameterException naming the accepted transports, so that picocli prints it with the usage
     */
    static Transports resolve(CommandSpec spec, String name) {
        try {
            return Transports.named(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--transport': "
                    + e.getMessage());
        }
    }
}
