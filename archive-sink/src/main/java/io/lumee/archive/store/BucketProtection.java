package io.lumee.archive.store;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Whether a bucket can hold a write-once archive: versioning Enabled and Object Lock enabled. */
public record BucketProtection(String bucket, boolean versioned, boolean objectLock) {

    public static BucketProtection of(S3Client s3, String bucket) {
        boolean versioned = s3.getBucketVersioning(request -> request.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
        boolean objectLock;
        try {
            objectLock = s3.getObjectLockConfiguration(request -> request.bucket(bucket)).objectLockConfiguration()
                    .objectLockEnabled() == ObjectLockEnabled.ENABLED;
        } catch (S3Exception notConfigured) {
            // AWS answers 404 ObjectLockConfigurationNotFoundError for a bucket created without Object Lock,
            // S3Mock 400 InvalidRequest "Bucket is missing Object Lock Configuration"
            if (notConfigured.statusCode() != 404 && !"InvalidRequest".equals(notConfigured.awsErrorDetails().errorCode())) {
                throw notConfigured;
            }
            objectLock = false;
        }
        return new BucketProtection(bucket, versioned, objectLock);
    }

    public boolean writeOnce() {
        return versioned && objectLock;
    }

    /** e.g. {@code versioning not enabled, no Object Lock}. */
    public String describe() {
        return (versioned ? "versioning enabled" : "versioning not enabled") + ", " + (objectLock ? "Object Lock enabled" : "no Object Lock");
    }
}
