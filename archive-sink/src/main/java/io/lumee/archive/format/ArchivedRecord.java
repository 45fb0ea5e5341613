package io.lumee.archive.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A consumed Kafka record as the archive keeps it: coordinates, timestamp, and the bytes untouched. */
public record ArchivedRecord(String topic, int partition, long offset, Instant timestamp, String timestampType,
                             byte[] key, byte[] value, List<ArchivedHeader> headers) {

    /** One header; repeats are kept in order. */
    public record ArchivedHeader(String key, byte[] value) {
        public ArchivedHeader {
            Objects.requireNonNull(key, "key");
        }
    }

    public ArchivedRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timestampType, "timestampType");
        headers = List.copyOf(headers);
    }

    public static ArchivedRecord of(ConsumerRecord<byte[], byte[]> record) {
        List<ArchivedHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new ArchivedHeader(header.key(), header.value()));
        }
        return new ArchivedRecord(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.timestampType().name, record.key(), record.value(), headers);
    }

    /** Bytes of key, value and headers: what a batch's size bound counts. */
    public long size() {
        long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (ArchivedHeader header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    @Override
    public String toString() {
        // never the bytes: a value is a reading
        return "ArchivedRecord[" + topic + "/" + partition + "@" + offset + "]";
    }
}
