package io.lumee.processor.scale;

import static io.lumee.processor.SignedReadings.assignment;
import static io.lumee.processor.SignedReadings.reading;
import static io.lumee.processor.SignedReadings.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.validation.FhirResourceValidator;
import io.lumee.clinical.validation.ValidationReport;
import io.lumee.processor.SignedReadings;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.RejectionReason;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's accounting, proven at scale: over 50,000 signed readings with duplicates, forgeries,
 * revoked, unknown and late-registered devices, bad units, stale and skewed clocks, while processor
 * instances are killed outright (SIGKILL) and restarted twice and the app is scaled from one instance
 * to two and back. Reconciled from the topics themselves with read_committed: every record ends in
 * exactly one place.
 */
class ExactlyOnceAtScaleTest {
    private static final int DEVICES = 160;
    private static final int SEQUENCES_PER_CHUNK = 63;
    private static final int CHUNKS = 5;
    private static final int SIDE_DEVICES = 4;
    private static final Duration ORPHAN_HOLD = Duration.ofSeconds(40);

    private static KafkaBroker broker;
    private static Path dir;
    private static Topics topics;
    private static TopicReader reader;
    private static final Ledger ledger = new Ledger();
    private static final Map<String, Duration> startTimes = new HashMap<>();
    private static final Instant BASE = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
        dir = TempDirs.create("scale");
        topics = Topics.create(RegistrySettings.of(TestServers.registry().registryUrl(), true));
        reader = new TopicReader(Map.of("bootstrap.servers", broker.bootstrapServers()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<NewTopic> all = new ArrayList<>();
            for (TopicSpec spec : TopicTable.ALL) {
                all.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()));
            }
            admin.createTopics(all).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void everyReadingEndsInExactlyOnePlaceAcrossKillsRestartsAndScaling() throws Exception {
        Map<String, String> environment = environment();
        ProcessorInstance a = new ProcessorInstance("processor-a", dir, environment);
        ProcessorInstance b = new ProcessorInstance("processor-b", dir, environment);
        try (KafkaProducer<String, LumeeReading> readings = readingProducer()) {
            registerDevices();
            startTimes.put("a: first start", a.start());

            sendChunk(readings, 0);
            sendOrphans(readings, "unknown", 1);
            awaitProgress(0.4);
            a.kill();
            startTimes.put("a: restart after SIGKILL", a.start());

            startTimes.put("b: scale out to two", b.start());
            sendChunk(readings, 1);
            awaitProgress(0.4);
            b.kill();
            startTimes.put("b: restart after SIGKILL", b.start());

            sendChunk(readings, 2);
            awaitProgress(0.5);
            b.stop();

            sendChunk(readings, 3);
            sendChunk(readings, 4);
            sendOrphans(readings, "late", 1);
            readings.flush();
            registerLateDevices();

            reconcile();
            assertThat(orphansHeld(a)).as("nothing left on hold").isZero();
        } finally {
            a.stop();
            b.stop();
            System.out.println("[scale] processor start/restore times: " + startTimes);
        }
    }

    private void reconcile() {
        Duration timeout = Duration.ofMinutes(4);
        Duration quiet = Duration.ofSeconds(5);
        Map<String, Long> expectedDelivered = ledger.delivered.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        List<String> sample = new ArrayList<>();
        Map<String, Long> r4 = new HashMap<>();
        long r4Committed = reader.read(topics.fhirR4(), "read_committed", record -> {
            count(r4, record);
            if (record.offset() % 150 == 0 && sample.size() < 400) {
                sample.add(record.value());
            }
        }, () -> r4.size() >= expectedDelivered.size(), timeout, quiet);
        assertThat(r4).as("each valid reading exactly once on lumee.fhir.r4").isEqualTo(expectedDelivered);
        Map<String, Long> hl7 = new HashMap<>();
        reader.read(topics.hl7v2Oru(), "read_committed", record -> count(hl7, record),
                () -> hl7.size() >= expectedDelivered.size(), timeout, quiet);
        assertThat(hl7).as("each valid reading exactly once on lumee.hl7v2.oru").isEqualTo(expectedDelivered);

        Map<String, List<RejectionReason>> reasons = new HashMap<>();
        reader.read(topics.rejected(), "read_committed", record -> reasons.computeIfAbsent(
                        record.value().getReadingId(), k -> new ArrayList<>()).add(record.value().getReason()),
                () -> reasons.size() >= ledger.rejected.size(), timeout, quiet);
        assertThat(reasons).as("each bad reading exactly once on lumee.rejected with its reason")
                .isEqualTo(ledger.rejected.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));

        long duplicatesExpected = ledger.duplicates.values().stream().mapToLong(Integer::longValue).sum();
        Map<String, Long> duplicates = new HashMap<>();
        reader.read(topics.audit(), "read_committed", record -> {
            if (record.value().getAction() == AuditAction.DUPLICATE) {
                duplicates.merge(record.value().getReadingId(), 1L, Long::sum);
            }
        }, () -> duplicates.values().stream().mapToLong(Long::longValue).sum() >= duplicatesExpected, timeout, quiet);
        assertThat(duplicates).as("each duplicate exactly once in lumee.audit")
                .isEqualTo(ledger.duplicates.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue())));
        assertThat(ledger.delivered.size() + ledger.rejected.size() + duplicatesExpected)
                .as("every record sent is accounted for").isEqualTo(ledger.recordsSent);
        assertThat(ledger.recordsSent).isGreaterThanOrEqualTo(50_000);

        long uncommitted = reader.read(topics.fhirR4(), "read_uncommitted", record -> { }, () -> true, timeout, quiet);
        long leaked = uncommitted - r4Committed;
        System.out.printf("[scale] %d records sent: %d delivered, %d rejected, %d duplicates; a read_uncommitted "
                        + "reader of lumee.fhir.r4 would have seen %d records of aborted transactions%n",
                ledger.recordsSent, ledger.delivered.size(), ledger.rejected.size(), duplicatesExpected, leaked);
        assertThat(leaked).as("SIGKILLs mid-transaction leave aborted output that only read_committed hides")
                .isPositive();

        FhirResourceValidator validator = FhirResourceValidator.r4();
        assertThat(sample).hasSizeGreaterThan(250);
        for (String bundle : sample) {
            ValidationReport report = validator.validate(bundle);
            assertThat(report.isValid()).as(report.describeErrors()).isTrue();
        }
    }

    private static void count(Map<String, Long> counts, ConsumerRecord<String, String> record) {
        counts.merge(new String(record.headers().lastHeader("lumee-reading-id").value(), StandardCharsets.UTF_8),
                1L, Long::sum);
    }

    /** Chunk c carries sequences [c*63, (c+1)*63) of every device, with the faults fixed by sequence. */
    private static void sendChunk(KafkaProducer<String, LumeeReading> producer, int chunk) {
        List<LumeeReading> resend = new ArrayList<>();
        for (int s = chunk * SEQUENCES_PER_CHUNK; s < (chunk + 1) * SEQUENCES_PER_CHUNK; s++) {
            for (int d = 0; d < DEVICES; d++) {
                String deviceId = String.format("dev-%03d", d);
                Instant deviceTime = BASE.plusSeconds(s);
                SignedReadings.Builder builder = reading(deviceId, s).deviceTime(deviceTime)
                        .receivedAt(deviceTime.plusMillis(300));
                LumeeReading sent;
                if (s % 97 == 5) {
                    sent = builder.build();
                    sent.setJws(SignedReadings.tampered(sent.getJws()));
                    ledger.reject(sent.getReadingId(), RejectionReason.SIGNATURE);
                } else if (s % 89 == 7) {
                    sent = builder.units("furlongs").build();
                    ledger.reject(sent.getReadingId(), RejectionReason.UNIT_UNKNOWN);
                } else if (s % 83 == 11) {
                    sent = reading(deviceId, s).deviceTime(deviceTime.minus(Duration.ofDays(8)))
                            .receivedAt(deviceTime).build();
                    ledger.reject(sent.getReadingId(), RejectionReason.STALE);
                } else if (s % 79 == 13) {
                    sent = reading(deviceId, s).deviceTime(deviceTime.plus(Duration.ofHours(1)))
                            .receivedAt(deviceTime).build();
                    ledger.reject(sent.getReadingId(), RejectionReason.CLOCK_SKEW);
                } else {
                    sent = builder.build();
                    ledger.deliver(sent.getReadingId());
                    if (s % 23 == 0) {
                        resend.add(sent);
                    }
                }
                send(producer, sent);
            }
        }
        for (LumeeReading again : resend) {
            ledger.duplicate(again.getReadingId());
            send(producer, again);
        }
        producer.flush();
    }

    /** Readings of devices outside the fleet: unknown ones expire as UNKNOWN_DEVICE, late ones are released. */
    private static void sendOrphans(KafkaProducer<String, LumeeReading> producer, String kind, int perDevice) {
        for (int d = 0; d < SIDE_DEVICES; d++) {
            for (int s = 0; s < 25 * perDevice; s++) {
                LumeeReading sent = reading(kind + "-" + d, s).deviceTime(BASE.plusSeconds(s))
                        .receivedAt(BASE.plusSeconds(s).plusMillis(300)).build();
                if (kind.equals("unknown")) {
                    ledger.reject(sent.getReadingId(), RejectionReason.UNKNOWN_DEVICE);
                } else {
                    ledger.deliver(sent.getReadingId());
                }
                send(producer, sent);
            }
        }
        producer.flush();
    }

    private static void send(KafkaProducer<String, LumeeReading> producer, LumeeReading reading) {
        producer.send(new ProducerRecord<>(topics.raw().name(), null, reading.getReceivedAt().toEpochMilli(),
                reading.getDeviceId(), reading));
    }

    private static void registerDevices() throws Exception {
        List<DeviceRegistration> registrations = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            String deviceId = String.format("dev-%03d", d);
            registrations.add(registration(deviceId, assignment("MRN-" + d, BASE.minus(Duration.ofDays(1)), null,
                    "Consent/" + d)));
        }
        for (int d = 0; d < SIDE_DEVICES; d++) {
            DeviceRegistration revoked = registration("revoked-" + d,
                    assignment("MRN-R" + d, BASE.minus(Duration.ofDays(1)), null, null));
            revoked.setStatus(DeviceStatus.REVOKED);
            registrations.add(revoked);
        }
        publish(registrations, BASE.minus(Duration.ofDays(1)));
        try (KafkaProducer<String, LumeeReading> producer = readingProducer()) {
            for (int d = 0; d < SIDE_DEVICES; d++) {
                LumeeReading sent = reading("revoked-" + d, 0).deviceTime(BASE).receivedAt(BASE.plusMillis(300)).build();
                ledger.reject(sent.getReadingId(), RejectionReason.REVOKED_DEVICE);
                send(producer, sent);
            }
        }
    }

    private static void registerLateDevices() throws Exception {
        List<DeviceRegistration> late = new ArrayList<>();
        for (int d = 0; d < SIDE_DEVICES; d++) {
            late.add(registration("late-" + d, assignment("MRN-L" + d, BASE.minus(Duration.ofDays(1)), null, null)));
        }
        publish(late, Instant.now());
    }

    private static void publish(List<DeviceRegistration> registrations, Instant timestamp) throws Exception {
        try (KafkaProducer<String, DeviceRegistration> producer = new KafkaProducer<>(producerProperties(),
                topics.devices().keySerde().serializer(), topics.devices().valueSerde().serializer())) {
            for (DeviceRegistration registration : registrations) {
                producer.send(new ProducerRecord<>(topics.devices().name(), null, timestamp.toEpochMilli(),
                        registration.getDeviceId(), registration)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until the processor has written audit records for the given share of a chunk, so a kill lands mid-run. */
    private static void awaitProgress(double share) throws InterruptedException {
        long start = reader.endOffsetSum(topics.audit().name());
        long target = start + (long) (share * DEVICES * SEQUENCES_PER_CHUNK);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (reader.endOffsetSum(topics.audit().name()) < target && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static long orphansHeld(ProcessorInstance instance) {
        return Math.round(instance.gauge("lumee_orphans_held"));
    }

    private static KafkaProducer<String, LumeeReading> readingProducer() {
        return new KafkaProducer<>(producerProperties(), topics.raw().keySerde().serializer(),
                topics.raw().valueSerde().serializer());
    }

    private static Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 10);
        return props;
    }

    private static Map<String, String> environment() throws Exception {
        byte[] master = new byte[32];
        java.util.Arrays.fill(master, (byte) 0x11);
        Path masterFile = Files.writeString(dir.resolve("master-v1"), Base64.getEncoder().encodeToString(master));
        Path patientKey = Files.write(dir.resolve("patient-key"),
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = new HashMap<>();
        env.put("LUMEE_KAFKA_BOOTSTRAP", broker.bootstrapServers());
        env.put("LUMEE_REGISTRY_URL", TestServers.registry().registryUrl());
        env.put("LUMEE_MASTER_SECRET_FILES", "1=" + masterFile);
        env.put("LUMEE_PATIENT_KEY_FILE", patientKey.toString());
        env.put("LUMEE_PROCESSOR_APPLICATION_ID", "scale-test");
        env.put("LUMEE_PROCESSOR_STANDBY_REPLICAS", "1");
        env.put("LUMEE_ORPHAN_HOLD", ORPHAN_HOLD.toSeconds() + "s");
        env.put("LUMEE_ORPHAN_CHECK_INTERVAL", "2s");
        // a member killed without leaving its group is noticed after the session timeout: keep it short
        env.put("LUMEE_KAFKA_PROPERTY_SESSION_TIMEOUT_MS", "6000");
        env.put("LUMEE_KAFKA_PROPERTY_HEARTBEAT_INTERVAL_MS", "1500");
        // Records leave the producer at once but commit once a second, as a throughput-minded deployment
        // would run it: a SIGKILL then surely leaves sent, uncommitted output behind to be aborted.
        env.put("LUMEE_KAFKA_PROPERTY_COMMIT_INTERVAL_MS", "1000");
        env.put("LUMEE_KAFKA_PROPERTY_LINGER_MS", "5");
        return env;
    }
}
