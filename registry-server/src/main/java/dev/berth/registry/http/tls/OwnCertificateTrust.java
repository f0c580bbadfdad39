package dev.berth.registry.http.tls;

import dev.berth.registry.config.RegistryConfig.TlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trust for a client on the server's own host ({@code berth health}): the certificates of {@code
 * tls.certificate} are its only trust anchors, so it accepts the server's own certificate, or one
 * its intermediates issued (the previous one, in the seconds after a replacement), and nothing
 * else. The name is not checked: the server is reached on loopback, a name its certificate need
 * not carry.
 */
public final class OwnCertificateTrust extends X509ExtendedTrustManager {
    private final X509TrustManager anchors;

    private OwnCertificateTrust(X509TrustManager anchors) {
        this.anchors = anchors;
    }

    /** A client context trusting the server whose TLS files {@code config} names. */
    public static SSLContext context(TlsConfig config) {
        Path certificateFile = config.certificate().orElseThrow();
        List<X509Certificate> own = TlsFiles.certificates(certificateFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < own.size(); i++) {
                store.setCertificateEntry("own-" + i, own.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            X509TrustManager pkix = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    pkix = x509;
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new OwnCertificateTrust(pkix)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsFileException(
                    "cannot trust the certificates of " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchors.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        anchors.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        anchors.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client's trust, not a server's");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client's trust, not a server's");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client's trust, not a server's");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.getAcceptedIssuers();
    }
}
