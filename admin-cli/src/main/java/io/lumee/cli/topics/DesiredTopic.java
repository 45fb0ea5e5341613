package io.lumee.cli.topics;

import java.util.Map;
import java.util.Objects;

/** A topic as it should be on this cluster: the contract's spec with the operator's overrides applied. */
record DesiredTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    DesiredTopic {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(name + ": replication factor must be at least 1, got " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }
}
