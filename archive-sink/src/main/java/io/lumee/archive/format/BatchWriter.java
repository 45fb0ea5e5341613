package io.lumee.archive.format;

import io.lumee.archive.store.ArchiveMetadata;
import io.lumee.archive.store.ArchiveRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** Writes one partition's batch as an Avro container file and digests it. */
public final class BatchWriter {
    private static final Schema HEADER = ArchiveFormat.RECORD.getField("headers").schema().getElementType();

    private BatchWriter() {}

    /**
     * @param records the range's records in offset order, at least one, all inside {@code range}
     * @param writerSchemas the registry schema of each content id the values use
     */
    public static EncodedBatch write(ArchiveRange range, List<ArchivedRecord> records, Map<Integer, String> writerSchemas) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException(range + ": an archive object holds at least one record");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> file = new DataFileWriter<>(new GenericDatumWriter<>(ArchiveFormat.RECORD))) {
            file.setCodec(CodecFactory.deflateCodec(ArchiveFormat.DEFLATE_LEVEL));
            file.setMeta(ArchiveFormat.TOPIC, range.topic());
            file.setMeta(ArchiveFormat.PARTITION, range.partition());
            file.setMeta(ArchiveFormat.FIRST, range.first());
            file.setMeta(ArchiveFormat.NEXT, range.next());
            writerSchemas.forEach((id, schema) -> file.setMeta(ArchiveFormat.SCHEMA_PREFIX + id, schema));
            file.create(ArchiveFormat.RECORD, out);
            for (ArchivedRecord record : records) {
                if (!record.topic().equals(range.topic()) || record.partition() != range.partition()
                        || record.offset() < range.first() || record.offset() >= range.next()) {
                    throw new IllegalArgumentException(record + " lies outside " + range);
                }
                file.append(avro(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        byte[] content = out.toByteArray();
        Instant min = records.stream().map(ArchivedRecord::timestamp).min(Instant::compareTo).orElseThrow();
        Instant max = records.stream().map(ArchivedRecord::timestamp).max(Instant::compareTo).orElseThrow();
        return new EncodedBatch(content, new ArchiveMetadata(sha256(content), records.size(),
                ArchiveMetadata.dateOf(records.get(0).timestamp()), min, max));
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static GenericRecord avro(ArchivedRecord record) {
        List<GenericRecord> headers = new ArrayList<>(record.headers().size());
        for (ArchivedRecord.ArchivedHeader header : record.headers()) {
            GenericRecord avroHeader = new GenericData.Record(HEADER);
            avroHeader.put("key", header.key());
            avroHeader.put("value", header.value() == null ? null : ByteBuffer.wrap(header.value()));
            headers.add(avroHeader);
        }
        GenericRecord avro = new GenericData.Record(ArchiveFormat.RECORD);
        avro.put("topic", record.topic());
        avro.put("partition", record.partition());
        avro.put("offset", record.offset());
        avro.put("timestamp", record.timestamp().toEpochMilli());
        avro.put("timestampType", record.timestampType());
        avro.put("key", record.key() == null ? null : ByteBuffer.wrap(record.key()));
        avro.put("value", record.value() == null ? null : ByteBuffer.wrap(record.value()));
        avro.put("headers", headers);
        return avro;
    }
}
