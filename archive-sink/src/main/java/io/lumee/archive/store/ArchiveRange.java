package io.lumee.archive.store;

import java.util.Objects;

/**
 * The offsets of one archived object: {@code [first, next)} of one topic partition. {@code next} is where
 * the following object begins, which may lie past the last record's offset + 1 (transaction markers take
 * offsets too), so consecutive objects abut exactly and a hole between them is a real gap.
 */
public record ArchiveRange(String topic, int partition, long first, long next) {
    public ArchiveRange {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.contains("/")) {
            throw new IllegalArgumentException("topic must be a Kafka topic name without '/': \"" + topic + "\"");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
        if (first < 0 || next <= first) {
            throw new IllegalArgumentException("a range needs 0 <= first < next, was [" + first + ", " + next + ")");
        }
    }

    public String key() {
        return ObjectKeys.key(this);
    }

    /** The partition as {@code topic/partition}, as object keys and problem lines name it. */
    public String partitionName() {
        return topic + "/" + partition;
    }

    @Override
    public String toString() {
        return partitionName() + " [" + first + ", " + next + ")";
    }
}
