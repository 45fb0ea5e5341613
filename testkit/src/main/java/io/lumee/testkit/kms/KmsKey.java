package io.lumee.testkit.kms;

import java.time.Instant;
import java.util.Objects;
import javax.crypto.SecretKey;

/** One symmetric customer-managed key: AES-256 material that never leaves the stand-in. */
record KmsKey(String keyId, String arn, String description, Instant created, SecretKey material) {
    KmsKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(material, "material");
    }
}
