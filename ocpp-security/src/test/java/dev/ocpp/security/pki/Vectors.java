package dev.ocpp.security.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

/** The openssl-made fixtures in src/test/resources/dev/ocpp/security/pki/vectors (see make-vectors.sh there). */
final class Vectors {

    /** Inside every fixture's validity (they were made on 2026-11-21 and are valid for 100 years). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private Vectors() {
    }

    static InputStream stream(String name) {
        InputStream in = Vectors.class.getResourceAsStream("vectors/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no test vector " + name);
        }
        return in;
    }

    static byte[] bytes(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.US_ASCII);
    }

    static X509Certificate certificate(String name) {
        return Pem.readCertificates(text(name)).get(0);
    }

    static Properties properties(String name) {
        Properties properties = new Properties();
        try (InputStream in = stream(name)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
