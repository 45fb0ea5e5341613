package io.lumee.archive.format;

import io.lumee.archive.store.ArchiveRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/** Reads an archive object's plaintext back into records. */
public final class BatchReader {
    private BatchReader() {}

    /** @throws MalformedBatchException when the content is not an archive batch */
    public static DecodedBatch read(byte[] content) {
        try (DataFileReader<GenericRecord> file = new DataFileReader<>(new SeekableByteArrayInput(content),
                new GenericDatumReader<>(ArchiveFormat.RECORD))) {
            ArchiveRange range = new ArchiveRange(file.getMetaString(ArchiveFormat.TOPIC),
                    (int) file.getMetaLong(ArchiveFormat.PARTITION), file.getMetaLong(ArchiveFormat.FIRST),
                    file.getMetaLong(ArchiveFormat.NEXT));
            Map<Integer, Schema> schemas = new HashMap<>();
            for (String name : file.getMetaKeys()) {
                if (name.startsWith(ArchiveFormat.SCHEMA_PREFIX)) {
                    schemas.put(Integer.valueOf(name.substring(ArchiveFormat.SCHEMA_PREFIX.length())),
                            new Schema.Parser().parse(new String(file.getMeta(name), StandardCharsets.UTF_8)));
                }
            }
            List<ArchivedRecord> records = new ArrayList<>();
            for (GenericRecord avro : file) {
                records.add(record(avro));
            }
            return new DecodedBatch(range, records, schemas);
        } catch (IOException | AvroRuntimeException | IllegalArgumentException | NullPointerException | ClassCastException malformed) {
            throw new MalformedBatchException("not an archive batch: " + malformed.getClass().getSimpleName(), malformed);
        }
    }

    private static ArchivedRecord record(GenericRecord avro) {
        List<ArchivedRecord.ArchivedHeader> headers = new ArrayList<>();
        for (Object header : (List<?>) avro.get("headers")) {
            GenericRecord avroHeader = (GenericRecord) header;
            headers.add(new ArchivedRecord.ArchivedHeader(avroHeader.get("key").toString(), bytes(avroHeader.get("value"))));
        }
        return new ArchivedRecord(avro.get("topic").toString(), (Integer) avro.get("partition"), (Long) avro.get("offset"),
                Instant.ofEpochMilli((Long) avro.get("timestamp")), avro.get("timestampType").toString(),
                bytes(avro.get("key")), bytes(avro.get("value")), headers);
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
