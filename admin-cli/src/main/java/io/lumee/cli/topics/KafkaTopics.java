package io.lumee.cli.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** Reads the topics' current state from the cluster and carries out a plan's changes. */
final class KafkaTopics {
    private final Admin admin;
    private final Duration timeout;

    KafkaTopics(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    int brokerCount() throws ExecutionException, InterruptedException, TimeoutException {
        return await(admin.describeCluster().nodes()).size();
    }

    /** The named topics that exist, with the values of {@code managedKeys} as the cluster reports them. */
    Map<String, ExistingTopic> describe(Collection<String> names, Set<String> managedKeys)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> present = await(admin.listTopics().names()).stream().filter(names::contains)
                .collect(Collectors.toSet());
        if (present.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(present).allTopicNames());
        List<ConfigResource> resources = present.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
        Map<String, ExistingTopic> existing = new HashMap<>();
        for (String name : present) {
            TopicDescription description = descriptions.get(name);
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            Map<String, String> managed = new HashMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (managedKeys.contains(entry.name()) && entry.value() != null) {
                    managed.put(entry.name(), entry.value());
                }
            }
            existing.put(name, new ExistingTopic(name, description.partitions().size(),
                    description.partitions().get(0).replicas().size(), managed));
        }
        return existing;
    }

    void apply(TopicChange change) throws ExecutionException, InterruptedException, TimeoutException {
        if (change instanceof TopicChange.Create create) {
            DesiredTopic topic = create.desired();
            await(admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor())
                    .configs(topic.configs()))).all());
        } else if (change instanceof TopicChange.AddPartitions add) {
            await(admin.createPartitions(Map.of(add.topic(), NewPartitions.increaseTo(add.to()))).all());
        } else if (change instanceof TopicChange.AlterConfigs alter) {
            List<AlterConfigOp> ops = alter.set().entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            await(admin.incrementalAlterConfigs(
                    Map.of(new ConfigResource(ConfigResource.Type.TOPIC, alter.topic()), ops)).all());
        }
    }

    /**
     * Waits until the cluster's metadata shows every topic with its partitions: Kafka acknowledges a
     * create before every broker serves it, and a re-run in that window must not try to create again.
     */
    void awaitVisible(List<DesiredTopic> desired) throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> names = desired.stream().map(DesiredTopic::name).collect(Collectors.toSet());
        while (true) {
            Map<String, Integer> visible = partitionCounts(names);
            if (desired.stream().allMatch(t -> visible.getOrDefault(t.name(), 0) >= t.partitions())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics not yet visible: " + names.stream()
                        .filter(name -> !visible.containsKey(name)).sorted().toList());
            }
            Thread.sleep(100);
        }
    }

    private Map<String, Integer> partitionCounts(Set<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> listed = await(admin.listTopics().names()).stream().filter(names::contains)
                .collect(Collectors.toSet());
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<TopicDescription>> entry
                : admin.describeTopics(listed).topicNameValues().entrySet()) {
            try {
                counts.put(entry.getKey(), await(entry.getValue()).partitions().size());
            } catch (ExecutionException notYetServed) {
                // listed by the controller but not yet by the broker we asked; the next round sees it
            }
        }
        return counts;
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future)
            throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
