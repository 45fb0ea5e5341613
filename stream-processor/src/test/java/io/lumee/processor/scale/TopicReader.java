package io.lumee.processor.scale;

import io.lumee.schemas.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics back as a sink would, at the isolation level given. */
final class TopicReader {
    private final Map<String, Object> client;

    TopicReader(Map<String, Object> client) {
        this.client = client;
    }

    /**
     * Reads from the start, handing each record to {@code each}, until {@code enough} holds (or
     * {@code timeout} passes), then on until nothing new arrived for {@code quiet}: a record beyond what
     * was expected must show up, not be missed. Returns how many records were read. Records are not
     * kept: tens of thousands of bundles would not fit a test JVM's heap.
     */
    <V> long read(Topic<String, V> topic, String isolation, Consumer<ConsumerRecord<String, V>> each,
                  BooleanSupplier enough, Duration timeout, Duration quiet) {
        long count = 0;
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties(isolation),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastNew = System.nanoTime();
            boolean satisfied = false;
            while (System.nanoTime() < deadline && !(satisfied && System.nanoTime() - lastNew > quiet.toNanos())) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(250))) {
                    each.accept(record);
                    count++;
                    lastNew = System.nanoTime();
                }
                satisfied = satisfied || enough.getAsBoolean();
            }
        }
        return count;
    }

    /** Records in the topic's partitions, committed or not: a measure of progress, not of results. */
    long endOffsetSum(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties("read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Map<String, Object> properties(String isolation) {
        Map<String, Object> props = new HashMap<>(client);
        props.put("group.id", "reconcile-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", false);
        props.put("isolation.level", isolation);
        props.put("max.poll.records", 5000);
        return props;
    }
}
