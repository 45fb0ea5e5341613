package io.lumee.gateway.tls;

import io.lumee.platform.tls.KeyStoreFile;
import io.lumee.platform.tls.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Arrays;
import java.util.Collection;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's TLS for the ingest port: key and trust material loaded through the platform's
 * {@link KeyStoreFile}s, the protocols of {@link TlsSettings} (TLS 1.3 unless told otherwise), client
 * certificates required. The context is built here rather than by the platform's {@code TlsContext}
 * because the trust manager must be wrapped to learn the subject of a refused certificate.
 */
public final class GatewaySslContextFactory extends SslContextFactory.Server {

    private final CertificateRejections rejections;

    public GatewaySslContextFactory(TlsSettings settings, CertificateRejections rejections) throws IOException, GeneralSecurityException {
        this.rejections = rejections;
        KeyStoreFile key = settings.keyStore().orElseThrow(() -> new IllegalArgumentException("the gateway needs a key store"));
        KeyStoreFile trust = settings.trustStore().orElseThrow(() -> new IllegalArgumentException("the gateway needs a trust store"));
        setKeyStore(key.load());
        // PKCS12 protects the key with the store's password
        setKeyStorePassword(key.password().text());
        setKeyManagerPassword(key.password().text());
        setTrustStore(trust.load());
        setIncludeProtocols(settings.protocols().toArray(String[]::new));
        setNeedClientAuth(settings.needClientAuth());
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) throws Exception {
        return Arrays.stream(super.getTrustManagers(trustStore, crls))
                .map(trust -> trust instanceof X509ExtendedTrustManager extended ? rejections.recording(extended) : trust)
                .toArray(TrustManager[]::new);
    }

    /**
     * The peer's address, never a reverse DNS lookup (Jetty does one when client certificates are
     * needed, on the selector thread), so the engine knows whom the handshake audit should name.
     */
    @Override
    public SSLEngine newSSLEngine(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return newSSLEngine();
        }
        return newSSLEngine(address.getAddress().getHostAddress(), address.getPort());
    }
}
