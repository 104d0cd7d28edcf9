package dev.ocpp.examples.cli;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.validate.FrameLogValidator;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: checks a log of OCPP-J frames (1.6 or 2.0.1), one per line, against the framing rules and the
 * schemas.
 */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a log of OCPP-J frames (1.6 or 2.0.1), one per line, against the framing rules and the message "
                    + "schemas.",
            "Prints one line per non-blank input line: '<line> OK' or '<line> <ErrorCode> <field and reason>', "
                    + "with the CALLERROR code spelled as the protocol spells it (1.6: e.g. "
                    + "OccurenceConstraintViolation, FormationViolation; 2.0.1: OccurrenceConstraintViolation, "
                    + "FormatViolation, RpcFrameworkError). A CALL is checked against its action's request schema "
                    + "(an unknown action is NotImplemented); a CALLRESULT against the response schema of the latest "
                    + "earlier CALL with its message id (none: GenericError); a CALLERROR must be well-formed with an "
                    + "error code of the protocol. Blank lines are skipped but counted, so line numbers are the "
                    + "file's own. Each line must be exactly one frame, without a timestamp or other prefix.",
            "",
            "Exit status: 0 if every frame is valid, 1 if any is not, 2 on a usage error (no such file, "
                    + "unknown protocol)."
        })
public final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--protocol", defaultValue = "ocpp1.6", paramLabel = "PROTOCOL",
            converter = VersionConverter.class,
            description = "The protocol of the log: ocpp1.6 or ocpp2.0.1 (default: ${DEFAULT-VALUE}).")
    OcppVersion protocol;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The log to check, UTF-8 (bytes that are not are read as U+FFFD); - for standard input.")
    String file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int invalid;
        try (BufferedReader log = open()) {
            invalid = new FrameLogValidator(protocol).validate(log, verdict -> out.println(verdict));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read " + file + ": " + describe(e));
        } finally {
            out.flush();
        }
        return invalid == 0 ? 0 : 1;
    }

    private BufferedReader open() throws IOException {
        InputStream in;
        if ("-".equals(file)) {
            // Standard input belongs to the process, not to this command: reading it must not close it.
            in = new FilterInputStream(System.in) {
                @Override
                public void close() {
                }
            };
        } else {
            Path path = Path.of(file);
            if (Files.isDirectory(path)) {
                throw new IOException("it is a directory");
            }
            in = Files.newInputStream(path);
        }
        // A charger's log with a stray non-UTF-8 byte should still be checked, not refused as a whole.
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
