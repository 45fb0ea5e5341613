package io.lumee.schemas.topics;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as the wire contract declares it: name, default partition count and the topic-level configs
 * (cleanup policy, retention, compaction lag). Replication and min.insync belong to the cluster and are
 * chosen when the topic is applied.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, configs);
    }
}
