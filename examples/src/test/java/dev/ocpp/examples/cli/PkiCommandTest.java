package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.security.KeyMaterial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code pki} command: which files it writes, and that they fit together as the security profiles need. */
class PkiCommandTest {

    private static final char[] CHANGEIT = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int pki(String... options) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 3];
        args[0] = "pki";
        args[1] = "--out";
        args[2] = dir.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return cli.execute(args);
    }

    @Test
    void writesTheCsmsAndStationFilesAndListsEachOne() {
        assertThat(pki("--identity", "CS-1", "--identity", "CS-2")).isZero();

        List<String> files = List.of("csms-root.pem", "csms-chain.pem", "csms-key.pem", "csms.p12", "station-ca.pem",
                "station-CS-1-chain.pem", "station-CS-1-key.pem", "station-CS-1.p12",
                "station-CS-2-chain.pem", "station-CS-2-key.pem", "station-CS-2.p12");
        for (String file : files) {
            assertThat(dir.resolve(file)).isRegularFile();
            assertThat(out.toString()).contains("  " + file + " ");
        }
        assertThat(out.toString()).contains("for tests and demos only").contains(dir.toAbsolutePath().toString());
    }

    @Test
    void theServerCertificateNamesTheHostAndLocalhostAndLeadsToTheCsmsRoot() throws Exception {
        assertThat(pki("--host", "csms.test")).isZero();

        KeyMaterial server = KeyMaterial.fromPem(dir.resolve("csms-chain.pem"), dir.resolve("csms-key.pem"));
        X509Certificate root = KeyMaterial.readCertificates(dir.resolve("csms-root.pem"), null).get(0);
        assertThat(server.chain()).hasSize(2);
        assertThat(server.certificate().getSubjectX500Principal().getName()).startsWith("CN=csms.test,");
        assertThat(server.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly("csms.test", "localhost");
        server.chain().get(1).verify(root.getPublicKey());
        server.certificate().verify(server.chain().get(1).getPublicKey());
        assertThat(KeyMaterial.fromPkcs12(dir.resolve("csms.p12"), CHANGEIT).certificate())
                .isEqualTo(server.certificate());
    }

    @Test
    void eachStationCertificateNamesItsIdentityAndOrganisationAndLeadsToTheStationCa() throws Exception {
        assertThat(pki("--identity", "CP001", "--organization", "Example CPO")).isZero();

        KeyMaterial station = KeyMaterial.fromPem(dir.resolve("station-CP001-chain.pem"),
                dir.resolve("station-CP001-key.pem"));
        X509Certificate ca = KeyMaterial.readCertificates(dir.resolve("station-ca.pem"), null).get(0);
        assertThat(station.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=CP001,O=Example CPO");
        station.certificate().verify(ca.getPublicKey());
        assertThat(KeyMaterial.fromPkcs12(dir.resolve("station-CP001.p12"), CHANGEIT).certificate())
                .isEqualTo(station.certificate());
        // The two trust chains are separate: the stations' CA is not the CSMS's root.
        assertThat(ca).isNotEqualTo(KeyMaterial.readCertificates(dir.resolve("csms-root.pem"), null).get(0));
    }

    @Test
    void rsaKeyTypeGivesRsaKeysEverywhere() throws Exception {
        assertThat(pki("--key-type", "rsa")).isZero();

        assertThat(KeyMaterial.fromPem(dir.resolve("csms-chain.pem"), dir.resolve("csms-key.pem")).privateKey()
                .getAlgorithm()).isEqualTo("RSA");
        assertThat(KeyMaterial.fromPkcs12(dir.resolve("station-CP001.p12"), CHANGEIT).privateKey().getAlgorithm())
                .isEqualTo("RSA");
        assertThat(out.toString()).contains("RSA 2048");
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        assertThat(pki()).isZero();

        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            for (String secret : List.of("csms-key.pem", "csms.p12", "station-CP001-key.pem", "station-CP001.p12")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anIdentityThatCannotBeAFileNameIsAUsageError() {
        assertThat(pki("--identity", "../CS-1")).isEqualTo(2);

        assertThat(err.toString()).contains("--identity '../CS-1'");
        assertThat(dir.resolve("csms-root.pem")).doesNotExist();
    }
}
