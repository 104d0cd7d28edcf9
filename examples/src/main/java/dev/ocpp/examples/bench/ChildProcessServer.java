package dev.ocpp.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
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
    private final boolean pinned;
    /** The child's {@code heap ...} answers, in order; filled by the output reader. */
    private final BlockingQueue<String> heapLines;

    private ChildProcessServer(Process process, URI endpoint, boolean pinned, BlockingQueue<String> heapLines) {
        this.process = process;
        this.endpoint = endpoint;
        this.pinned = pinned;
        this.heapLines = heapLines;
    }

    /**
     * Starts the server and waits for its {@code listening} line.
     *
     * @param prefix     command words in front of {@code java}, e.g. {@code taskset -c 0}; empty for none
     * @param jvmOptions extra JVM options, e.g. a flight recording
     * @param arguments  extra {@code bench-server} arguments
     */
    static ChildProcessServer start(ServerKind kind, String host, List<String> prefix, List<String> jvmOptions,
                                    List<String> arguments, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(dev.ocpp.examples.cli.OcppCli.class.getName());
        command.add("bench-server");
        command.add("--kind=" + kind.cliName());
        command.add("--host=" + host);
        command.add("--port=0");
        command.addAll(arguments);
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<URI> announced = new CompletableFuture<>();
        BlockingQueue<String> heapLines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> drain(p, announced, heapLines), "bench-server-" + kind + "-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = announced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ChildProcessServer(p, uri, !prefix.isEmpty(), heapLines);
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
            throw new IOException("The " + kind.label() + " server process did not announce itself within " + timeout
                    + (e instanceof ExecutionException ? ": " + e.getCause().getMessage() : ""), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting the " + kind.label() + " server", e);
        }
    }

    /** Reads the child's output to the end: first for the announcement, then so that the pipe never fills. */
    private static void drain(Process p, CompletableFuture<URI> announced, BlockingQueue<String> heapLines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = LISTENING.matcher(line);
                if (!announced.isDone() && m.find()) {
                    announced.complete(URI.create(m.group(1)));
                } else if (line.startsWith(BenchServer.HEAP + " ")) {
                    heapLines.add(line);
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

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean pinned() {
        return pinned;
    }

    @Override
    public String heapAfterGc() {
        try {
            OutputStream in = process.getOutputStream();
            in.write((BenchServer.HEAP + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            // A full collection of a 512 MiB heap takes well under this; a child that does not answer is reported.
            return heapLines.poll(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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
