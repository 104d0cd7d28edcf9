package dev.ocpp.examples.cli;

import dev.ocpp.security.KeyMaterial;
import dev.ocpp.security.SecurityEventListener;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The {@code station} command's security options: the password (profiles 1 and 2), the CSMS roots to trust
 * (profiles 2 and 3) and the station's own certificate (profile 3), turned into a {@link StationSecurity} per
 * station.
 */
final class StationSecurityOptions extends SecurityOptions {

    /** Stands for the station's identity in the paths of its certificate and key. */
    static final String IDENTITY_PLACEHOLDER = "{id}";

    private static final KeyOptions CLIENT_KEY = new KeyOptions("--client-cert", "--client-key", "--client-keystore");
    private static final String[] PASSWORD_OPTIONS = {"--password", "--password-file", "--password-env",
        "--authorization-key", "--authorization-key-file", "--authorization-key-env", "--send-key-as-text"};
    private static final String[] CLIENT_OPTIONS = CLIENT_KEY.names();

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Profiles 1 and 2: the OCPP 2.0.1 HTTP Basic password (BasicAuthPassword: 16 to 40 "
                    + "characters of a-z A-Z 0-9 *-_=:+|@.); the user name is the station's identity." + VISIBLE
                    + "--password-file or --password-env.")
    String password;

    @Option(names = "--password-file", paramLabel = "PATH",
            description = "As --password, read from this file (UTF-8, one trailing newline dropped).")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "NAME",
            description = "As --password, read from this environment variable.")
    String passwordEnv;

    @Option(names = "--authorization-key", paramLabel = "HEX",
            description = "Profiles 1 and 2, OCPP 1.6: the AuthorizationKey (32 to 40 hex digits) as HTTP Basic "
                    + "password; the bytes it stands for are sent, as OCPP 1.6 requires." + VISIBLE
                    + "--authorization-key-file or --authorization-key-env.")
    String authorizationKey;

    @Option(names = "--authorization-key-file", paramLabel = "PATH",
            description = "As --authorization-key, read from this file (UTF-8, one trailing newline dropped).")
    Path authorizationKeyFile;

    @Option(names = "--authorization-key-env", paramLabel = "NAME",
            description = "As --authorization-key, read from this environment variable.")
    String authorizationKeyEnv;

    @Option(names = "--send-key-as-text",
            description = "With --authorization-key: send the hex text itself instead of the bytes, for a CSMS "
                    + "that expects it.")
    boolean sendKeyAsText;

    @Option(names = "--csms-ca", paramLabel = "ROOT.pem",
            description = "Profiles 2 and 3: a root certificate the CSMS's certificate must lead to (PEM, or "
                    + "PKCS#12 with --keystore-password). Repeatable. The CSMS's certificate must also name the host "
                    + "of --url.")
    List<Path> csmsRoots = new ArrayList<>();

    @Option(names = "--client-cert", paramLabel = "CHAIN.pem",
            description = "Profile 3: the station's certificate chain (PEM, its own certificate first, CN = its "
                    + "identity) with its key in --client-key. " + IDENTITY_PLACEHOLDER + " in the path stands for "
                    + "the identity, so that --count > 1 gives each station its own.")
    String clientCertificate;

    @Option(names = "--client-key", paramLabel = "KEY.pem",
            description = "Profile 3: the private key of --client-cert (PEM, unencrypted); " + IDENTITY_PLACEHOLDER
                    + " as there.")
    String clientKey;

    @Option(names = "--client-keystore", paramLabel = "FILE.p12",
            description = "Profile 3: the station's certificate chain and key as PKCS#12 instead of --client-cert "
                    + "and --client-key (password in --keystore-password); " + IDENTITY_PLACEHOLDER + " as there.")
    String clientKeystore;

    private List<X509Certificate> csmsRootCertificates;

    /**
     * Checks the options against the endpoint and the number of stations before any station is made.
     *
     * @throws picocli.CommandLine.ParameterException for a {@code ws://} endpoint under profiles 2 and 3 and the like
     */
    void check(URI endpoint, int count) {
        boolean wss = "wss".equalsIgnoreCase(endpoint.getScheme());
        if (profile == null || !profile.usesTls()) {
            if (wss) {
                throw usage("--url " + endpoint + " is wss:// (TLS), which needs --security-profile 2 or 3 and "
                        + "--csms-ca");
            }
        } else if (!wss) {
            // The station never falls back to a lower profile (OCPP 2.0.1 Part 2 A00.FR.005).
            throw usage("security profile " + profile.number() + " runs over TLS: --url must be wss://, not "
                    + endpoint);
        }
        if (count > 1 && profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES
                && Stream.of(clientCertificate, clientKey, clientKeystore)
                        .anyMatch(p -> p != null && !p.contains(IDENTITY_PLACEHOLDER))) {
            throw usage("with --count " + count + " each station needs its own certificate (its CN is its "
                    + "identity): put " + IDENTITY_PLACEHOLDER + " in the paths of --client-cert and --client-key "
                    + "or --client-keystore");
        }
    }

    /**
     * The security configuration of station {@code identity}, reporting to {@code events}; empty without
     * {@code --security-profile}.
     *
     * @throws picocli.CommandLine.ParameterException for options that are missing, unreadable or unused
     */
    Optional<StationSecurity> build(String identity, SecurityEventListener events) {
        if (profile == null) {
            requireProfileFor(PASSWORD_OPTIONS);
            requireProfileFor("--csms-ca");
            requireProfileFor(CLIENT_OPTIONS);
            requireProfileFor(KEYSTORE_PASSWORD_OPTIONS);
            return Optional.empty();
        }
        StationSecurity.Builder b = StationSecurity.builder(profile).onEvent(events).eventExecutor(eventThread());
        if (profile.usesBasicAuth()) {
            b.password(password());
        } else {
            unused("the station authenticates with its client certificate", PASSWORD_OPTIONS);
        }
        if (profile.usesTls()) {
            if (csmsRoots.isEmpty()) {
                throw usage("security profile " + profile.number() + " runs over TLS: give the CSMS's root "
                        + "certificate with --csms-ca");
            }
            b.trustedCsmsRoots(csmsRootCertificates());
        } else {
            unused("it is plain ws://", "--csms-ca");
        }
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            b.clientKey(clientKey(identity));
        } else {
            unused("only profile 3 uses a client certificate", CLIENT_OPTIONS);
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
    }

    /** The --csms-ca certificates, read once for all stations. */
    private synchronized List<X509Certificate> csmsRootCertificates() {
        if (csmsRootCertificates == null) {
            csmsRootCertificates = certificates("--csms-ca", csmsRoots);
        }
        return csmsRootCertificates;
    }

    private StationPassword password() {
        String password = secret("--password", this.password, passwordFile, passwordEnv);
        String authorizationKey = secret("--authorization-key", this.authorizationKey, authorizationKeyFile,
                authorizationKeyEnv);
        if (password != null && authorizationKey != null) {
            throw usage("give --password (OCPP 2.0.1) or --authorization-key (OCPP 1.6), not both");
        }
        if (sendKeyAsText && authorizationKey == null) {
            throw usage("--send-key-as-text needs --authorization-key");
        }
        try {
            if (password != null) {
                return StationPassword.ocpp201(password);
            }
            if (authorizationKey != null) {
                return sendKeyAsText ? StationPassword.ocpp16KeyAsText(authorizationKey)
                        : StationPassword.ocpp16Key(authorizationKey);
            }
        } catch (IllegalArgumentException e) {
            // The message gives the rule and the length, never the password.
            throw usage((password != null ? "--password" : "--authorization-key") + ": " + e.getMessage());
        }
        throw usage("security profile " + profile.number() + " authenticates with an HTTP Basic password: give "
                + "--password (OCPP 2.0.1) or --authorization-key (OCPP 1.6)");
    }

    private KeyMaterial clientKey(String identity) {
        List<KeyMaterial> keys = keys(CLIENT_KEY, paths(clientCertificate, identity), paths(clientKey, identity),
                paths(clientKeystore, identity));
        if (keys.isEmpty()) {
            throw usage("security profile 3 needs the station's certificate: give --client-cert and --client-key, "
                    + "or --client-keystore");
        }
        if (keys.size() > 1) {
            throw usage("give --client-cert and --client-key or --client-keystore, not both");
        }
        return keys.get(0);
    }

    private static List<Path> paths(String template, String identity) {
        return template == null ? List.of() : List.of(Path.of(template.replace(IDENTITY_PLACEHOLDER, identity)));
    }
}
