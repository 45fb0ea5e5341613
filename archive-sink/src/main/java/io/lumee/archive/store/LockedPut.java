package io.lumee.archive.store;

import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The only way the archive writes: a PutObject that asks for Object Lock COMPLIANCE until now + retention
 * (and a legal hold when configured), SSE-KMS with the configured key, a SHA-256 checksum S3 verifies on
 * receipt (Object Lock requires one), and {@code If-None-Match: *}, so an existing key is never written again:
 * a locked object is never rewritten, not even as a new version. There is no delete anywhere in the archive.
 */
public final class LockedPut {
    /** What became of a put: stored now, or the key was already there (a retry after a lost answer). */
    public enum Outcome { STORED, ALREADY_STORED }

    private static final int PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final String bucket;
    private final String sseKmsKeyId;
    private final LockPolicy lock;
    private final Clock clock;

    public LockedPut(S3Client s3, String bucket, String sseKmsKeyId, LockPolicy lock, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.sseKmsKeyId = Objects.requireNonNull(sseKmsKeyId, "sseKmsKeyId");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome put(ArchiveRange range, byte[] encrypted, ArchiveMetadata metadata) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(range.key())
                .contentType("application/octet-stream")
                .metadata(metadata.toMap())
                .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(sseKmsKeyId)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .ifNoneMatch("*");
        if (lock.locked()) {
            request.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(lock.retainUntil(clock.instant()));
            if (lock.legalHold()) {
                request.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON);
            }
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(encrypted));
            return Outcome.STORED;
        } catch (S3Exception refused) {
            if (refused.statusCode() == PRECONDITION_FAILED) {
                return Outcome.ALREADY_STORED;
            }
            throw refused;
        }
    }
}
