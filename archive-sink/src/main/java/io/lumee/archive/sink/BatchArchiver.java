package io.lumee.archive.sink;

import io.lumee.archive.envelope.EnvelopeEncryption;
import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.format.BatchWriter;
import io.lumee.archive.format.EncodedBatch;
import io.lumee.archive.format.WriterSchemas;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.archive.store.LockedPut;
import java.io.IOException;
import java.util.List;

/** One batch into one object: Avro container file, digest, envelope encryption, locked put. */
public final class BatchArchiver {
    /** What was stored: the object's size, and whether an earlier attempt had already stored it. */
    public record Stored(ArchiveRange range, long bytes, LockedPut.Outcome outcome) { }

    private final WriterSchemas schemas;
    private final EnvelopeEncryption envelope;
    private final LockedPut put;

    public BatchArchiver(WriterSchemas schemas, EnvelopeEncryption envelope, LockedPut put) {
        this.schemas = schemas;
        this.envelope = envelope;
        this.put = put;
    }

    public Stored archive(ArchiveRange range, List<ArchivedRecord> records) throws IOException {
        EncodedBatch batch = BatchWriter.write(range, records, schemas.forValues(records));
        byte[] encrypted = envelope.encrypt(range, batch.content());
        return new Stored(range, encrypted.length, put.put(range, encrypted, batch.metadata()));
    }
}
