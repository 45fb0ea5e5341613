package io.lumee.cli.topics;

import java.util.Map;

/** A topic as the cluster has it now; {@code configs} holds only the keys we manage. */
record ExistingTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    ExistingTopic {
        configs = Map.copyOf(configs);
    }
}
