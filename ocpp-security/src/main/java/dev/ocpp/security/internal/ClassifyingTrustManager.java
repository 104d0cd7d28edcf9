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

    private final X509ExtendedTrustManager delegate;

    ClassifyingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw new CertificateRejection(SecurityEvent.Reason.INVALID_CLIENT_CERTIFICATE, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw new CertificateRejection(SecurityEvent.Reason.INVALID_CLIENT_CERTIFICATE, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new CertificateRejection(SecurityEvent.Reason.INVALID_CLIENT_CERTIFICATE, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw new CertificateRejection(serverReason(chain, authType), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw new CertificateRejection(serverReason(chain, authType), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new CertificateRejection(SecurityEvent.Reason.INVALID_SERVER_CERTIFICATE, e);
        }
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
