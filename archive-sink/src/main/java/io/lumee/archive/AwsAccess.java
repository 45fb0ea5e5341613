package io.lumee.archive;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How the archive reaches S3 and KMS, for the sink and for {@code archive verify}/{@code export} alike:
 * <ul>
 *   <li>{@code LUMEE_ARCHIVE_REGION} (default {@code us-east-1});</li>
 *   <li>{@code LUMEE_ARCHIVE_S3_ENDPOINT}, {@code LUMEE_ARCHIVE_KMS_ENDPOINT}: unset for AWS itself; an
 *       {@code http(s)://} URL for an S3-compatible store or a KMS stand-in. An S3 endpoint override also
 *       switches to path-style addressing, which such stores expect;</li>
 *   <li>{@code LUMEE_ARCHIVE_AWS_ACCESS_KEY_ID_FILE} and {@code LUMEE_ARCHIVE_AWS_SECRET_ACCESS_KEY_FILE}:
 *       static credentials from files; unset, the AWS default chain (web identity, instance profile, ...).</li>
 * </ul>
 */
public record AwsAccess(Region region, Optional<URI> s3Endpoint, Optional<URI> kmsEndpoint, Optional<Credentials> credentials) {

    /** Static credentials, both parts secrets read from files. */
    public record Credentials(Secret accessKeyId, Secret secretAccessKey) {
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }
    }

    public AwsAccess {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(kmsEndpoint, "kmsEndpoint");
        Objects.requireNonNull(credentials, "credentials");
    }

    public static AwsAccess from(ConfigReader config) {
        Region region = Region.of(config.string("LUMEE_ARCHIVE_REGION", "us-east-1"));
        Optional<URI> s3 = endpoint(config, "LUMEE_ARCHIVE_S3_ENDPOINT");
        Optional<URI> kms = endpoint(config, "LUMEE_ARCHIVE_KMS_ENDPOINT");
        Optional<Secret> keyId = config.optionalSecret("LUMEE_ARCHIVE_AWS_ACCESS_KEY_ID_FILE");
        Optional<Secret> secretKey = config.optionalSecret("LUMEE_ARCHIVE_AWS_SECRET_ACCESS_KEY_FILE");
        if (keyId.isPresent() != secretKey.isPresent()) {
            config.reject("LUMEE_ARCHIVE_AWS_ACCESS_KEY_ID_FILE", "both or neither of it and LUMEE_ARCHIVE_AWS_SECRET_ACCESS_KEY_FILE",
                    "only one of them");
        }
        Optional<Credentials> credentials = keyId.isPresent() && secretKey.isPresent()
                ? Optional.of(new Credentials(keyId.get(), secretKey.get()))
                : Optional.empty();
        return new AwsAccess(region, s3, kms, credentials);
    }

    public S3Client s3() {
        var builder = S3Client.builder().region(region).credentialsProvider(credentialsProvider());
        s3Endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }

    public KmsClient kms() {
        var builder = KmsClient.builder().region(region).credentialsProvider(credentialsProvider());
        kmsEndpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private AwsCredentialsProvider credentialsProvider() {
        return credentials.<AwsCredentialsProvider>map(given -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(given.accessKeyId().text(), given.secretAccessKey().text())))
                .orElseGet(DefaultCredentialsProvider::create);
    }

    private static Optional<URI> endpoint(ConfigReader config, String name) {
        return config.optionalString(name).flatMap(raw -> {
            try {
                URI uri = URI.create(raw);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (IllegalArgumentException notAUri) {
                // reported below
            }
            config.reject(name, "an http:// or https:// URL", ConfigReader.quote(raw));
            return Optional.empty();
        });
    }
}
