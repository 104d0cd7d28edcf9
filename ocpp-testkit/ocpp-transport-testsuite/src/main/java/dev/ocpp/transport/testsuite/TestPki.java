package dev.ocpp.transport.testsuite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throw-away self-signed key pairs made with the JDK's {@code keytool}, for TLS tests: the JDK has no API to issue a
 * certificate, and the suite must not depend on the project's security module (which depends on the transports'
 * test code path) or on a third-party PKI library.
 */
public final class TestPki {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private TestPki() {
    }

    /**
     * A PKCS#12 key store in {@code dir} holding one EC key pair with a self-signed certificate for {@code subject},
     * with {@code subjectAltName} (keytool syntax, such as {@code ip:127.0.0.1}) unless it is {@code null}.
     */
    public static KeyStore selfSigned(Path dir, String name, String subject, String subjectAltName)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path file = dir.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", subject,
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD)));
        if (subjectAltName != null) {
            command.addAll(List.of("-ext", "SAN=" + subjectAltName));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** A TLS context presenting the key pair of {@code own} and trusting only the certificate of {@code trusted}. */
    public static SSLContext context(KeyStore own, KeyStore trusted) throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(own, PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        String alias = trusted.aliases().nextElement();
        trust.setCertificateEntry(alias, trusted.getCertificate(alias));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
