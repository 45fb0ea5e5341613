package io.lumee.archive.envelope;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import io.lumee.archive.store.ArchiveRange;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Client-side envelope encryption of archive objects with the AWS Encryption SDK: a fresh data key per
 * object, wrapped by the KMS key (or the raw key), a committing algorithm suite, and an encryption context
 * naming the object's topic, partition and offsets. Decryption demands that same context, so an object
 * copied under another key (or with its range edited) does not decrypt.
 */
public final class EnvelopeEncryption {
    static final String RAW_KEY_NAMESPACE = "lumee-archive";
    static final String TOPIC = "lumee-topic";
    static final String PARTITION = "lumee-partition";
    static final String RANGE = "lumee-range";

    private final AwsCrypto crypto;
    private final IKeyring keyring;

    private EnvelopeEncryption(AwsCrypto crypto, IKeyring keyring) {
        this.crypto = crypto;
        this.keyring = keyring;
    }

    /** @param kms the client for a KMS keyring; unused with a raw key */
    public static EnvelopeEncryption of(EnvelopeSettings settings, KmsClient kms) {
        MaterialProviders materials = MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
        IKeyring keyring = settings.rawKey()
                .map(raw -> materials.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                        .keyNamespace(RAW_KEY_NAMESPACE)
                        .keyName(raw.name())
                        .wrappingKey(ByteBuffer.wrap(raw.key().bytes()))
                        .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                        .build()))
                .orElseGet(() -> materials.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder()
                        .kmsKeyId(settings.kmsKeyArn().orElseThrow())
                        .kmsClient(Objects.requireNonNull(kms, "a KMS keyring needs a KMS client"))
                        .build()));
        AwsCrypto crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.valueOf(settings.suite().name()))
                .build();
        return new EnvelopeEncryption(crypto, keyring);
    }

    public byte[] encrypt(ArchiveRange range, byte[] plaintext) {
        return crypto.encryptData(keyring, plaintext, context(range)).getResult();
    }

    /**
     * @throws EnvelopeException when the key cannot unwrap the data key, the ciphertext was altered, or the
     *     object was encrypted for another range
     */
    public byte[] decrypt(ArchiveRange range, byte[] ciphertext) {
        Map<String, String> expected = context(range);
        CryptoResult<byte[], ?> result;
        try {
            result = crypto.decryptData(keyring, ciphertext, expected);
        } catch (RuntimeException refused) {
            throw new EnvelopeException(describe(refused), refused);
        }
        // the SDK checks that the given context is contained in the stored one; equality is what we mean
        expected.forEach((name, value) -> {
            if (!value.equals(result.getEncryptionContext().get(name))) {
                throw new EnvelopeException("encryption context names " + name + "=" + result.getEncryptionContext().get(name), null);
            }
        });
        return result.getResult();
    }

    public static Map<String, String> context(ArchiveRange range) {
        return Map.of(TOPIC, range.topic(), PARTITION, Integer.toString(range.partition()),
                RANGE, range.first() + "-" + range.next());
    }

    /** One line: the SDK's exception class and the first line of its message (never key material). */
    private static String describe(RuntimeException refused) {
        String message = refused.getMessage() == null ? "" : ": " + refused.getMessage().lines().findFirst().orElse("");
        return refused.getClass().getSimpleName() + message;
    }
}
