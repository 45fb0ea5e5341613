package io.lumee.cli.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code topics apply} must do to bring the cluster to the desired topics, or why it refuses. Pure:
 * the same desired and existing state always give the same plan, so running apply twice changes nothing
 * the second time.
 */
record TopicPlan(List<TopicChange> changes, List<String> refusals) {
    TopicPlan {
        changes = List.copyOf(changes);
        refusals = List.copyOf(refusals);
    }

    boolean refused() {
        return !refusals.isEmpty();
    }

    /**
     * @param coPartitioned topics whose partition count holds per-device state (lumee.raw, lumee.devices)
     * @param migrate the operator's explicit consent to change their partition count
     */
    static TopicPlan of(List<DesiredTopic> desired, Map<String, ExistingTopic> existing, Set<String> coPartitioned,
                        boolean migrate) {
        List<TopicChange> changes = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (DesiredTopic topic : desired) {
            ExistingTopic current = existing.get(topic.name());
            if (current == null) {
                changes.add(new TopicChange.Create(topic));
                continue;
            }
            planPartitions(topic, current, coPartitioned, migrate, changes, refusals);
            if (current.replicationFactor() != topic.replicationFactor()) {
                changes.add(new TopicChange.Notice(topic.name(), "replication factor is " + current.replicationFactor()
                        + ", wanted " + topic.replicationFactor() + "; change it with a partition reassignment"));
            }
            Map<String, String> set = new LinkedHashMap<>();
            topic.configs().forEach((key, value) -> {
                if (!value.equals(current.configs().get(key))) {
                    set.put(key, value);
                }
            });
            if (!set.isEmpty()) {
                changes.add(new TopicChange.AlterConfigs(topic.name(), set, current.configs()));
            }
        }
        refuseSplitCoPartitioning(desired, coPartitioned, refusals);
        return new TopicPlan(changes, refusals);
    }

    private static void planPartitions(DesiredTopic topic, ExistingTopic current, Set<String> coPartitioned,
                                       boolean migrate, List<TopicChange> changes, List<String> refusals) {
        if (topic.partitions() < current.partitions()) {
            refusals.add(topic.name() + " has " + current.partitions() + " partitions; Kafka cannot shrink a topic to "
                    + topic.partitions() + " (recreate it, or keep " + current.partitions() + ")");
        } else if (topic.partitions() > current.partitions()) {
            if (coPartitioned.contains(topic.name()) && !migrate) {
                refusals.add(topic.name() + " has " + current.partitions() + " partitions; changing it to "
                        + topic.partitions() + " moves devices to other partitions and strands their state;"
                        + " pass --migrate if that is intended");
            } else {
                changes.add(new TopicChange.AddPartitions(topic.name(), current.partitions(), topic.partitions()));
            }
        }
    }

    private static void refuseSplitCoPartitioning(List<DesiredTopic> desired, Set<String> coPartitioned,
                                                  List<String> refusals) {
        List<DesiredTopic> group = desired.stream().filter(t -> coPartitioned.contains(t.name())).toList();
        if (group.stream().map(DesiredTopic::partitions).distinct().count() > 1) {
            StringBuilder line = new StringBuilder("co-partitioned topics must have equal partition counts:");
            group.forEach(t -> line.append(' ').append(t.name()).append('=').append(t.partitions()));
            refusals.add(line.toString());
        }
    }
}
