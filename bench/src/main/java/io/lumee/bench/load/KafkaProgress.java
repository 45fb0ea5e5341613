package io.lumee.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Progress as the broker records it: a group's committed offsets and a topic's end offsets. Every
 * throughput row counts records from the committed offsets of the consumer under test, so a stage is
 * credited only with work it finished (for exactly-once stages, work whose transaction committed).
 */
final class KafkaProgress implements AutoCloseable {
    private final Admin admin;

    KafkaProgress(Map<String, Object> client) {
        this.admin = Admin.create(client);
    }

    /** The sum over the topic's partitions of what {@code group} has committed (0 for an uncommitted partition). */
    long committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            return 0;
        }
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    /** Up to {@code limit} records (key, value) from {@code from}, as a read_committed sink would see them. */
    static List<String[]> readCommitted(Map<String, Object> client, Map<TopicPartition, Long> from, int limit) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", false);
        properties.put("max.poll.records", 2000);
        List<String[]> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            int emptyPolls = 0;
            while (records.size() < limit && emptyPolls < 3) {
                var polled = consumer.poll(Duration.ofSeconds(2));
                emptyPolls = polled.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : polled) {
                    records.add(new String[] {record.key(), record.value()});
                }
            }
        }
        return records.size() > limit ? records.subList(0, limit) : records;
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Makes {@code group} (not running) start at {@code offsets}. */
    void startGroupAt(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        try {
            admin.alterConsumerGroupOffsets(group, commit).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set the offsets of " + group, e);
        }
    }

    void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create " + name, e);
            }
        }
    }

    /**
     * Samples {@code counter} every {@code every} until it reaches {@code goal} or {@code limit} passes
     * after it first moved, and returns the samples (seconds since the first sample, value).
     */
    static List<double[]> follow(java.util.function.LongSupplier counter, long goal, Duration limit, Duration every,
                                 Duration startTimeout) throws InterruptedException {
        List<double[]> samples = new ArrayList<>();
        long started = System.nanoTime();
        long first = counter.getAsLong();
        long movedAt = -1;
        samples.add(new double[] {0, first});
        while (true) {
            Thread.sleep(every.toMillis());
            long value = counter.getAsLong();
            long now = System.nanoTime();
            samples.add(new double[] {(now - started) / 1e9, value});
            if (movedAt < 0 && value != first) {
                movedAt = now;
            }
            if (value >= goal) {
                return samples;
            }
            if (movedAt < 0 && now - started > startTimeout.toNanos()) {
                return samples;
            }
            if (movedAt >= 0 && now - movedAt > limit.toNanos()) {
                return samples;
            }
        }
    }

    /**
     * The steady rate within samples: from the first sample {@code skip} after the counter first moved to
     * the last sample, or, when the counter reached its goal, to the sample where it did.
     */
    static double steadyRate(List<double[]> samples, Duration skip) {
        double base = samples.get(0)[1];
        int moved = -1;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i)[1] != base) {
                moved = i;
                break;
            }
        }
        if (moved < 0) {
            return 0;
        }
        double from = samples.get(moved)[0] + skip.toMillis() / 1000.0;
        int start = moved;
        while (start < samples.size() - 1 && samples.get(start)[0] < from) {
            start++;
        }
        double last = samples.get(samples.size() - 1)[1];
        int end = samples.size() - 1;
        while (end > start && samples.get(end - 1)[1] == last) {
            end--;
        }
        if (end - start < 2) {
            // too short to skip the warm-up: the whole run from the first move
            start = Math.max(0, moved - 1);
        }
        double seconds = samples.get(end)[0] - samples.get(start)[0];
        return seconds <= 0 ? 0 : (samples.get(end)[1] - samples.get(start)[1]) / seconds;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
