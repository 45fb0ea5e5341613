package io.lumee.archive.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The archive object's plaintext: an Avro object container file of {@code ArchivedRecord}s (deflate-compressed
 * before encryption, since ciphertext does not compress), with file metadata naming the partition and range and
 * carrying the writer schema of every registry content id its values use, so an object stays readable long after
 * the registry that served those schemas is gone.
 */
public final class ArchiveFormat {
    public static final Schema RECORD = load();
    static final String TOPIC = "lumee.topic";
    static final String PARTITION = "lumee.partition";
    static final String FIRST = "lumee.first";
    static final String NEXT = "lumee.next";
    /** Followed by the content id: {@code lumee.schema.42}. */
    static final String SCHEMA_PREFIX = "lumee.schema.";
    static final int DEFLATE_LEVEL = 1;

    private ArchiveFormat() {}

    private static Schema load() {
        try (InputStream in = ArchiveFormat.class.getResourceAsStream("ArchivedRecord.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("ArchivedRecord.avsc is part of this jar", e);
        }
    }
}
