package io.lumee.platform.tls;

import io.lumee.platform.config.ConfigReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS material and policy of one endpoint, read from variables under a prefix such as
 * {@code LUMEE_GATEWAY_TLS}:
 * <ul>
 *   <li>{@code <prefix>_KEYSTORE_FILE}, {@code <prefix>_KEYSTORE_PASSWORD_FILE}: this side's key and
 *       certificate chain (PKCS12); required for a server, optional for a client;</li>
 *   <li>{@code <prefix>_TRUSTSTORE_FILE}, {@code <prefix>_TRUSTSTORE_PASSWORD_FILE}: the CAs trusted for
 *       the peer (PKCS12); required for a server that needs client certificates, otherwise the JDK's
 *       default trust applies;</li>
 *   <li>{@code <prefix>_PROTOCOLS}: default {@code TLSv1.3}; {@code TLSv1.3,TLSv1.2} admits TLS 1.2 for
 *       peers that cannot do better, and nothing older is accepted.</li>
 * </ul>
 */
public record TlsSettings(Optional<KeyStoreFile> keyStore, Optional<KeyStoreFile> trustStore, List<String> protocols, boolean needClientAuth) {

    public static final String DEFAULT_PROTOCOLS = "TLSv1.3";
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    public TlsSettings {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("protocols must be TLSv1.3 and/or TLSv1.2: " + protocols);
        }
        if (needClientAuth && (keyStore.isEmpty() || trustStore.isEmpty())) {
            throw new IllegalArgumentException("a server that needs client certificates needs a key store and a trust store");
        }
    }

    /** A server's settings; {@code needClientAuth} is the service's decision (mutual TLS), not the operator's. */
    public static TlsSettings server(ConfigReader config, String prefix, boolean needClientAuth) {
        Optional<KeyStoreFile> keyStore = Optional.of(KeyStoreFile.required(config, prefix + "_KEYSTORE"));
        Optional<KeyStoreFile> trustStore = needClientAuth
                ? Optional.of(KeyStoreFile.required(config, prefix + "_TRUSTSTORE"))
                : KeyStoreFile.optional(config, prefix + "_TRUSTSTORE");
        return new TlsSettings(keyStore, trustStore, protocols(config, prefix), needClientAuth);
    }

    /** A client's settings: a client certificate and a private trust store are both optional. */
    public static TlsSettings client(ConfigReader config, String prefix) {
        return new TlsSettings(
                KeyStoreFile.optional(config, prefix + "_KEYSTORE"),
                KeyStoreFile.optional(config, prefix + "_TRUSTSTORE"),
                protocols(config, prefix),
                false);
    }

    private static List<String> protocols(ConfigReader config, String prefix) {
        String name = prefix + "_PROTOCOLS";
        List<String> protocols = config.list(name, DEFAULT_PROTOCOLS);
        if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
            config.reject(name, "TLSv1.3 and/or TLSv1.2", ConfigReader.quote(String.join(",", protocols)));
            return List.of(DEFAULT_PROTOCOLS);
        }
        return protocols;
    }
}
