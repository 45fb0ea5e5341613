package io.lumee.archive;

import io.lumee.testkit.TestServers;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts what a read_committed consumer sees below given end offsets: what the archive must hold, no more. */
public final class CommittedRecords {
    private CommittedRecords() {}

    public static long count(Map<TopicPartition, Long> ends) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers(),
                "isolation.level", "read_committed", "max.poll.records", 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the topics to their end offsets");
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        count++;
                    }
                }
            }
            return count;
        }
    }
}
