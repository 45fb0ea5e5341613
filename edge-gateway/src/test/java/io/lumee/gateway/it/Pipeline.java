package io.lumee.gateway.it;

import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.SigningAlgorithm;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** The Kafka side of the tests: topics of the contract, registrations to publish, and what landed on a topic. */
public final class Pipeline {

    private final String bootstrap;
    private final Topics topics;

    public Pipeline(String bootstrap, String registryUrl) throws Exception {
        this.bootstrap = bootstrap;
        this.topics = Topics.create(RegistrySettings.of(registryUrl, true));
        createTopics();
    }

    public Topics topics() {
        return topics;
    }

    /** Every topic of the contract, as {@code topics apply} would make them on one broker; existing ones are kept. */
    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (TopicSpec spec : TopicTable.ALL) {
                try {
                    admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs())))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            // a create is acknowledged before the broker serves the topic: wait, or the first sends stall
            List<String> names = TopicTable.ALL.stream().map(TopicSpec::name).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    public void register(String deviceId, DeviceStatus status, List<String> gatewayIds) throws Exception {
        DeviceRegistration registration = DeviceRegistration.newBuilder()
                .setDeviceId(deviceId).setStatus(status).setAlg(SigningAlgorithm.HS256).setPublicKeyJwk(null)
                .setGatewayIds(gatewayIds).setFacility("ward-7").setUdi(null).setAssignments(List.of())
                .setUpdatedAt(Instant.now()).build();
        try (KafkaProducer<String, DeviceRegistration> producer = producer(topics.devices())) {
            producer.send(new ProducerRecord<>(topics.devices().name(), deviceId, registration)).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The records matching {@code which}, read up to the topic's end, again and again until there are at
     * least {@code count} (or 30 s passed); {@code count} 0 reads to the end once. What a gateway
     * acknowledged is already there, so "none" needs no waiting.
     */
    public <V> List<ConsumerRecord<String, V>> awaitRecords(Topic<String, V> topic, Predicate<ConsumerRecord<String, V>> which, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            while (true) {
                List<ConsumerRecord<String, V>> found = new ArrayList<>();
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                        if (which.test(record)) {
                            found.add(record);
                        }
                    });
                }
                if (found.size() >= count || System.nanoTime() > deadline) {
                    return found;
                }
            }
        }
    }

    public List<ConsumerRecord<String, LumeeReading>> awaitReadings(String deviceId, int count) {
        return awaitRecords(topics.raw(), record -> deviceId.equals(record.key()), count);
    }

    public List<ConsumerRecord<String, AuditRecord>> awaitAudit(Predicate<AuditRecord> which, int count) {
        return awaitRecords(topics.audit(), record -> which.test(record.value()), count);
    }

    private <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
