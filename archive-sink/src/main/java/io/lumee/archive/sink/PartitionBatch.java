package io.lumee.archive.sink;

import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.store.ArchiveRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition waiting to become an object. It starts where the previous object ended (or
 * where the archive resumed), not at its first record's offset, so objects abut across transaction markers.
 */
final class PartitionBatch {
    private final TopicPartition partition;
    private final long start;
    private final List<ArchivedRecord> records = new ArrayList<>();
    private long bytes;
    private Instant oldest;

    PartitionBatch(TopicPartition partition, long start) {
        this.partition = partition;
        this.start = start;
    }

    void add(ArchivedRecord record, Instant now) {
        if (records.isEmpty()) {
            oldest = now;
        }
        records.add(record);
        bytes += record.size();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    boolean full(BatchLimits limits) {
        return records.size() >= limits.records() || bytes >= limits.bytes();
    }

    boolean due(BatchLimits limits, Instant now) {
        return !records.isEmpty() && Duration.between(oldest, now).compareTo(limits.age()) >= 0;
    }

    /** The object's range when the next object begins at {@code next}. */
    ArchiveRange range(long next) {
        return new ArchiveRange(partition.topic(), partition.partition(), start, next);
    }

    List<ArchivedRecord> records() {
        return records;
    }
}
