package io.lumee.protocol.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A device's TLS context from the PKCS#12 files provisioning wrote: its key and certificate, and the CA it trusts. */
public final class ClientTls {

    private ClientTls() {}

    /**
     * @param keyStore the device's (or gateway's) key and certificate chain, or null for no client certificate
     * @param trustStore the CA certificates the server's certificate must chain to, or null for the JDK's
     */
    public static SSLContext fromPkcs12(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            // PKCS12 protects the key with the store's password
            keys.init(load(keyStore, keyStorePassword), keyStorePassword);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore == null ? null : load(trustStore, trustStorePassword));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
