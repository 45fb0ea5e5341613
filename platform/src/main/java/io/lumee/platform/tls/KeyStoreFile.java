package io.lumee.platform.tls;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;

/**
 * A PKCS12 key store or trust store file and the secret that opens it. Configured as two variables,
 * {@code <prefix>_FILE} (the store) and {@code <prefix>_PASSWORD_FILE} (a file holding its password),
 * e.g. {@code LUMEE_KAFKA_KEYSTORE_FILE} and {@code LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE}.
 */
public record KeyStoreFile(Path path, Secret password) {

    /** PKCS12 only: the JDK, Kafka and keytool default, and the format cert-manager writes. */
    public static final String TYPE = "PKCS12";

    public KeyStoreFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
    }

    /** The store named by {@code <prefix>_FILE}, or empty when unset; a store needs its password file. */
    public static Optional<KeyStoreFile> optional(ConfigReader config, String prefix) {
        return config.optionalReadableFile(prefix + "_FILE")
                .map(path -> new KeyStoreFile(path, config.secret(prefix + "_PASSWORD_FILE")));
    }

    /** The store named by {@code <prefix>_FILE}, which must be set. */
    public static KeyStoreFile required(ConfigReader config, String prefix) {
        return new KeyStoreFile(config.readableFile(prefix + "_FILE"), config.secret(prefix + "_PASSWORD_FILE"));
    }

    public KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(TYPE);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.chars());
        }
        return store;
    }
}
