package io.lumee.archive.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.archive.ArchiveTestbed;
import io.lumee.archive.AwsAccess;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.platform.config.ConfigReader;
import io.lumee.testkit.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** Envelope encryption through the real AWS Encryption SDK, with the KMS keyring (KMS stand-in) and a raw AES key. */
class EnvelopeEncryptionTest {
    private static final ArchiveRange RANGE = new ArchiveRange("lumee.raw", 4, 100, 200);
    private static final byte[] CONTENT = "an archive batch".getBytes(StandardCharsets.UTF_8);

    @Test
    void kmsKeyringRoundTripsAndBindsTheRange() {
        ArchiveTestbed testbed = ArchiveTestbed.shared();
        ConfigReader config = new ConfigReader(testbed.access("any-bucket"));
        try (KmsClient kms = AwsAccess.from(config).kms()) {
            EnvelopeEncryption envelope = EnvelopeEncryption.of(EnvelopeSettings.from(config), kms);
            long dataKeys = testbed.kms.calls("GenerateDataKey");

            byte[] encrypted = envelope.encrypt(RANGE, CONTENT);

            assertThat(testbed.kms.calls("GenerateDataKey")).as("a fresh data key from KMS").isEqualTo(dataKeys + 1);
            assertThat(envelope.decrypt(RANGE, encrypted)).isEqualTo(CONTENT);
            assertThatThrownBy(() -> envelope.decrypt(new ArchiveRange("lumee.raw", 4, 100, 201), encrypted))
                    .as("the same ciphertext under another object's key").isInstanceOf(EnvelopeException.class);
            String otherKey = kms.createKey(request -> request.description("another key")).keyMetadata().arn();
            Map<String, String> other = new HashMap<>(testbed.access("any-bucket"));
            other.put("LUMEE_ARCHIVE_KMS_KEY_ARN", otherKey);
            assertThatThrownBy(() -> EnvelopeEncryption.of(EnvelopeSettings.from(new ConfigReader(other)), kms).decrypt(RANGE, encrypted))
                    .isInstanceOf(EnvelopeException.class);
        }
    }

    @Test
    void rawKeyFromAFileRoundTripsAndAnotherKeyCannotDecrypt() throws Exception {
        Path dir = TempDirs.create("raw-key");
        EnvelopeEncryption envelope = EnvelopeEncryption.of(rawKeySettings(dir, "one"), null);
        EnvelopeEncryption other = EnvelopeEncryption.of(rawKeySettings(dir, "two"), null);

        byte[] encrypted = envelope.encrypt(RANGE, CONTENT);
        byte[] tampered = encrypted.clone();
        tampered[tampered.length - 40] ^= 1;

        assertThat(envelope.decrypt(RANGE, encrypted)).isEqualTo(CONTENT);
        assertThatThrownBy(() -> other.decrypt(RANGE, encrypted)).isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> envelope.decrypt(RANGE, tampered)).isInstanceOf(EnvelopeException.class);
        TempDirs.deleteQuietly(dir);
    }

    private static EnvelopeSettings rawKeySettings(Path dir, String name) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key) + "\n");
        ConfigReader config = new ConfigReader(Map.of("LUMEE_ARCHIVE_RAW_KEY_FILE", file.toString()));
        EnvelopeSettings settings = EnvelopeSettings.from(config);
        config.requireValid();
        return settings;
    }
}
