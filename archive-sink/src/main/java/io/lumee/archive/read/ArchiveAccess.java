package io.lumee.archive.read;

import io.lumee.archive.ArchiveConfig;
import io.lumee.archive.AwsAccess;
import io.lumee.archive.envelope.EnvelopeEncryption;
import io.lumee.archive.envelope.EnvelopeSettings;
import io.lumee.platform.config.ConfigReader;
import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What reading the archive needs, from the sink's own variables: where it is ({@link AwsAccess},
 * {@code LUMEE_ARCHIVE_BUCKET}) and the key that unwraps its data keys ({@link EnvelopeSettings}).
 */
public record ArchiveAccess(AwsAccess aws, String bucket, EnvelopeSettings envelope) {
    public ArchiveAccess {
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(envelope, "envelope");
    }

    public static ArchiveAccess from(ConfigReader config) {
        return new ArchiveAccess(AwsAccess.from(config), ArchiveConfig.bucket(config), EnvelopeSettings.from(config));
    }

    /** A reader with clients of its own, closed with it. */
    public Connection connect() {
        S3Client s3 = aws.s3();
        KmsClient kms = aws.kms();
        return new Connection(new ArchiveReader(s3, bucket, EnvelopeEncryption.of(envelope, kms)), s3, kms);
    }

    /** An open reader and the clients behind it. */
    public record Connection(ArchiveReader reader, S3Client s3, KmsClient kms) implements AutoCloseable {
        @Override
        public void close() {
            s3.close();
            kms.close();
        }
    }
}
