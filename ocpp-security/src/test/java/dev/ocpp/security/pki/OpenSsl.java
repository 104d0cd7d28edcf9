package dev.ocpp.security.pki;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the openssl command line for cross-checks. Without openssl the calling test is skipped, unless the system
 * property {@code ocpp.openssl.required=true} asks for a failure instead (CI sets it); {@code ocpp.openssl.path}
 * overrides the default location /usr/bin/openssl.
 */
final class OpenSsl {

    record Result(int exitCode, String output) {
    }

    private OpenSsl() {
    }

    static Path binary() {
        Path path = Path.of(System.getProperty("ocpp.openssl.path", "/usr/bin/openssl"));
        boolean present = Files.isExecutable(path);
        if (!present && Boolean.getBoolean("ocpp.openssl.required")) {
            fail("openssl is required (ocpp.openssl.required=true) but " + path + " is not executable");
        }
        assumeTrue(present, path + " not found; skipping the openssl cross-check");
        return path;
    }

    /** Runs openssl with these arguments in {@code dir}; prints the command and its output. */
    static Result run(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(arguments));
        System.out.println("running: " + String.join(" ", command) + "  (in " + dir + ")");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("openssl did not finish within 60 s");
        }
        System.out.println(output);
        return new Result(process.exitValue(), output);
    }
}
