package io.lumee.devstack;

import io.lumee.schemas.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A topic read from its start to its end without a consumer group. */
final class TopicReading {
    private TopicReading() {}

    /** The values as a read_committed sink sees them. */
    static <V> List<V> readToEnd(Topic<String, V> topic, Map<String, Object> client) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties(client, "read_committed"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            drain(consumer, topic.name()).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    /** Every record as stored, aborted transactions included: what anyone with Read on the topic can see. */
    static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, Map<String, Object> client) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(client, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return drain(consumer, topic);
        }
    }

    private static Map<String, Object> properties(Map<String, Object> client, String isolation) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("isolation.level", isolation);
        properties.put("enable.auto.commit", false);
        properties.remove("group.id");
        return properties;
    }

    private static <K, V> List<ConsumerRecord<K, V>> drain(KafkaConsumer<K, V> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
