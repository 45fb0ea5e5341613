package io.lumee.cli.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.format.DecodedBatch;
import io.lumee.archive.read.ArchiveObjectException;
import io.lumee.archive.read.ArchiveReader;
import io.lumee.archive.read.ArchivedValues;
import io.lumee.archive.store.ArchiveMetadata;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.archive.store.ObjectKeys;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.topics.TopicTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * One device's archived readings received in {@code [from, to)} (the record timestamp, which is
 * {@code receivedAt}), as NDJSON in partition and offset order: the reading's fields, its JWS exactly as
 * received, and where in the archive it lies. Every partition of {@code lumee.raw} is searched (a partition
 * count may have changed over the years); objects whose timestamps lie outside the window are skipped after a
 * HEAD, and every object read is checked as verify checks it.
 */
final class ReadingExport {
    private final ArchiveReader reader;
    private final ObjectMapper json = new ObjectMapper();

    ReadingExport(ArchiveReader reader) {
        this.reader = reader;
    }

    /** @return how many readings were written */
    long write(String deviceId, Instant from, Instant to, Writer out) throws IOException, ArchiveObjectException {
        byte[] key = deviceId.getBytes(StandardCharsets.UTF_8);
        String topic = TopicTable.RAW.name();
        long written = 0;
        for (int partition : reader.listing().partitions(topic)) {
            for (String objectKey : (Iterable<String>) reader.listing().keysFrom(topic, partition, 0)::iterator) {
                Optional<ArchiveRange> range = ObjectKeys.parse(objectKey);
                if (range.isEmpty() || outside(reader.metadata(range.get()), from, to)) {
                    continue;
                }
                DecodedBatch batch = reader.open(range.get());
                for (ArchivedRecord record : batch.records()) {
                    if (Arrays.equals(record.key(), key) && !record.timestamp().isBefore(from) && record.timestamp().isBefore(to)) {
                        Optional<GenericRecord> reading = ArchivedValues.decode(record, batch.writerSchemas(), LumeeReading.getClassSchema());
                        if (reading.isPresent()) {
                            out.write(json.writeValueAsString(line(reading.get(), record, range.get())));
                            out.write('\n');
                            written++;
                        }
                    }
                }
            }
        }
        out.flush();
        return written;
    }

    private static boolean outside(Optional<ArchiveMetadata> metadata, Instant from, Instant to) {
        return metadata.isPresent() && (metadata.get().maxTimestamp().isBefore(from) || !metadata.get().minTimestamp().isBefore(to));
    }

    private ObjectNode line(GenericRecord reading, ArchivedRecord record, ArchiveRange range) {
        ObjectNode line = json.createObjectNode()
                .put("readingId", text(reading, "readingId"))
                .put("deviceId", text(reading, "deviceId"))
                .put("epoch", (Integer) reading.get("epoch"))
                .put("sequence", (Long) reading.get("sequence"))
                .put("deviceTime", Instant.ofEpochMilli((Long) reading.get("deviceTime")).toString())
                .put("tissueO2", (Double) reading.get("tissueO2"))
                .put("units", text(reading, "units"))
                .put("signalQuality", (Double) reading.get("signalQuality"))
                .put("sdkVersion", text(reading, "sdkVersion"))
                .put("firmware", text(reading, "firmware"))
                .put("gatewayId", text(reading, "gatewayId"))
                .put("receivedAt", Instant.ofEpochMilli((Long) reading.get("receivedAt")).toString())
                .put("ingestId", text(reading, "ingestId"))
                .put("jws", text(reading, "jws"));
        line.putObject("archive")
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset())
                .put("object", range.key());
        return line;
    }

    private static String text(GenericRecord record, String field) {
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }
}
