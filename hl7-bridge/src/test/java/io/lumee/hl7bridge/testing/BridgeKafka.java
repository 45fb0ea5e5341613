package io.lumee.hl7bridge.testing;

import io.lumee.hl7bridge.testing.OruMessages.Sent;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The shared broker and registry as the bridge's tests use them: topics from the wire contract, a
 * consumer group started at the end of {@code lumee.hl7v2.oru} (test classes share the topic), the
 * messages produced as the processor would, and {@code lumee.rejected} read back with read_committed.
 */
public final class BridgeKafka {
    private static final KafkaBroker BROKER = TestServers.kafka();
    private final Map<String, Object> client;
    private final boolean mutualTls;
    private final Topics topics;

    private BridgeKafka(Map<String, Object> client, boolean mutualTls) {
        this.client = client;
        this.mutualTls = mutualTls;
        this.topics = Topics.create(RegistrySettings.of(TestServers.registry().registryUrl(), true));
        createTopics();
    }

    /** Over the broker's plaintext listener, or its mutual-TLS one (a client certificate from the test CA). */
    public static BridgeKafka connect(boolean mutualTls) {
        Map<String, Object> client = mutualTls
                ? new HashMap<>(BROKER.tlsClientProperties(TestServers.ca().issue(CertificateSpec.client("hl7-bridge-it"))))
                : new HashMap<>(Map.of("bootstrap.servers", BROKER.bootstrapServers()));
        return new BridgeKafka(client, mutualTls);
    }

    /** The {@code LUMEE_KAFKA_*} and registry variables for a bridge using the same listener. */
    public Map<String, String> environment(Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("LUMEE_REGISTRY_URL", TestServers.registry().registryUrl());
        if (!mutualTls) {
            env.put("LUMEE_KAFKA_BOOTSTRAP", BROKER.bootstrapServers());
            return env;
        }
        Path password = Files.writeString(dir.resolve("kafka-store-password"), (String) client.get("ssl.keystore.password"));
        env.put("LUMEE_KAFKA_BOOTSTRAP", BROKER.tlsBootstrapServers());
        env.put("LUMEE_KAFKA_SECURITY_PROTOCOL", "SSL");
        env.put("LUMEE_KAFKA_KEYSTORE_FILE", (String) client.get("ssl.keystore.location"));
        env.put("LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE", password.toString());
        env.put("LUMEE_KAFKA_TRUSTSTORE_FILE", (String) client.get("ssl.truststore.location"));
        env.put("LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE", password.toString());
        return env;
    }

    /** Commits the group's offsets at the current end of the topic, so it reads only what is produced next. */
    public void startGroupAtEnd(String groupId) throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < TopicTable.HL7V2_ORU.partitions(); p++) {
                latest.put(new TopicPartition(TopicTable.HL7V2_ORU.name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets(groupId, ends.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, end -> new OffsetAndMetadata(end.getValue().offset()))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Whether the group has committed everything on the topic. */
    public boolean groupCaughtUp(String groupId) throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            // a transaction marker sits after the last record; the committed offset may stop just before it
            return committed.entrySet().stream().allMatch(entry -> ends.get(entry.getKey()).offset() - entry.getValue().offset() <= 1);
        }
    }

    /** Produces each message as the processor does: keyed by patient key, with the reading headers, timestamped at receipt. */
    public void produce(List<Sent> messages) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("acks", "all");
        properties.put("enable.idempotence", true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (Sent message : messages) {
                producer.send(message.headers().producerRecord(topics.hl7v2Oru().name(), message.patientKey(), message.er7()));
            }
            producer.flush();
        }
    }

    /** A read_committed reader of {@code lumee.rejected} from its beginning; keeps what it has read. */
    public RejectionReader rejections() {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("group.id", "it-rejections-" + System.nanoTime());
        properties.put("auto.offset.reset", "earliest");
        properties.put("isolation.level", "read_committed");
        KafkaConsumer<String, Rejection> consumer = new KafkaConsumer<>(properties, topics.rejected().keySerde().deserializer(),
                topics.rejected().valueSerde().deserializer());
        consumer.subscribe(List.of(topics.rejected().name()));
        return new RejectionReader(consumer);
    }

    /** What the test read of {@code lumee.rejected}. */
    public static final class RejectionReader implements AutoCloseable {
        private final KafkaConsumer<String, Rejection> consumer;
        private final List<ConsumerRecord<String, Rejection>> read = new ArrayList<>();

        RejectionReader(KafkaConsumer<String, Rejection> consumer) {
            this.consumer = consumer;
        }

        /** Reads what has arrived; the rejections of these readings so far. */
        public List<ConsumerRecord<String, Rejection>> of(Set<String> readingIds) {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            return read.stream().filter(record -> readingIds.contains(record.value().getReadingId())).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private void createTopics() {
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : List.of(TopicTable.HL7V2_ORU, TopicTable.REJECTED)) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // another test class may have created them meanwhile
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create the topics", e);
            }
        }
    }
}
