package io.lumee.fhirsink.it;

import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirSinkConfig;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Main;
import io.lumee.fhirsink.Readings;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kafka.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real broker and registry of the testkit, the wire-contract topics on them, and the sink run as a
 * service ({@link Main#wire}) from a {@code LUMEE_*} environment. Test classes share the broker and its
 * topics, so each starts its sink's consumer group at the end of the topic it then fills, and reads
 * back only the rejections of its own readings.
 */
final class SinkHarness {
    static final KafkaBroker BROKER = TestServers.kafka();
    static final Topics TOPICS = Topics.create(RegistrySettings.of(TestServers.registry().registryUrl(), true));
    private static final Admin ADMIN = Admin.create(Map.of("bootstrap.servers", BROKER.bootstrapServers()));

    static {
        List<NewTopic> topics = TopicTable.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs())).toList();
        for (NewTopic topic : topics) {
            try {
                ADMIN.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(e);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        awaitLeaders(topics.stream().map(NewTopic::name).toList());
    }

    /** A topic just created is not in every metadata answer yet; offsets asked for too early are refused. */
    private static void awaitLeaders(List<String> topics) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                boolean led = ADMIN.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null));
                if (led) {
                    return;
                }
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without leaders after 30 s", notYet);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics without leaders after 30 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private SinkHarness() {}

    /** The environment of a sink on the plaintext listener, draining {@code version} into {@code baseUrl}. */
    static Map<String, String> environment(FhirVersion version, String baseUrl, String group) {
        Map<String, String> environment = new HashMap<>();
        environment.put("LUMEE_KAFKA_BOOTSTRAP", BROKER.bootstrapServers());
        environment.put("LUMEE_REGISTRY_URL", TestServers.registry().registryUrl());
        environment.put("LUMEE_MANAGEMENT_HOST", "127.0.0.1");
        environment.put("LUMEE_MANAGEMENT_PORT", "0");
        environment.put("LUMEE_FHIR_VERSIONS", version.name());
        environment.put("LUMEE_FHIR_" + version.name() + "_BASE_URL", baseUrl);
        environment.put("LUMEE_FHIR_SINK_GROUP_ID", group);
        environment.put("LUMEE_FHIR_SINK_INSTANCE_ID", group + "-1");
        environment.put("LUMEE_FHIR_RETRY_MAX_DELAY", "5s");
        return environment;
    }

    static ServiceRuntime startSink(Map<String, String> environment) throws Exception {
        return ServiceRuntime.start("fhir-sink", new ConfigReader(environment), FhirSinkConfig::from, Main::wire);
    }

    /** Produces each reading's bundle as the processor does: keyed by patient key, with the reading headers. */
    static Map<String, byte[]> produce(FhirVersion version, List<ProcessedReading> readings, SubjectMode mode) {
        Map<String, byte[]> produced = new HashMap<>();
        String topic = version.topic(TOPICS).name();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.bootstrapServers(),
                "linger.ms", 20, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (ProcessedReading reading : readings) {
                String bundle = Readings.bundle(version, reading, mode);
                produced.put(reading.readingId(), bundle.getBytes(StandardCharsets.UTF_8));
                producer.send(Readings.headers(reading).producerRecord(topic, patientKey(reading.patient().value()), bundle),
                        (metadata, exception) -> failed.compareAndSet(null, exception));
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("a test record was not produced", failed.get());
        }
        return produced;
    }

    /** Commits {@code group} at the current end of {@code topic}, so its sink sees only what comes next. */
    static void startGroupAtEnd(String group, FhirVersion version) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        endOffsets(version).forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        ADMIN.alterConsumerGroupOffsets(group(group, version), offsets).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * Commits {@code group} at offset 0 of every partition: a replay of the whole topic. Its stopped
     * static members are removed first, as an operator would: they stay until their session times out.
     */
    static void rewindGroup(String group, FhirVersion version) throws Exception {
        ADMIN.removeMembersFromConsumerGroup(group(group, version),
                new org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions()).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        endOffsets(version).keySet().forEach(partition -> offsets.put(partition, new OffsetAndMetadata(0)));
        ADMIN.alterConsumerGroupOffsets(group(group, version), offsets).all().get(30, TimeUnit.SECONDS);
    }

    /** Records the group has committed past, over the topic. */
    static long committed(String group, FhirVersion version) throws Exception {
        return ADMIN.listConsumerGroupOffsets(group(group, version)).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    static long endOfTopic(FhirVersion version) throws Exception {
        return endOffsets(version).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits until the group has committed the whole topic. */
    static void awaitCaughtUp(String group, FhirVersion version, Duration timeout) throws Exception {
        long end = endOfTopic(version);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(group, version) < end) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + group(group, version) + " committed " + committed(group, version) + " of " + end
                        + " within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    /** Every committed rejection on {@code lumee.rejected} about one of these readings. */
    static List<Rejection> rejectionsOf(Collection<String> readingIds) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", BROKER.bootstrapServers());
        properties.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, Rejection> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                TOPICS.rejected().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.rejected().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Rejection> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Rejection> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().getReadingId() != null && readingIds.contains(record.value().getReadingId())) {
                        found.add(record.value());
                    }
                }
            }
            return found;
        }
    }

    /** The management endpoint's answer, e.g. {@code /readyz} or {@code /metrics}. */
    static HttpResponse<String> management(ServiceRuntime runtime, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + runtime.managementAddress().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String patientKey(String mrn) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mrn.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> ids(List<ProcessedReading> readings) {
        return readings.stream().map(ProcessedReading::readingId).collect(Collectors.toList());
    }

    private static String group(String group, FhirVersion version) {
        return group + "-" + version.lowerCase();
    }

    private static Map<TopicPartition, Long> endOffsets(FhirVersion version) throws Exception {
        String topic = version.topic(TOPICS).name();
        TopicSpec spec = TopicTable.byName(topic).orElseThrow();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < spec.partitions(); partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = ADMIN.listOffsets(request,
                new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
