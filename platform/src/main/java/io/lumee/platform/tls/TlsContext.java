package io.lumee.platform.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} built from {@link TlsSettings}, with the parameters that carry the policy.
 * An {@code SSLContext} alone enables every protocol the JDK supports, so servers and clients must
 * apply {@link #serverParameters()} or {@link #clientParameters()} to their sockets or engines
 * (e.g. {@code HttpsConfigurator.configure}, {@code SSLServerSocket.setSSLParameters}).
 */
public final class TlsContext {

    private final TlsSettings settings;
    private final SSLContext sslContext;

    private TlsContext(TlsSettings settings, SSLContext sslContext) {
        this.settings = settings;
        this.sslContext = sslContext;
    }

    /** Loads the stores and builds the context; fails on a wrong password or a store without a key. */
    public static TlsContext create(TlsSettings settings) throws IOException, GeneralSecurityException {
        KeyManager[] keyManagers = null;
        if (settings.keyStore().isPresent()) {
            KeyStoreFile keyStore = settings.keyStore().orElseThrow();
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            // PKCS12 stores protect the key with the store's password
            factory.init(keyStore.load(), keyStore.password().chars());
            keyManagers = factory.getKeyManagers();
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        // a null store selects the JDK's default CAs, for peers with publicly issued certificates
        trust.init(settings.trustStore().isPresent() ? settings.trustStore().orElseThrow().load() : null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trust.getTrustManagers(), null);
        return new TlsContext(settings, context);
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** Protocols, and client certificates required when the settings say so. */
    public SSLParameters serverParameters() {
        SSLParameters parameters = sslContext.getDefaultSSLParameters();
        parameters.setProtocols(settings.protocols().toArray(String[]::new));
        parameters.setNeedClientAuth(settings.needClientAuth());
        return parameters;
    }

    /** Protocols, and the server's certificate checked against the host name dialled. */
    public SSLParameters clientParameters() {
        SSLParameters parameters = sslContext.getDefaultSSLParameters();
        parameters.setProtocols(settings.protocols().toArray(String[]::new));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
