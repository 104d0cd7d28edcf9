package dev.ocpp.examples.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * One {@code ocpp-rpc} (npm, pinned in {@code src/test/node/package-lock.json}) process acting as CSMS
 * ({@link #server}) or as charging station ({@link #client}), driven over newline-delimited JSON on its
 * stdin/stdout. An implementation that shares no code with this library is what makes an interop test
 * worth more than a round trip through our own encoder and decoder.
 *
 * <p>Events the peer prints are kept in arrival order until a test claims them with {@link #awaitEvent};
 * claiming one kind leaves the others in place. Results of {@link #call} and acknowledgements of
 * {@link #respondWith} are routed to their callers instead. Every wait is bounded, never a sleep.
 *
 * <p>Event shapes (all carry {@code "event"}): {@code listening {port, tls}}, {@code connected {identity,
 * protocol, tls, extensions}} ({@code tls} is {@code {protocol, cipher}} as negotiated, or null over plain TCP;
 * {@code extensions} the negotiated WebSocket extensions, empty if none; a server's
 * event also has {@code endpoint, authorization, passwordType, passwordHex}), {@code disconnected {identity,
 * code, reason}}, {@code rejected {identity, status, reason, passwordType, passwordHex}} (server with Basic
 * auth; {@code passwordType} is what ocpp-rpc handed its auth callback, {@code Buffer}, and {@code passwordHex}
 * its bytes, both null when it found no password for the identity), {@code tlsClientError {message, code}}
 * (TLS server: a handshake that failed before any HTTP), {@code call {identity, messageId, method, params}} for
 * every inbound CALL as
 * it arrived, {@code validationFailure {method, outbound, isCall, code, message, params, result}} when
 * ocpp-rpc's strict mode refused something, {@code badMessage {message, error, response}}, {@code error
 * {message, status, code}}, {@code closed}.
 */
public final class OcppRpcPeer implements AutoCloseable {

    public static final String OCPP16 = "ocpp1.6";
    public static final String OCPP201 = "ocpp2.0.1";

    /** Generous: a cold {@code node} start on a loaded CI machine can take seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Overrides where the examples module (holding {@code src/test/node} and {@code target}) lives. */
    public static final String DIR_PROPERTY = "ocpp.interop.dir";

    private static final String SCRIPT = "ocpp-rpc-peer.mjs";
    private static final List<String> PEER_FILES = List.of("package.json", "package-lock.json", SCRIPT);
    /** ocpp-rpc 2.2.1 declares node >= 17.3; 18 is the oldest line still worth supporting. */
    private static final int MIN_NODE_MAJOR = 18;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final int LOG_TAIL_CHARS = 6000;
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ReentrantLock INSTALL_LOCK = new ReentrantLock();
    private static volatile Path installedDir;
    private static volatile RuntimeException installFailure;
    private static volatile Boolean nodeAvailable;

    private final String name;
    private final Process process;
    private final Path log;
    private final BufferedWriter stdin;
    private final Thread reader;
    private final AtomicInteger commandIds = new AtomicInteger();
    private final Map<String, CompletableFuture<ObjectNode>> replies = new ConcurrentHashMap<>();

    private final Object events = new Object();
    // Both guarded by events. unclaimed: not yet taken by awaitEvent; history: everything, for diagnostics.
    private final List<ObjectNode> unclaimed = new ArrayList<>();
    private final List<ObjectNode> history = new ArrayList<>();
    private boolean outputEnded;

    private volatile int port = -1;
    private volatile boolean closed;

    private OcppRpcPeer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.reader = new Thread(this::readEvents, "ocpp-rpc-peer-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    // ---------------------------------------------------------------------------------------- availability

    /** Whether {@code node} (new enough for ocpp-rpc) and {@code npm} can be run from the PATH. Cached. */
    public static boolean nodeAvailable() {
        Boolean known = nodeAvailable;
        if (known == null) {
            String nodeVersion = versionOf(List.of("node", "--version"));
            String npmVersion = versionOf(List.of(WINDOWS ? "npm.cmd" : "npm", "--version"));
            known = nodeVersion != null && npmVersion != null && nodeMajor(nodeVersion) >= MIN_NODE_MAJOR;
            nodeAvailable = known;
        }
        return known;
    }

    /** Skips (rather than fails) the calling test or class on machines without Node.js. */
    public static void assumeNode() {
        if (Boolean.getBoolean(REQUIRED) && !nodeAvailable()) {
            // CI sets this: there a missing node must fail the build, not quietly skip the interop tests.
            throw new IllegalStateException("node/npm not found on PATH, but -D" + REQUIRED + "=true");
        }
        Assumptions.assumeTrue(nodeAvailable(), "node/npm not found on PATH: interop tests with ocpp-rpc skipped");
    }

    /** System property that turns a missing node from a skip into a failure. */
    static final String REQUIRED = "ocpp.interop.required";

    private static String versionOf(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int nodeMajor(String version) {
        String digits = version.startsWith("v") ? version.substring(1) : version;
        int dot = digits.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? digits : digits.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------- starting

    /**
     * A CSMS on 127.0.0.1 and an ephemeral {@link #port()}, accepting any path whose last segment is the
     * station identity. With {@code basicAuthOrNull} (identity to password) only those identities with the
     * right HTTP Basic password get in; anything else gets HTTP 401 and a {@code rejected} event.
     */
    public static OcppRpcPeer server(String protocol, Map<String, String> basicAuthOrNull) {
        List<String> args = new ArrayList<>();
        if (basicAuthOrNull != null) {
            args.add("--auth");
            args.add(JSON.valueToTree(basicAuthOrNull).toString());
        }
        OcppRpcPeer peer = start("server", protocol, args);
        ObjectNode listening = peer.awaitStartup("listening");
        peer.port = listening.path("port").asInt(-1);
        return peer;
    }

    /**
     * A CSMS like {@link #server} without Basic auth that also accepts permessage-deflate (RFC 7692), which the
     * {@code ws} library behind ocpp-rpc leaves off on servers; the {@code connected} event lists what was negotiated
     * in {@code extensions}.
     */
    public static OcppRpcPeer deflatingServer(String protocol) {
        OcppRpcPeer peer = start("server", protocol, List.of("--deflate"));
        ObjectNode listening = peer.awaitStartup("listening");
        peer.port = listening.path("port").asInt(-1);
        return peer;
    }

    /**
     * A CSMS like {@link #server} but over HTTPS ({@code wss://}, TLS 1.2 or higher) with the certificate chain
     * (leaf first) and private key of the given PEM files, and Basic auth by bytes: each identity in
     * {@code passwordsOrNull} must send exactly those bytes after {@code identity:}, so a binary OCPP 1.6
     * AuthorizationKey can be checked as well as a text password (whose bytes are its UTF-8 encoding). A
     * failed TLS handshake is reported as a {@code tlsClientError} event.
     */
    public static OcppRpcPeer tlsServer(String protocol, Map<String, byte[]> passwordsOrNull, Path certificateChainPem,
            Path privateKeyPem) {
        List<String> args = new ArrayList<>(List.of("--tls-cert", certificateChainPem.toAbsolutePath().toString(),
                "--tls-key", privateKeyPem.toAbsolutePath().toString()));
        if (passwordsOrNull != null) {
            ObjectNode auth = JSON.createObjectNode();
            passwordsOrNull.forEach((identity, password) ->
                    auth.putObject(identity).put("hex", HexFormat.of().formatHex(password)));
            args.add("--auth");
            args.add(auth.toString());
        }
        OcppRpcPeer peer = start("server", protocol, args);
        ObjectNode listening = peer.awaitStartup("listening");
        peer.port = listening.path("port").asInt(-1);
        return peer;
    }

    /**
     * A charging station connected to {@code endpointUrl + "/" + identity} (ocpp-rpc appends the identity
     * itself). Fails unless the connection is up, with the negotiated protocol in the {@code connected}
     * event. Automatic reconnects are off: a dropped connection stays dropped and is reported.
     */
    public static OcppRpcPeer client(String protocol, String endpointUrl, String identity, String passwordOrNull) {
        OcppRpcPeer peer = startClient(protocol, endpointUrl, identity, passwordOrNull);
        peer.awaitStartup("connected");
        return peer;
    }

    /**
     * Like {@link #client} but returns as soon as the process runs, for tests that expect the connection
     * to be refused: await {@code error} (which has {@code status}, e.g. 401, when the upgrade was answered
     * with an HTTP error) or {@code connected} yourself.
     */
    public static OcppRpcPeer startClient(String protocol, String endpointUrl, String identity,
            String passwordOrNull) {
        List<String> args = new ArrayList<>(List.of(endpointUrl, identity));
        if (passwordOrNull != null) {
            args.add(passwordOrNull);
        }
        return start("client", protocol, args);
    }

    /**
     * Like {@link #startClient} for a {@code wss://} endpoint: ocpp-rpc verifies the server's certificate against
     * the roots in {@code trustedRootsPem} only (handed to the {@code ws} library as {@code ca}; verification is
     * never switched off) and sends {@code passwordOrNull} as raw bytes, so a binary OCPP 1.6 AuthorizationKey
     * goes out as is. A text password's bytes are its UTF-8 encoding, which is what ocpp-rpc sends for a string.
     * A refused TLS handshake ends in an {@code error} event whose {@code code} is Node's reason (e.g.
     * {@code UNABLE_TO_VERIFY_LEAF_SIGNATURE}).
     */
    public static OcppRpcPeer startTlsClient(String protocol, String endpointUrl, String identity,
            byte[] passwordOrNull, Path trustedRootsPem) {
        List<String> args = new ArrayList<>(List.of(endpointUrl, identity,
                "--ca", trustedRootsPem.toAbsolutePath().toString()));
        if (passwordOrNull != null) {
            args.add("--password-hex");
            args.add(HexFormat.of().formatHex(passwordOrNull));
        }
        return start("client", protocol, args);
    }

    /** {@link #startTlsClient} that fails unless the connection is up, like {@link #client}. */
    public static OcppRpcPeer tlsClient(String protocol, String endpointUrl, String identity, byte[] passwordOrNull,
            Path trustedRootsPem) {
        OcppRpcPeer peer = startTlsClient(protocol, endpointUrl, identity, passwordOrNull, trustedRootsPem);
        peer.awaitStartup("connected");
        return peer;
    }

    private static OcppRpcPeer start(String role, String protocol, List<String> args) {
        Path dir = install();
        int seq = SEQUENCE.incrementAndGet();
        String name = role + "-" + protocol + "-" + ProcessHandle.current().pid() + "-" + seq;
        Path log = dir.resolve("logs").resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(SCRIPT).toString(), role, protocol));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectError(log.toFile())
                    .start();
            return new OcppRpcPeer(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }

    private ObjectNode awaitStartup(String expected) {
        try {
            ObjectNode event = awaitMatching(e -> expected.equals(kind(e)) || "error".equals(kind(e)),
                    "'" + expected + "'", DEFAULT_TIMEOUT);
            if ("error".equals(kind(event))) {
                throw new AssertionError(failure("failed to start: " + event));
            }
            return event;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------- installing

    /**
     * Installs the pinned npm dependencies once per lock-file content into {@code target/ocpp-rpc-peer},
     * outside the source tree. A JVM lock serialises threads and a file lock serialises forked JVMs.
     */
    static Path install() {
        Path done = installedDir;
        if (done != null) {
            return done;
        }
        INSTALL_LOCK.lock();
        try {
            if (installedDir != null) {
                return installedDir;
            }
            if (installFailure != null) {
                throw installFailure;
            }
            try {
                installedDir = installInto(moduleDir());
                return installedDir;
            } catch (IOException e) {
                installFailure = new UncheckedIOException("installing the ocpp-rpc peer failed: " + e.getMessage(), e);
                throw installFailure;
            } catch (RuntimeException e) {
                installFailure = e;
                throw e;
            }
        } finally {
            INSTALL_LOCK.unlock();
        }
    }

    private static Path installInto(Path module) throws IOException {
        Path source = module.resolve("src/test/node");
        Path target = module.resolve("target/ocpp-rpc-peer");
        Files.createDirectories(target.resolve("logs"));
        try (FileChannel channel = FileChannel.open(target.resolve(".install.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            for (String file : PEER_FILES) {
                Path from = source.resolve(file);
                Path to = target.resolve(file);
                if (!Files.isRegularFile(to) || Files.mismatch(from, to) != -1L) {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // The stamp is written only after a successful npm ci, so a half-finished install is redone.
            Path stamp = target.resolve("node_modules/.ocpp-rpc-peer-installed");
            String wanted = digest(target.resolve("package.json"), target.resolve("package-lock.json"));
            boolean current = Files.isRegularFile(target.resolve("node_modules/ocpp-rpc/package.json"))
                    && Files.isRegularFile(stamp)
                    && Files.readString(stamp, StandardCharsets.UTF_8).trim().equals(wanted);
            if (!current) {
                npmCi(target);
                Files.writeString(stamp, wanted, StandardCharsets.UTF_8);
            }
        }
        return target;
    }

    private static void npmCi(Path dir) throws IOException {
        Path npmLog = dir.resolve("logs/npm-ci.log");
        List<String> command = List.of(WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund");
        Process npm = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(npmLog.toFile())
                .start();
        npm.getOutputStream().close();
        try {
            if (!npm.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` in " + dir
                        + " did not finish within " + NPM_TIMEOUT + "\n" + tail(npmLog));
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the ocpp-rpc peer", e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` in " + dir + " failed with exit code "
                    + npm.exitValue() + " (registry unreachable, or package.json and package-lock.json out of step?). Output (" + npmLog + "):\n" + tail(npmLog));
        }
    }

    /**
     * The examples module directory. Surefire runs with it as working directory and sets {@code basedir};
     * an IDE started at the repository root is also recognised.
     */
    static Path moduleDir() {
        String override = System.getProperty(DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve("src/test/node").resolve(SCRIPT))) {
                throw new IllegalStateException("-D" + DIR_PROPERTY + "=" + override + " has no src/test/node/" + SCRIPT);
            }
            return dir;
        }
        List<Path> tried = new ArrayList<>();
        for (String start : Arrays.asList(System.getProperty("basedir"), System.getProperty("user.dir"))) {
            if (start == null) {
                continue;
            }
            Path base = Path.of(start).toAbsolutePath().normalize();
            for (Path candidate : List.of(base, base.resolve("examples"))) {
                if (Files.isRegularFile(candidate.resolve("src/test/node").resolve(SCRIPT))) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new IllegalStateException("cannot find src/test/node/" + SCRIPT + " under any of " + tried
                + "; set -D" + DIR_PROPERTY + "=<path to the examples module>");
    }

    private static String digest(Path... files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------- commands

    /** The CSMS's listening port (server role only). */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException(name + " is not a server");
        }
        return port;
    }

    /** {@code ws://127.0.0.1:<port>/<path>}: the base URL a station appends its identity to. */
    public String endpoint(String path) {
        return "ws://127.0.0.1:" + port() + "/" + path;
    }

    /** {@code wss://127.0.0.1:<port>/<path>}, for a {@link #tlsServer}. */
    public String secureEndpoint(String path) {
        return "wss://127.0.0.1:" + port() + "/" + path;
    }

    /**
     * From now on, answer inbound {@code method} calls with {@code result} instead of the built-in
     * default. ocpp-rpc still validates it (strict mode): a schema-invalid result goes out as an
     * {@code InternalError} CALLERROR plus a {@code validationFailure} event. Returns once the peer has
     * applied it, so a call provoked afterwards is guaranteed to see it.
     */
    public void respondWith(String method, ObjectNode result) {
        ObjectNode cmd = command("respond").put("method", method);
        cmd.set("result", result);
        applyResponse(cmd);
    }

    /**
     * Like {@link #respondWith} but {@code result} goes out without ocpp-rpc's strict-mode check, so a test can send
     * the other side a schema-invalid CALLRESULT. Requests the peer receives are still checked.
     */
    public void respondUncheckedWith(String method, ObjectNode result) {
        ObjectNode cmd = command("respond").put("method", method).put("unchecked", true);
        cmd.set("result", result);
        applyResponse(cmd);
    }

    /**
     * From now on, answer inbound {@code method} calls with a CALLERROR. The code goes on the wire as given
     * except that ocpp-rpc, on ocpp1.6 only, rewrites {@code FormatViolation} to {@code FormationViolation}
     * and {@code OccurenceConstraintViolation} to {@code OccurrenceConstraintViolation}.
     */
    public void respondWithError(String method, String code, String description) {
        ObjectNode cmd = command("respond").put("method", method);
        cmd.putObject("error").put("code", code).put("description", description);
        applyResponse(cmd);
    }

    /** Back to the built-in default answer (or NotImplemented where there is none) for {@code method}. */
    public void resetResponse(String method) {
        applyResponse(command("respond").put("method", method));
    }

    private void applyResponse(ObjectNode cmd) {
        CompletableFuture<ObjectNode> ack = expectReply(cmd.get("id").asText());
        send(cmd);
        join(ack, "ack of " + cmd);
    }

    /**
     * Makes the peer send a CALL. {@code identity} picks the station on a server and may be null on a
     * client or when exactly one station is connected. Completes with the {@code result} event
     * ({@code result}) or the {@code callerror} event ({@code code, message, details, source}); a failed
     * call is not an exceptional completion. {@code source} says who produced the error: {@code remote}
     * (a CALLERROR from the other side), {@code validation} (ocpp-rpc's strict mode refused our params or
     * the other side's result, the code then being ocpp-rpc's own spelling) or {@code local} (timeout as
     * {@code TimeoutError}, disconnect, {@code NotConnected}).
     */
    public CompletableFuture<ObjectNode> call(String identity, String method, ObjectNode params) {
        return call(identity, method, params, false);
    }

    /**
     * Like {@link #call} but the request goes out without ocpp-rpc's strict-mode check (which would refuse a
     * schema-invalid payload or an action it has no schema for before sending it), so a test can see how the other
     * side answers it. The answer is still checked against the action's response schema where there is one.
     */
    public CompletableFuture<ObjectNode> callUnchecked(String identity, String method, ObjectNode params) {
        return call(identity, method, params, true);
    }

    /** {@link #callUnchecked} and wait for the outcome. */
    public ObjectNode callUncheckedAndAwait(String identity, String method, ObjectNode params) {
        return join(callUnchecked(identity, method, params), method + " call");
    }

    private CompletableFuture<ObjectNode> call(String identity, String method, ObjectNode params, boolean unchecked) {
        ObjectNode cmd = command("call").put("method", method);
        if (unchecked) {
            cmd.put("unchecked", true);
        }
        if (identity != null) {
            cmd.put("identity", identity);
        }
        cmd.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<ObjectNode> reply = expectReply(cmd.get("id").asText());
        try {
            send(cmd);
        } catch (RuntimeException e) {
            replies.remove(cmd.get("id").asText());
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** {@link #call} and wait for the outcome. */
    public ObjectNode callAndAwait(String identity, String method, ObjectNode params) {
        return join(call(identity, method, params), method + " call");
    }

    private ObjectNode command(String cmd) {
        return JSON.createObjectNode().put("cmd", cmd).put("id", cmd + "-" + commandIds.incrementAndGet());
    }

    private CompletableFuture<ObjectNode> expectReply(String id) {
        CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        synchronized (events) {
            if (outputEnded) {
                replies.remove(id);
                reply.completeExceptionally(new IllegalStateException(failure("has exited")));
            }
        }
        return reply;
    }

    private void send(ObjectNode cmd) {
        try {
            String line = JSON.writeValueAsString(cmd);
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(failure("did not take command " + cmd), e);
        }
    }

    private ObjectNode join(CompletableFuture<ObjectNode> future, String what) {
        try {
            return future.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(failure("no " + what + " within " + DEFAULT_TIMEOUT), e);
        } catch (ExecutionException e) {
            throw new AssertionError(failure(what + " failed: " + e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(failure("interrupted waiting for " + what), e);
        }
    }

    // ---------------------------------------------------------------------------------------- events

    /** The oldest unclaimed event of this kind, waiting up to {@link #DEFAULT_TIMEOUT}. */
    public ObjectNode awaitEvent(String event) {
        return awaitEvent(event, e -> true, DEFAULT_TIMEOUT);
    }

    /** The oldest unclaimed event of this kind; events of other kinds stay queued for later waits. */
    public ObjectNode awaitEvent(String event, Duration timeout) {
        return awaitEvent(event, e -> true, timeout);
    }

    /** The oldest unclaimed event of this kind that also matches {@code filter}. */
    public ObjectNode awaitEvent(String event, Predicate<ObjectNode> filter, Duration timeout) {
        Objects.requireNonNull(event, "event");
        return awaitMatching(e -> event.equals(kind(e)) && filter.test(e), "'" + event + "'", timeout);
    }

    /** The next inbound CALL of {@code method} the peer received (and answered). */
    public ObjectNode awaitCall(String method) {
        return awaitEvent("call", e -> method.equals(e.path("method").asText()), DEFAULT_TIMEOUT);
    }

    /** Every inbound CALL so far, claimed or not, oldest first. */
    public List<ObjectNode> callsReceived() {
        synchronized (events) {
            return history.stream().filter(e -> "call".equals(kind(e))).map(ObjectNode::deepCopy)
                    .collect(Collectors.toList());
        }
    }

    /** Every event so far (including call results), oldest first; for assertions and diagnostics. */
    public List<ObjectNode> eventsSoFar() {
        synchronized (events) {
            return history.stream().map(ObjectNode::deepCopy).collect(Collectors.toList());
        }
    }

    private ObjectNode awaitMatching(Predicate<ObjectNode> match, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Iterator<ObjectNode> it = unclaimed.iterator(); it.hasNext(); ) {
                    ObjectNode candidate = it.next();
                    if (match.test(candidate)) {
                        it.remove();
                        return candidate;
                    }
                }
                if (outputEnded) {
                    throw new AssertionError(failure("exited before emitting " + what));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(failure("no " + what + " event within " + timeout));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(failure("interrupted waiting for " + what), e);
                }
            }
        }
    }

    private void readEvents() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.isBlank()) {
                    deliver(parse(line));
                }
            }
        } catch (IOException e) {
            // The stream breaks when close() destroys the process; the end-of-output handling below covers it.
        } finally {
            synchronized (events) {
                outputEnded = true;
                events.notifyAll();
            }
            IllegalStateException gone = new IllegalStateException(failure("exited"));
            replies.values().forEach(r -> r.completeExceptionally(gone));
            replies.clear();
        }
    }

    private static ObjectNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ObjectNode) {
                return (ObjectNode) node;
            }
        } catch (JsonProcessingException e) {
            // fall through: stdout is reserved for events, so anything else is reported, not dropped
        }
        return JSON.createObjectNode().put("event", "unparsable").put("line", line);
    }

    private void deliver(ObjectNode event) {
        String id = event.path("id").asText(null);
        String kind = kind(event);
        boolean reply = "result".equals(kind) || "callerror".equals(kind) || "ack".equals(kind);
        CompletableFuture<ObjectNode> waiting = reply && id != null ? replies.remove(id) : null;
        synchronized (events) {
            history.add(event);
            if (waiting == null) {
                unclaimed.add(event);
                events.notifyAll();
            }
        }
        if (waiting != null) {
            waiting.complete(event);
        }
    }

    private static String kind(ObjectNode event) {
        return event.path("event").asText("");
    }

    // ---------------------------------------------------------------------------------------- closing

    /** Asks the peer to close its connections and exit; kills it if that takes over five seconds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                try {
                    synchronized (stdin) {
                        stdin.write("{\"cmd\":\"close\"}\n");
                        stdin.flush();
                        stdin.close();
                    }
                } catch (IOException e) {
                    // already exiting: the wait below settles it either way
                }
                if (!process.waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            reader.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the node process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the peer's stderr goes. */
    public Path logFile() {
        return log;
    }

    @Override
    public String toString() {
        return "ocpp-rpc peer " + name;
    }

    private String failure(String what) {
        StringBuilder message = new StringBuilder(toString()).append(' ').append(what);
        boolean ended;
        synchronized (events) {
            ended = outputEnded;
        }
        if (ended) {
            // stdout closes a moment before the process is reaped; the exit code is worth that moment.
            try {
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!process.isAlive()) {
            message.append(" (exit code ").append(process.exitValue()).append(')');
        }
        List<ObjectNode> recent;
        synchronized (events) {
            recent = new ArrayList<>(history.subList(Math.max(0, history.size() - 20), history.size()));
        }
        message.append("\nlast events:");
        recent.forEach(e -> message.append("\n  ").append(e));
        message.append("\nstderr (").append(log).append("):\n").append(tail(log));
        return message.toString();
    }

    private static String tail(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = Math.max(0, size - LOG_TAIL_CHARS);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            // A positional read may return short of what was asked.
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) < 0) {
                    break;
                }
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return from > 0 ? "..." + text : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
