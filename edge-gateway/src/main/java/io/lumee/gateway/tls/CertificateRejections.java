package io.lumee.gateway.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Remembers which certificate a handshake refused, per {@link SSLEngine}, for the handshake audit: the
 * JDK keeps a refused certificate out of the handshake session, so only the trust manager ever sees
 * its subject. Weak keys: an engine whose failure is never reported does not leak.
 */
public final class CertificateRejections {

    private final Map<SSLEngine, RejectedCertificate> rejected = Collections.synchronizedMap(new WeakHashMap<>());

    X509ExtendedTrustManager recording(X509ExtendedTrustManager trust) {
        return new Recording(trust);
    }

    Optional<RejectedCertificate> take(SSLEngine engine) {
        return Optional.ofNullable(rejected.remove(engine));
    }

    /** Checks as the JDK does and notes what it refused; servers only ever check clients here. */
    private final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trust;

        Recording(X509ExtendedTrustManager trust) {
            this.trust = trust;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                trust.checkClientTrusted(chain, authType, engine);
            } catch (CertificateException refused) {
                rejected.put(engine, RejectedCertificate.of(chain, refused));
                throw refused;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }
    }
}
