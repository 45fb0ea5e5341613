package io.lumee.processor.service;

import static io.lumee.processor.SignedReadings.assignment;
import static io.lumee.processor.SignedReadings.reading;
import static io.lumee.processor.SignedReadings.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.processor.Main;
import io.lumee.processor.ProcessorConfig;
import io.lumee.processor.SignedReadings;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real service (its {@code Main} wiring, over mutual TLS to the real broker, with the real
 * registry) on a few thousand readings: every output topic is read back with {@code read_committed} and
 * reconciled against what was sent.
 */
class ProcessorServiceTest {
    private static final int DEVICES = 20;
    private static final int READINGS_PER_DEVICE = 150;
    private static final KafkaBroker BROKER = TestServers.kafka();
    private static Topics topics;
    private static ServiceRuntime service;
    private static Path dir;
    private static Map<String, Object> kafkaClient;

    private static final List<LumeeReading> valid = new ArrayList<>();
    private static int duplicatesSent;
    private static int tamperedSent;
    private static int badUnitsSent;

    @BeforeAll
    static void runTheServiceOnAFewThousandReadings() throws Exception {
        dir = TempDirs.create("processor-service");
        topics = Topics.create(RegistrySettings.of(TestServers.registry().registryUrl(), true));
        kafkaClient = BROKER.tlsClientProperties(TestServers.ca().issue(CertificateSpec.client("processor-it")));
        createTopics();
        produceRegistrationsAndReadings();
        service = ServiceRuntime.start("stream-processor", new ConfigReader(environment()), ProcessorConfig::from, Main::wire);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.shutdown();
        }
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void everyValidReadingIsOnEveryOutputOnceWithHeadersAndReceiptTimestamps() {
        Map<String, LumeeReading> byId = valid.stream().collect(Collectors.toMap(LumeeReading::getReadingId, r -> r));
        for (Topic<String, String> output : List.of(topics.fhirR4(), topics.fhirR5(), topics.hl7v2Oru())) {
            List<ConsumerRecord<String, String>> records = readAll(output, valid.size());
            assertThat(records).as(output.name()).hasSize(valid.size());
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                String readingId = header(record, "lumee-reading-id");
                LumeeReading sent = byId.get(readingId);
                assertThat(sent).as("%s carries a reading that was sent", output.name()).isNotNull();
                assertThat(seen.add(readingId)).as("%s has %s once", output.name(), readingId).isTrue();
                assertThat(record.timestamp()).isEqualTo(sent.getReceivedAt().toEpochMilli());
                assertThat(header(record, "lumee-device-id")).isEqualTo(sent.getDeviceId());
                assertThat(header(record, "lumee-device-time")).isEqualTo(String.valueOf(sent.getDeviceTime().toEpochMilli()));
                assertThat(header(record, "lumee-received-at")).isEqualTo(String.valueOf(sent.getReceivedAt().toEpochMilli()));
                assertThat(record.key()).matches("[0-9a-f]{64}");
            }
        }
    }

    @Test
    void everyBadReadingIsOnTheDlqOnceWithItsReason() {
        List<ConsumerRecord<String, Rejection>> rejections = readAll(topics.rejected(), tamperedSent + badUnitsSent);

        Map<RejectionReason, Long> byReason = rejections.stream()
                .collect(Collectors.groupingBy(r -> r.value().getReason(), Collectors.counting()));
        assertThat(byReason).containsExactlyInAnyOrderEntriesOf(Map.of(
                RejectionReason.SIGNATURE, (long) tamperedSent, RejectionReason.UNIT_UNKNOWN, (long) badUnitsSent));
        assertThat(rejections).allSatisfy(r -> assertThat(r.value().getOriginal().remaining()).isPositive());
    }

    @Test
    void everyDuplicateIsAuditedOnce() {
        int expected = valid.size() + tamperedSent + badUnitsSent + duplicatesSent;
        List<ConsumerRecord<String, AuditRecord>> audit = readAll(topics.audit(), expected);

        Map<AuditAction, Long> byAction = audit.stream()
                .collect(Collectors.groupingBy(r -> r.value().getAction(), Collectors.counting()));
        assertThat(byAction).containsExactlyInAnyOrderEntriesOf(Map.of(
                AuditAction.READING_ACCEPTED, (long) valid.size(),
                AuditAction.READING_REJECTED, (long) (tamperedSent + badUnitsSent),
                AuditAction.DUPLICATE, (long) duplicatesSent));
    }

    private static void produceRegistrationsAndReadings() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant assigned = now.minus(Duration.ofDays(1));
        Map<String, Object> producerProps = new HashMap<>(kafkaClient);
        producerProps.put("acks", "all");
        producerProps.put("enable.idempotence", true);
        Serde<DeviceRegistration> registrations = topics.devices().valueSerde();
        try (KafkaProducer<String, DeviceRegistration> producer = new KafkaProducer<>(producerProps,
                topics.devices().keySerde().serializer(), registrations.serializer())) {
            for (int d = 0; d < DEVICES; d++) {
                String deviceId = deviceId(d);
                DeviceRegistration registration = registration(deviceId,
                        assignment("MRN-" + d, assigned, null, "Consent/" + d));
                producer.send(new ProducerRecord<>(topics.devices().name(), null, assigned.toEpochMilli(), deviceId,
                        registration)).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaProducer<String, LumeeReading> producer = new KafkaProducer<>(producerProps,
                topics.raw().keySerde().serializer(), topics.raw().valueSerde().serializer())) {
            for (int s = 0; s < READINGS_PER_DEVICE; s++) {
                for (int d = 0; d < DEVICES; d++) {
                    Instant deviceTime = now.minus(Duration.ofSeconds(READINGS_PER_DEVICE - s));
                    LumeeReading sent = reading(deviceId(d), s).deviceTime(deviceTime)
                            .receivedAt(deviceTime.plusMillis(250)).build();
                    if (s % 50 == 7) {
                        sent.setJws(SignedReadings.tampered(sent.getJws()));
                        tamperedSent++;
                    } else if (s % 50 == 13) {
                        sent = reading(deviceId(d), s).deviceTime(deviceTime).receivedAt(deviceTime.plusMillis(250))
                                .units("furlongs").build();
                        badUnitsSent++;
                    } else {
                        valid.add(sent);
                    }
                    send(producer, sent);
                    if (s % 40 == 3) {
                        send(producer, sent);
                        duplicatesSent++;
                    }
                }
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, LumeeReading> producer, LumeeReading reading) {
        producer.send(new ProducerRecord<>(topics.raw().name(), null, reading.getReceivedAt().toEpochMilli(),
                reading.getDeviceId(), reading));
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic, int expected) {
        Map<String, Object> props = new HashMap<>(kafkaClient);
        props.put("group.id", "it-reader-" + topic.name() + "-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(250)).forEach(records::add);
                if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    // keep reading a moment: a record beyond the expected count would be a duplicate
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String deviceId(int d) {
        return String.format("it-device-%03d", d);
    }

    private static void createTopics() throws Exception {
        try (Admin admin = Admin.create(kafkaClient)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : TopicTable.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> environment() throws Exception {
        Path master = Files.writeString(dir.resolve("master-v1"),
                Base64.getEncoder().encodeToString(masterBytes()));
        Path patientKey = Files.write(dir.resolve("patient-key"), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = new HashMap<>(BROKER.tlsServiceEnvironment(
                TestServers.ca().issue(CertificateSpec.client("stream-processor"))));
        env.put("LUMEE_REGISTRY_URL", TestServers.registry().registryUrl());
        env.put("LUMEE_MASTER_SECRET_FILES", "1=" + master);
        env.put("LUMEE_PATIENT_KEY_FILE", patientKey.toString());
        env.put("LUMEE_OUTPUTS", "fhir-r4,fhir-r5,hl7v2");
        env.put("LUMEE_PROCESSOR_STATE_DIR", dir.resolve("state").toString());
        env.put("LUMEE_MANAGEMENT_HOST", "127.0.0.1");
        env.put("LUMEE_MANAGEMENT_PORT", "0");
        return env;
    }

    private static byte[] masterBytes() {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) 0x11);
        return bytes;
    }
}
