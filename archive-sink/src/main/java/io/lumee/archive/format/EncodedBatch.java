package io.lumee.archive.format;

import io.lumee.archive.store.ArchiveMetadata;
import java.util.Objects;

/** A batch as an Avro container file, and the metadata its object carries. */
public record EncodedBatch(byte[] content, ArchiveMetadata metadata) {
    public EncodedBatch {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(metadata, "metadata");
    }
}
