package io.lumee.archive.read;

import io.lumee.archive.envelope.EnvelopeEncryption;
import io.lumee.archive.envelope.EnvelopeException;
import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.format.BatchReader;
import io.lumee.archive.format.BatchWriter;
import io.lumee.archive.format.DecodedBatch;
import io.lumee.archive.format.MalformedBatchException;
import io.lumee.archive.store.ArchiveListing;
import io.lumee.archive.store.ArchiveMetadata;
import io.lumee.archive.store.ArchiveRange;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads archive objects back and checks each on the way: it decrypts under the encryption context of the
 * range its key names, its content's SHA-256 matches the object's metadata, and the content is an archive
 * batch of exactly that range, its records in offset order inside it, as many as the metadata says.
 */
public final class ArchiveReader {
    private final S3Client s3;
    private final String bucket;
    private final EnvelopeEncryption envelope;
    private final ArchiveListing listing;

    public ArchiveReader(S3Client s3, String bucket, EnvelopeEncryption envelope) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.listing = new ArchiveListing(s3, bucket);
    }

    public ArchiveListing listing() {
        return listing;
    }

    /** The object's metadata from a HEAD, without fetching or decrypting it; empty when it is not ours. */
    public Optional<ArchiveMetadata> metadata(ArchiveRange range) {
        return ArchiveMetadata.fromMap(s3.headObject(request -> request.bucket(bucket).key(range.key())).metadata());
    }

    public DecodedBatch open(ArchiveRange range) throws ArchiveObjectException {
        String key = range.key();
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException deleted) {
            // a listing may still name a key whose current version is a delete marker
            throw new ArchiveObjectException("missing", key, "listed, but it has no current version (deleted)");
        }
        ArchiveMetadata metadata = ArchiveMetadata.fromMap(object.response().metadata())
                .orElseThrow(() -> new ArchiveObjectException("metadata", key, "lumee-sha256, lumee-records or a timestamp is missing or malformed"));
        byte[] content;
        try {
            content = envelope.decrypt(range, object.asByteArrayUnsafe());
        } catch (EnvelopeException refused) {
            throw new ArchiveObjectException("decrypt", key, refused.getMessage());
        }
        if (!MessageDigest.isEqual(BatchWriter.sha256(content), metadata.sha256())) {
            throw new ArchiveObjectException("digest", key, "the content's SHA-256 is not the lumee-sha256 the object was stored with");
        }
        DecodedBatch batch;
        try {
            batch = BatchReader.read(content);
        } catch (MalformedBatchException malformed) {
            throw new ArchiveObjectException("content", key, malformed.getMessage());
        }
        if (!batch.declaredRange().equals(range)) {
            throw new ArchiveObjectException("content", key, "the content declares " + batch.declaredRange());
        }
        long previous = range.first() - 1;
        for (ArchivedRecord record : batch.records()) {
            if (!record.topic().equals(range.topic()) || record.partition() != range.partition()
                    || record.offset() <= previous || record.offset() >= range.next()) {
                throw new ArchiveObjectException("content", key, "record " + record.topic() + "/" + record.partition() + "@"
                        + record.offset() + " is out of place");
            }
            previous = record.offset();
        }
        if (batch.records().size() != metadata.records()) {
            throw new ArchiveObjectException("content", key, batch.records().size() + " records, the metadata says " + metadata.records());
        }
        return batch;
    }
}
