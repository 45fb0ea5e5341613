package io.lumee.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The S3Mock child JVM: loopback only, and the behaviour DESIGN.md's facts promise tests can rely on. */
class S3MockServerTest {

    @Test
    void listensOnLoopbackOnly() throws IOException {
        S3MockServer server = S3Servers.shared();
        int port = URI.create(server.endpoint()).getPort();

        List<String> listening = listeningAddresses(port);

        assertThat(listening).as("sockets listening on port " + port).isNotEmpty()
                .allSatisfy(address -> assertThat(address).as("a loopback address").matches("0100007F|0000000000000000FFFF00000100007F"));
    }

    @Test
    void storesVersioningAndObjectLockAndEchoesSseKmsForItsKeyOnly() {
        S3MockServer server = S3Servers.shared();
        try (S3Client s3 = client(server)) {
            s3.createBucket(request -> request.bucket("testkit-locked").objectLockEnabledForBucket(true));
            s3.putBucketVersioning(request -> request.bucket("testkit-locked")
                    .versioningConfiguration(config -> config.status(BucketVersioningStatus.ENABLED)));

            s3.putObject(request -> request.bucket("testkit-locked").key("a").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(server.sseKmsKeyId()), RequestBody.fromString("archived"));
            HeadObjectResponse head = s3.headObject(request -> request.bucket("testkit-locked").key("a"));

            assertThat(s3.getBucketVersioning(request -> request.bucket("testkit-locked")).status())
                    .isEqualTo(BucketVersioningStatus.ENABLED);
            assertThat(s3.getObjectLockConfiguration(request -> request.bucket("testkit-locked"))
                    .objectLockConfiguration().objectLockEnabled()).isEqualTo(ObjectLockEnabled.ENABLED);
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(head.ssekmsKeyId()).contains(server.sseKmsKeyId());
            assertThat(head.versionId()).isNotBlank();
            assertThatThrownBy(() -> s3.putObject(request -> request.bucket("testkit-locked").key("b")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("not-a-registered-key"), RequestBody.fromString("x")))
                    .isInstanceOf(S3Exception.class);
        }
    }

    static S3Client client(S3MockServer server) {
        return S3Client.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .forcePathStyle(true)
                .region(Region.of(S3MockServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3MockServer.ACCESS_KEY_ID, S3MockServer.SECRET_ACCESS_KEY)))
                .build();
    }

    /** Local addresses (kernel hex) of the TCP sockets in LISTEN state on {@code port}, from /proc. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (local[1].equals(hexPort) && fields[3].equals("0A")) {
                    addresses.add(local[0]);
                }
            }
        }
        return addresses;
    }
}
