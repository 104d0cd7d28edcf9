package dev.ocpp.examples.cli;

import dev.ocpp.security.CredentialStore;
import dev.ocpp.security.CsmsSecurity;
import dev.ocpp.security.SecurityEventListener;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The {@code csms} command's security options: the stations' passwords (profiles 1 and 2), the server certificate
 * (profiles 2 and 3) and the station CAs (profile 3), turned into a {@link CsmsSecurity}.
 */
final class CsmsSecurityOptions extends SecurityOptions {

    private static final String HEX_PREFIX = "hex:";
    private static final KeyOptions SERVER_KEY = new KeyOptions("--server-cert", "--server-key", "--server-keystore");
    private static final String[] PASSWORD_OPTIONS = {"--station-password", "--station-password-file",
        "--station-password-env", "--station-key", "--station-key-file", "--station-key-env", "--credentials"};
    private static final String[] SERVER_OPTIONS = SERVER_KEY.names();
    private static final String[] CERTIFICATE_OPTIONS = {"--station-ca", "--organization"};

    @Option(names = "--station-password", paramLabel = "IDENTITY=PASSWORD",
            description = "Profiles 1 and 2: station IDENTITY may connect with this OCPP 2.0.1 password "
                    + "(BasicAuthPassword: 16 to 40 characters of a-z A-Z 0-9 *-_=:+|@.). Repeatable. A station "
                    + "named by none of --station-password, --station-key and --credentials is refused with HTTP "
                    + "404." + VISIBLE + "--station-password-file, --station-password-env or --credentials.")
    Map<String, String> stationPasswords = new LinkedHashMap<>();

    @Option(names = "--station-password-file", paramLabel = "IDENTITY=PATH",
            description = "As --station-password, the password read from the file PATH (UTF-8, one trailing "
                    + "newline dropped). Repeatable.")
    Map<String, Path> stationPasswordFiles = new LinkedHashMap<>();

    @Option(names = "--station-password-env", paramLabel = "IDENTITY=NAME",
            description = "As --station-password, the password read from the environment variable NAME. "
                    + "Repeatable.")
    Map<String, String> stationPasswordEnvs = new LinkedHashMap<>();

    @Option(names = "--station-key", paramLabel = "IDENTITY=HEX",
            description = "Profiles 1 and 2: OCPP 1.6 station IDENTITY may connect with this AuthorizationKey (32 "
                    + "to 40 hex digits), sent as the bytes it stands for (the 1.6 rule) or, as some stations do, "
                    + "as the hex text itself; both are accepted. Repeatable." + VISIBLE + "--station-key-file, "
                    + "--station-key-env or --credentials.")
    Map<String, String> stationKeys = new LinkedHashMap<>();

    @Option(names = "--station-key-file", paramLabel = "IDENTITY=PATH",
            description = "As --station-key, the key read from the file PATH (UTF-8, one trailing newline "
                    + "dropped). Repeatable.")
    Map<String, Path> stationKeyFiles = new LinkedHashMap<>();

    @Option(names = "--station-key-env", paramLabel = "IDENTITY=NAME",
            description = "As --station-key, the key read from the environment variable NAME. Repeatable.")
    Map<String, String> stationKeyEnvs = new LinkedHashMap<>();

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Profiles 1 and 2: stations and passwords from a file, one per line: IDENTITY=PASSWORD "
                    + "for an OCPP 2.0.1 password, IDENTITY=hex:HEX for an OCPP 1.6 AuthorizationKey (accepted as "
                    + "with --station-key). Blank lines and lines starting with # are skipped.")
    Path credentialsFile;

    @Option(names = "--server-cert", paramLabel = "CHAIN.pem",
            description = "Profiles 2 and 3: the server certificate chain (PEM, server certificate first, without "
                    + "the root) with its key in --server-key. Give both twice, in the same order, to serve an RSA "
                    + "and an ECDSA certificate together (all four OCPP cipher suites).")
    List<Path> serverCertificates = new ArrayList<>();

    @Option(names = "--server-key", paramLabel = "KEY.pem",
            description = "Profiles 2 and 3: the private key of the --server-cert in the same position (PEM, "
                    + "PKCS#8 or traditional RSA/EC, unencrypted).")
    List<Path> serverKeys = new ArrayList<>();

    @Option(names = "--server-keystore", paramLabel = "FILE.p12",
            description = "Profiles 2 and 3: a server certificate chain and key as PKCS#12 (its first key entry; "
                    + "password in --keystore-password), instead of or beside --server-cert and --server-key. "
                    + "Repeatable.")
    List<Path> serverKeystores = new ArrayList<>();

    @Option(names = "--station-ca", paramLabel = "CA.pem",
            description = "Profile 3: a CA whose station certificates are accepted (PEM with one or more "
                    + "certificates, or PKCS#12). Repeatable. A station's certificate must lead to one of them and "
                    + "its CN must be the identity in the URL.")
    List<Path> stationCas = new ArrayList<>();

    @Option(names = "--organization", paramLabel = "NAME",
            description = "Profile 3: also require the station certificate's O (organisation) to be NAME, the "
                    + "operator's name (OCPP 2.0.1 A00.FR.404).")
    String organization;

    /**
     * The security configuration the options describe, reporting to {@code events}; empty without
     * {@code --security-profile}.
     *
     * @throws picocli.CommandLine.ParameterException for options that are missing, unreadable or unused
     */
    Optional<CsmsSecurity> build(SecurityEventListener events) {
        if (profile == null) {
            requireProfileFor(PASSWORD_OPTIONS);
            requireProfileFor(SERVER_OPTIONS);
            requireProfileFor(CERTIFICATE_OPTIONS);
            requireProfileFor(KEYSTORE_PASSWORD_OPTIONS);
            return Optional.empty();
        }
        CsmsSecurity.Builder b = CsmsSecurity.builder(profile).onEvent(events).eventExecutor(eventThread());
        if (profile.usesBasicAuth()) {
            b.credentials(credentials());
        } else {
            unused("stations authenticate with their client certificates", PASSWORD_OPTIONS);
        }
        if (profile.usesTls()) {
            serverKeysRequired();
            keys(SERVER_KEY, serverCertificates, serverKeys, serverKeystores).forEach(b::serverKey);
        } else {
            unused("it is plain ws://", SERVER_OPTIONS);
        }
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            if (stationCas.isEmpty()) {
                throw usage("security profile 3 needs the CA of the station certificates: give --station-ca");
            }
            b.trustedStationCas(certificates("--station-ca", stationCas)).organization(organization);
        } else {
            unused("stations authenticate with a password", CERTIFICATE_OPTIONS);
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
    }

    private void serverKeysRequired() {
        if (serverCertificates.isEmpty() && serverKeys.isEmpty() && serverKeystores.isEmpty()) {
            throw usage("security profile " + profile.number() + " runs over TLS and needs the server "
                    + "certificate: give --server-cert and --server-key, or --server-keystore");
        }
    }

    /** The stations of all three sources; a station named twice is a mistake, not an override. */
    private CredentialStore credentials() {
        Map<String, StationCredential> all = new LinkedHashMap<>();
        add(all, secrets("--station-password", stationPasswords, stationPasswordFiles, stationPasswordEnvs),
                "--station-password", StationCredential::ocpp201);
        add(all, secrets("--station-key", stationKeys, stationKeyFiles, stationKeyEnvs), "--station-key",
                StationCredential::ocpp16KeyLenient);
        if (credentialsFile != null) {
            readCredentials(all);
        }
        if (all.isEmpty()) {
            throw usage("security profile " + profile.number() + " authenticates stations with HTTP Basic "
                    + "passwords: give --station-password, --station-key or --credentials");
        }
        return CredentialStore.of(all);
    }

    private void add(Map<String, StationCredential> all, Map<String, String> given, String option,
                     Function<String, StationCredential> credential) {
        given.forEach((identity, secret) -> put(all, identity.trim(), secret.trim(), credential,
                option + " " + identity.trim()));
    }

    private void readCredentials(Map<String, StationCredential> all) {
        List<String> lines = read("--credentials " + credentialsFile,
                () -> Files.readAllLines(credentialsFile, StandardCharsets.UTF_8));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "--credentials " + credentialsFile + " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw usage(where + ": expected IDENTITY=PASSWORD or IDENTITY=hex:HEX");
            }
            String identity = line.substring(0, eq).strip();
            String secret = line.substring(eq + 1).strip();
            if (secret.startsWith(HEX_PREFIX)) {
                put(all, identity, secret.substring(HEX_PREFIX.length()), StationCredential::ocpp16KeyLenient,
                        where);
            } else {
                put(all, identity, secret, StationCredential::ocpp201, where);
            }
        }
    }

    private void put(Map<String, StationCredential> all, String identity, String secret,
                     Function<String, StationCredential> credential, String where) {
        if (identity.isEmpty()) {
            throw usage(where + ": the identity is empty");
        }
        StationCredential c;
        try {
            c = credential.apply(secret);
        } catch (IllegalArgumentException e) {
            // The message gives the rule and the length, never the password.
            throw usage(where + ": " + e.getMessage());
        }
        if (all.putIfAbsent(identity, c) != null) {
            throw usage(where + ": " + identity + " already has a password");
        }
    }
}
