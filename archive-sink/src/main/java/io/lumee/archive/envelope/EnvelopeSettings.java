package io.lumee.archive.envelope;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Secret;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Which key wraps each object's data key, exactly one of:
 * <ul>
 *   <li>{@code LUMEE_ARCHIVE_KMS_KEY_ARN}: a KMS customer-managed key (production), reached through
 *       {@code LUMEE_ARCHIVE_KMS_ENDPOINT} or AWS itself;</li>
 *   <li>{@code LUMEE_ARCHIVE_RAW_KEY_FILE}: a file holding the base64 of 32 random bytes, for local use, named
 *       {@code LUMEE_ARCHIVE_RAW_KEY_NAME} (default {@code local-1}) inside every object it wraps.</li>
 * </ul>
 * {@code LUMEE_ARCHIVE_ALGORITHM_SUITE}: a committing suite; the default
 * {@code ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY} does not sign (~1.3 ms per 4 KiB here, the signing one ~11 ms;
 * S3 Object Lock, not a signature, is what keeps objects unaltered).
 */
public record EnvelopeSettings(Optional<String> kmsKeyArn, Optional<RawKey> rawKey, AlgorithmSuite suite) {

    /** The committing suites; the SDK refuses non-committing ones under the policy used here. */
    private static final String UNSET_ARN = "arn:aws:kms:us-east-1:000000000000:key/unset";

    public enum AlgorithmSuite { ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 }

    /** A raw AES-256 wrapping key; never printed. */
    public record RawKey(String name, Secret key) {
        public RawKey {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "RawKey[" + name + "]";
        }
    }

    public EnvelopeSettings {
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        Objects.requireNonNull(rawKey, "rawKey");
        Objects.requireNonNull(suite, "suite");
        if (kmsKeyArn.isPresent() == rawKey.isPresent()) {
            throw new IllegalArgumentException("exactly one of a KMS key ARN and a raw key is needed");
        }
    }

    public static EnvelopeSettings from(ConfigReader config) {
        Optional<String> arn = config.optionalString("LUMEE_ARCHIVE_KMS_KEY_ARN");
        Optional<Secret> file = config.optionalSecret("LUMEE_ARCHIVE_RAW_KEY_FILE");
        String name = config.string("LUMEE_ARCHIVE_RAW_KEY_NAME", "local-1");
        AlgorithmSuite suite = config.enumValue("LUMEE_ARCHIVE_ALGORITHM_SUITE", AlgorithmSuite.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY);
        arn.filter(value -> !value.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+")).ifPresent(value ->
                config.reject("LUMEE_ARCHIVE_KMS_KEY_ARN", "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", ConfigReader.quote(value)));
        if (arn.isPresent() == file.isPresent()) {
            config.reject("LUMEE_ARCHIVE_KMS_KEY_ARN", "exactly one of it and LUMEE_ARCHIVE_RAW_KEY_FILE", arn.isPresent() ? "both" : "neither");
        }
        Optional<RawKey> raw = arn.isPresent() ? Optional.empty() : file.flatMap(secret -> rawKey(config, name, secret));
        // with a refused setting, a stand-in ARN keeps reading going; requireValid() refuses the config
        return raw.isPresent() ? new EnvelopeSettings(Optional.empty(), raw, suite)
                : new EnvelopeSettings(Optional.of(arn.orElse(UNSET_ARN)), Optional.empty(), suite);
    }

    private static Optional<RawKey> rawKey(ConfigReader config, String name, Secret secret) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.text().strip());
            if (key.length == 32) {
                return Optional.of(new RawKey(name, Secret.of(key)));
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below, without the content
        }
        config.reject("LUMEE_ARCHIVE_RAW_KEY_FILE", "a file holding the base64 of 32 bytes", "something else");
        return Optional.empty();
    }
}
