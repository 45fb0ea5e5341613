package io.lumee.testkit.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The KMS stand-in, driven by the AWS SDK's real {@link KmsClient}, as the archive-sink drives it. */
class KmsStandInTest {
    private static KmsStandIn kms;
    private static KmsClient client;

    @BeforeAll
    static void start() {
        kms = KmsStandIn.start();
        client = KmsClient.builder()
                .endpointOverride(URI.create(kms.endpoint()))
                .region(Region.of(KmsStandIn.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        kms.close();
    }

    @Test
    void createdKeyIsDescribedByIdAndByArn() {
        KeyMetadata created = client.createKey(request -> request.description("archive envelope key")).keyMetadata();

        KeyMetadata byId = client.describeKey(request -> request.keyId(created.keyId())).keyMetadata();
        KeyMetadata byArn = client.describeKey(request -> request.keyId(created.arn())).keyMetadata();

        assertThat(created.arn()).isEqualTo("arn:aws:kms:us-east-1:111122223333:key/" + created.keyId());
        assertThat(byId.arn()).isEqualTo(created.arn());
        assertThat(byArn.keyId()).isEqualTo(created.keyId());
        assertThat(byId.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(byId.description()).isEqualTo("archive envelope key");
        assertThat(byId.creationDate()).isNotNull();
    }

    @Test
    void dataKeyDecryptsOnlyUnderItsOwnEncryptionContext() {
        String arn = newKey();
        Map<String, String> context = Map.of("lumee-topic", "lumee.raw", "lumee-range", "00000000000000000000-00000000000000000010");

        GenerateDataKeyResponse dataKey = client.generateDataKey(request -> request.keyId(arn).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context));
        DecryptResponse decrypted = client.decrypt(request -> request.ciphertextBlob(dataKey.ciphertextBlob())
                .encryptionContext(context));

        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(dataKey.keyId()).isEqualTo(arn);
        assertThat(decrypted.plaintext()).isEqualTo(dataKey.plaintext());
        assertThat(decrypted.keyId()).isEqualTo(arn);
        assertThatThrownBy(() -> client.decrypt(request -> request.ciphertextBlob(dataKey.ciphertextBlob())
                .encryptionContext(Map.of("lumee-topic", "lumee.raw", "lumee-range", "00000000000000000010-00000000000000000020"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> client.decrypt(request -> request.ciphertextBlob(dataKey.ciphertextBlob())))
                .as("no context at all is another context").isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void encryptThenDecryptRoundTripsAndATamperedBlobIsRefused() {
        String arn = newKey();
        SdkBytes secret = SdkBytes.fromUtf8String("wrapped data key");

        SdkBytes blob = client.encrypt(request -> request.keyId(arn).plaintext(secret).encryptionContext(Map.of("a", "b")))
                .ciphertextBlob();
        byte[] tampered = blob.asByteArray();
        tampered[tampered.length - 1] ^= 1;

        assertThat(client.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(Map.of("a", "b"))).plaintext())
                .isEqualTo(secret);
        assertThatThrownBy(() -> client.decrypt(request -> request.ciphertextBlob(SdkBytes.fromByteArray(tampered))
                .encryptionContext(Map.of("a", "b")))).isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void decryptNamingAnotherKeyAndUnknownKeysAreRefusedAsKmsWould() {
        String first = newKey();
        String second = newKey();
        SdkBytes blob = client.encrypt(request -> request.keyId(first).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();

        assertThatThrownBy(() -> client.decrypt(request -> request.ciphertextBlob(blob).keyId(second)))
                .isInstanceOf(IncorrectKeyException.class);
        assertThatThrownBy(() -> client.describeKey(request -> request.keyId("arn:aws:kms:us-east-1:111122223333:key/none")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.generateDataKey(request -> request.keyId("no-such-key").numberOfBytes(32)))
                .isInstanceOf(NotFoundException.class);
        assertThat(kms.calls("Decrypt")).isPositive();
    }

    private static String newKey() {
        return client.createKey(request -> request.description("test")).keyMetadata().arn();
    }
}
