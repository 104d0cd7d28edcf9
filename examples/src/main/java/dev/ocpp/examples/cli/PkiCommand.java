package dev.ocpp.examples.cli;

import dev.ocpp.examples.support.ThrowAwayPki;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.Pem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pki}: writes a throw-away PKI for trying the security profiles with {@code csms} and {@code station}. */
@Command(name = "pki",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a throw-away PKI to try the security profiles with. For tests and demos only.",
            "FOR TESTS AND DEMOS ONLY: the keys are made on the spot and written unencrypted, and every PKCS#12 "
                    + "file has the password 'changeit'. Never secure a real CSMS or station with them.",
            "",
            "Writes two separate trust chains into --out, as a deployment has them. The CSMS's: csms-root.pem (its "
                    + "root CA, for station --csms-ca), csms-chain.pem and csms-key.pem (the server certificate for "
                    + "--host, with subject alternative names --host and localhost, issued by an intermediate CA; "
                    + "for csms --server-cert and --server-key), csms.p12 (the same as PKCS#12, for csms "
                    + "--server-keystore). The stations': station-ca.pem (their CA, for csms --station-ca) and per "
                    + "--identity station-<id>-chain.pem and station-<id>-key.pem (CN = the identity, O = "
                    + "--organization; for station --client-cert and --client-key) and station-<id>.p12 (for "
                    + "station --client-keystore). Existing files of these names are replaced. Keys are EC P-256 "
                    + "or RSA 2048 (--key-type), certificates signed with SHA-256."
        })
public final class PkiCommand implements Callable<Integer> {

    /** The password of every PKCS#12 file written: the well-known one, since nothing here is secret. */
    public static final String KEYSTORE_PASSWORD = "changeit";

    /** Identities become file names; this keeps them portable and inside --out. */
    private static final Pattern FILE_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,48}");

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write to; created if missing.")
    Path out;

    @Option(names = "--identity", split = ",", paramLabel = "ID",
            description = "A station to issue a certificate for; repeatable or comma-separated (default: CP001). "
                    + "Letters, digits, '.', '_' and '-' only, as it becomes part of file names.")
    List<String> identities = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "The DNS name or IP address the stations connect to, named by the server certificate "
                    + "beside localhost (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--key-type", defaultValue = "ec", paramLabel = "ec|rsa", converter = KeyTypeConverter.class,
            description = "Key type of every key: ec (P-256) or rsa (2048 bits) (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--organization", defaultValue = ThrowAwayPki.DEFAULT_ORGANIZATION, paramLabel = "NAME",
            description = "The O (organisation) of the certificates, which csms --organization can require "
                    + "(default: ${DEFAULT-VALUE}).")
    String organization;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> stations = new ArrayList<>(new LinkedHashSet<>(identities.isEmpty() ? List.of("CP001")
                : identities));
        for (String identity : stations) {
            if (!FILE_SAFE.matcher(identity).matches()) {
                throw new ParameterException(spec.commandLine(), "--identity '" + identity + "': use 1 to 48 "
                        + "letters, digits, '.', '_' and '-', as it becomes part of file names");
            }
        }
        ThrowAwayPki pki = ThrowAwayPki.create(keyType, organization, host, stations);
        PrintWriter print = spec.commandLine().getOut();
        print.println("Throw-away PKI for tests and demos only (" + describe(keyType) + ", O=" + organization
                + ", PKCS#12 password " + KEYSTORE_PASSWORD + "), written to " + out.toAbsolutePath() + ":");
        try {
            Files.createDirectories(out);
            IssuedCertificate server = pki.serverCertificate();
            certificate("csms-root.pem", pki.csmsRoot(), "CSMS root CA; stations trust it (station --csms-ca)");
            text("csms-chain.pem", server.chainPem(), false, "CSMS server certificate " + subject(server)
                    + " + intermediate CA (csms --server-cert)");
            text("csms-key.pem", server.privateKeyPem(), true, "its private key (csms --server-key)");
            pkcs12("csms.p12", server, "both as PKCS#12 (csms --server-keystore)");
            certificate("station-ca.pem", pki.stationCa(), "station CA; the CSMS trusts it (csms --station-ca)");
            for (String identity : stations) {
                IssuedCertificate station = pki.stationCertificate(identity);
                String base = "station-" + identity;
                text(base + "-chain.pem", station.chainPem(), false, "station certificate " + subject(station)
                        + " (station --client-cert)");
                text(base + "-key.pem", station.privateKeyPem(), true, "its private key (station --client-key)");
                pkcs12(base + ".p12", station, "both as PKCS#12 (station --client-keystore)");
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot write to " + out + ": " + e);
        }
        print.flush();
        return 0;
    }

    private void certificate(String name, X509Certificate certificate, String what) throws IOException {
        text(name, Pem.encode(certificate), false, what);
    }

    private void text(String name, String content, boolean secret, String what) throws IOException {
        Path file = out.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        if (secret) {
            ownerOnly(file);
        }
        wrote(name, what);
    }

    private void pkcs12(String name, IssuedCertificate certificate, String what) throws IOException {
        Path file = out.resolve(name);
        certificate.writePkcs12(file, KEYSTORE_PASSWORD.toCharArray());
        ownerOnly(file);
        wrote(name, what);
    }

    /** Throw-away keys still should not be readable by every user of the machine. */
    private static void ownerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void wrote(String name, String what) {
        spec.commandLine().getOut().println(String.format("  %-26s %s", name, what));
    }

    private static String subject(IssuedCertificate c) {
        return c.certificate().getSubjectX500Principal().getName();
    }

    private static String describe(KeyType type) {
        return type == KeyType.RSA_2048 ? "RSA 2048" : "EC P-256";
    }

    /** {@code ec} or {@code rsa}: the two key types OCPP 2.0.1 Part 2 A00 allows, in the sizes TestPki makes. */
    static final class KeyTypeConverter implements CommandLine.ITypeConverter<KeyType> {
        @Override
        public KeyType convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "ec":
                    return KeyType.EC_P256;
                case "rsa":
                    return KeyType.RSA_2048;
                default:
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a key type (ec or rsa)");
            }
        }
    }
}
