package dev.ocpp.security.internal;

import dev.ocpp.security.SecurityEvent;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, with each refusal labelled by its OCPP reason: on the station side whether the CSMS
 * certificate failed its path or validity checks or only the host name check, on the CSMS side that the client
 * certificate failed. The checks themselves are all the JDK's.
 */
final class ClassifyingTrustManager extends X509ExtendedTrustManager {

    private static final SecurityEvent.Reason CLIENT = SecurityEvent.Reason.INVALID_CLIENT_CERTIFICATE;

    private final X509ExtendedTrustManager delegate;

    ClassifyingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /** One of the delegate's checks. */
    @FunctionalInterface
    private interface Check {
        void run() throws CertificateException;
    }

    private static void check(Check check, java.util.function.Supplier<SecurityEvent.Reason> reason)
            throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw new CertificateRejection(reason.get(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(() -> delegate.checkClientTrusted(chain, authType, socket), () -> CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(() -> delegate.checkClientTrusted(chain, authType, engine), () -> CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(() -> delegate.checkClientTrusted(chain, authType), () -> CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(() -> delegate.checkServerTrusted(chain, authType, socket), () -> serverReason(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(() -> delegate.checkServerTrusted(chain, authType, engine), () -> serverReason(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(() -> delegate.checkServerTrusted(chain, authType),
                () -> SecurityEvent.Reason.INVALID_SERVER_CERTIFICATE);
    }

    /**
     * The engine-bound check adds the host name check to the path checks; if the path alone passes, the host name
     * was what failed.
     */
    private SecurityEvent.Reason serverReason(X509Certificate[] chain, String authType) {
        try {
            delegate.checkServerTrusted(chain, authType);
            return SecurityEvent.Reason.SERVER_HOST_NAME_MISMATCH;
        } catch (CertificateException | RuntimeException e) {
            return SecurityEvent.Reason.INVALID_SERVER_CERTIFICATE;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
