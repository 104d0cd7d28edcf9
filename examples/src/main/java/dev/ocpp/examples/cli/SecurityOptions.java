package dev.ocpp.examples.cli;

import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.SecurityEventLine;
import dev.ocpp.security.KeyMaterial;
import dev.ocpp.security.SecurityEventListener;
import dev.ocpp.security.SecurityProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What {@code csms} and {@code station} share about the OCPP security profiles: the {@code --security-profile} and
 * {@code --keystore-password} options, loading keys and certificates from files, the checks that an option fits the
 * chosen profile, and printing security events. Each side's own options are in {@link CsmsSecurityOptions} and
 * {@link StationSecurityOptions}, which picocli mixes into the commands together with these.
 *
 * <p>Every mistake is a usage error (exit status 2) naming the option: an unreadable file, a password OCPP does not
 * allow, and also an option the chosen profile would not use. Ignoring such an option would hide a mistake that
 * matters here, such as a password given for an endpoint that in fact checks certificates, or certificates given
 * without a profile, which would leave the endpoint unsecured.
 */
abstract class SecurityOptions {

    @Option(names = "--security-profile", paramLabel = "1|2|3", converter = SecurityProfileConverter.class,
            description = "OCPP security profile: 1 = plain ws:// with an HTTP Basic password, 2 = TLS (wss://) with "
                    + "an HTTP Basic password, 3 = TLS with client certificates (mutual TLS). Without it: plain "
                    + "ws:// without any authentication, for trusted networks and tests only.")
    SecurityProfile profile;

    /**
     * Said in the help of every option that takes a secret on the command line: a command line can be read by any
     * user of the machine while the program runs.
     */
    static final String VISIBLE = " A value given here is visible to other users of the machine (ps, /proc): prefer ";

    /**
     * The help's closing note on secrets, shared by the commands that take them. Each secret option {@code --X}
     * also comes as {@code --X-file} and {@code --X-env}; one form per option.
     */
    static final String SECRETS_FOOTER = "Secrets: every option that takes a password or key (--X) also takes it "
            + "from a file (--X-file PATH: read as UTF-8, one trailing newline dropped) or from an environment "
            + "variable (--X-env NAME). Values given directly as options are visible to other users of the machine "
            + "(ps, /proc/<pid>/cmdline); use the file or environment forms outside tests. Give one form per option.";

    @Option(names = "--keystore-password", paramLabel = "PASSWORD",
            description = "Password of the PKCS#12 files (.p12, .pfx) given to the other options; the pki command "
                    + "writes them with 'changeit'." + VISIBLE + "--keystore-password-file or "
                    + "--keystore-password-env.")
    String keystorePassword;

    @Option(names = "--keystore-password-file", paramLabel = "PATH",
            description = "As --keystore-password, read from this file (UTF-8, one trailing newline dropped).")
    Path keystorePasswordFile;

    @Option(names = "--keystore-password-env", paramLabel = "NAME",
            description = "As --keystore-password, read from this environment variable.")
    String keystorePasswordEnv;

    /** The three forms of --keystore-password, for the checks that an option fits the profile. */
    static final String[] KEYSTORE_PASSWORD_OPTIONS =
            {"--keystore-password", "--keystore-password-file", "--keystore-password-env"};

    /** Where {@code --X-env} values are looked up; the process environment unless a test or embedder says. */
    private Function<String, String> environment = System::getenv;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Where the events are printed. Our own thread rather than the library's shared one, so that a command can wait
     * for the last lines before the JVM exits ({@link #flushEvents}): a refused station's event is queued before its
     * connection attempt fails, but printed later.
     */
    private ExecutorService eventThread;

    /** The names of a certificate chain, its key and the PKCS#12 alternative, for messages. */
    record KeyOptions(String chain, String key, String keystore) {

        /** All three option names. */
        String[] names() {
            return new String[] {chain, key, keystore};
        }
    }

    /** The profile chosen, if any. */
    Optional<SecurityProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /** Whether {@code option} was on the command line. */
    boolean given(String option) {
        return command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    /** Refuses each of {@code options} given without a profile: it would secure nothing. */
    void requireProfileFor(String... options) {
        for (String option : options) {
            if (given(option)) {
                throw usage(option + " needs --security-profile (1, 2 or 3)");
            }
        }
    }

    /** Refuses each of {@code options} given although the chosen profile does not use it, saying {@code why}. */
    void unused(String why, String... options) {
        for (String option : options) {
            if (given(option)) {
                throw usage(option + " is not used under security profile " + profile.number() + ": " + why);
            }
        }
    }

    /**
     * Keys given as PEM pairs (the n-th key file belongs to the n-th chain file) and as PKCS#12 files, in that
     * order.
     */
    List<KeyMaterial> keys(KeyOptions names, List<Path> chains, List<Path> keyFiles, List<Path> keystores) {
        if (chains.size() != keyFiles.size()) {
            throw usage("give " + names.key() + " once for each " + names.chain() + " (got " + chains.size()
                    + " and " + keyFiles.size() + ")");
        }
        List<KeyMaterial> keys = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            Path chain = chains.get(i);
            Path key = keyFiles.get(i);
            keys.add(read(names.chain() + " " + chain + " / " + names.key() + " " + key,
                    () -> KeyMaterial.fromPem(chain, key)));
        }
        for (Path keystore : keystores) {
            keys.add(read(names.keystore() + " " + keystore,
                    () -> KeyMaterial.fromPkcs12(keystore, keystorePassword())));
        }
        return keys;
    }

    /** Every certificate in {@code files} (PEM, or PKCS#12 by suffix), for trust anchors. */
    List<X509Certificate> certificates(String option, List<Path> files) {
        List<X509Certificate> all = new ArrayList<>();
        for (Path file : files) {
            List<X509Certificate> read = read(option + " " + file,
                    () -> KeyMaterial.readCertificates(file, keystorePassword()));
            if (read.isEmpty()) {
                throw usage(option + " " + file + " holds no certificate");
            }
            all.addAll(read);
        }
        return all;
    }

    /** Prints each event as a {@link SecurityEventLine}; {@code fallbackIdentity} where the event names none. */
    static SecurityEventListener printer(PrintWriter out, String fallbackIdentity) {
        return event -> out.println(SecurityEventLine.format(event, fallbackIdentity));
    }

    /** The thread the security configurations hand their events to; started on first use. */
    synchronized ExecutorService eventThread() {
        if (eventThread == null) {
            eventThread = Executors.newSingleThreadExecutor(DaemonThreads.named("security-events-"));
        }
        return eventThread;
    }

    /** Waits (a little at most) until every event reported so far has been printed; no events are printed after. */
    synchronized void flushEvents() throws InterruptedException {
        if (eventThread != null) {
            eventThread.shutdown();
            eventThread.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private char[] keystorePassword() {
        String password = secret("--keystore-password", keystorePassword, keystorePasswordFile, keystorePasswordEnv);
        return password == null ? null : password.toCharArray();
    }

    /** Looks {@code --X-env} values up in {@code environment} instead of the process environment. */
    void environment(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * The secret of option {@code option} from whichever of its three forms was given: the value itself,
     * {@code option-file} or {@code option-env}; {@code null} if none.
     *
     * @throws ParameterException if more than one form was given, or the file or variable cannot be read
     */
    String secret(String option, String value, Path file, String env) {
        return secret(option, value, file, env, environment, this::usage);
    }

    /**
     * {@link #secret(String, String, Path, String)} for a command that takes a secret without mixing these options
     * in (the conformance command's station password): the same forms, read the same way, refused as
     * {@code usage} says. A form the command does not offer is passed as {@code null}.
     */
    static String secret(String option, String value, Path file, String env, Function<String, String> environment,
                         Function<String, ParameterException> usage) {
        int forms = (value != null ? 1 : 0) + (file != null ? 1 : 0) + (env != null ? 1 : 0);
        if (forms > 1) {
            throw usage.apply("give only one of " + option + ", " + option + "-file and " + option + "-env");
        }
        if (file != null) {
            return secretFile(option + "-file", file, usage);
        }
        if (env != null) {
            return secretEnv(option + "-env", env, environment, usage);
        }
        return value;
    }

    /**
     * The secrets of a repeatable {@code IDENTITY=...} option from its three forms, by identity; an identity given
     * in two forms is refused rather than one silently winning.
     */
    Map<String, String> secrets(String option, Map<String, String> values, Map<String, Path> files,
                                Map<String, String> envs) {
        Map<String, String> all = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        values.forEach((id, v) -> putSecret(all, from, id, v, option));
        files.forEach((id, f) -> putSecret(all, from, id, secretFile(option + "-file " + id.trim(), f, this::usage),
                option + "-file"));
        envs.forEach((id, e) -> putSecret(all, from, id, secretEnv(option + "-env " + id.trim(), e, environment,
                this::usage), option + "-env"));
        return all;
    }

    private void putSecret(Map<String, String> all, Map<String, String> from, String identity, String secret,
                           String option) {
        String id = identity.trim();
        String earlier = from.putIfAbsent(id, option);
        if (earlier != null) {
            throw usage(id + " is given by both " + earlier + " and " + option + ": give one");
        }
        all.put(id, secret);
    }

    /** The file's text as UTF-8, without one trailing newline (as {@code echo secret > file} leaves it). */
    private static String secretFile(String what, Path file, Function<String, ParameterException> usage) {
        String text = read(what + " " + file, () -> Files.readString(file, StandardCharsets.UTF_8), usage);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static String secretEnv(String what, String name, Function<String, String> environment,
                                    Function<String, ParameterException> usage) {
        String value = environment.apply(name);
        if (value == null) {
            throw usage.apply(what + ": the environment variable " + name + " is not set");
        }
        return value;
    }

    interface Loader<T> {
        T load() throws IOException;
    }

    /** Runs {@code loader}, turning what can go wrong with a user's file into a usage error naming it. */
    <T> T read(String what, Loader<T> loader) {
        return read(what, loader, this::usage);
    }

    private static <T> T read(String what, Loader<T> loader, Function<String, ParameterException> usage) {
        try {
            return loader.load();
        } catch (NoSuchFileException e) {
            throw usage.apply("cannot read " + what + ": no such file " + e.getFile());
        } catch (AccessDeniedException e) {
            throw usage.apply("cannot read " + what + ": permission denied for " + e.getFile());
        } catch (IOException | IllegalArgumentException e) {
            throw usage.apply("cannot read " + what + ": " + e.getMessage());
        }
    }
}
