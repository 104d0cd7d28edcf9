package dev.ocpp.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM, started from this program's own class path with the hidden
 * {@code bench-server} subcommand, so that its CPU time can be read alone from the operating system. The child
 * exits when its standard input closes, so it cannot outlive the harness.
 */
final class ChildProcessServer implements RunningServer {

    private static final Pattern LISTENING = Pattern.compile("listening (ws://\\S+)");

    private final Process process;
    private final URI endpoint;

    private ChildProcessServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the server and waits for its {@code listening} line.
     *
     * @param jvmOptions extra JVM options, e.g. a flight recording
     */
    static ChildProcessServer start(ServerKind kind, String host, List<String> jvmOptions, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(dev.ocpp.examples.cli.OcppCli.class.getName());
        command.add("bench-server");
        command.add("--kind=" + kind.name().toLowerCase(java.util.Locale.ROOT));
        command.add("--host=" + host);
        command.add("--port=0");
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<URI> announced = new CompletableFuture<>();
        Thread reader = new Thread(() -> drain(p, announced), "bench-server-" + kind + "-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = announced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ChildProcessServer(p, uri);
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
            throw new IOException("The " + kind + " server process did not announce itself within " + timeout
                    + (e instanceof ExecutionException ? ": " + e.getCause().getMessage() : ""), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting the " + kind + " server", e);
        }
    }

    /** Reads the child's output to the end: first for the announcement, then so that the pipe never fills. */
    private static void drain(Process p, CompletableFuture<URI> announced) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (!announced.isDone() && m.find()) {
                    announced.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            // The child is gone; whoever waits learns it below.
        }
        announced.completeExceptionally(new IOException("the process ended (exit code "
                + p.onExit().join().exitValue() + ")"));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public CpuTime cpuTime() {
        return CpuTime.of(process.toHandle());
    }

    @Override
    public boolean isolated() {
        return true;
    }

    /** Asks the child to stop by closing its input, then insists. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed or the child is gone.
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
