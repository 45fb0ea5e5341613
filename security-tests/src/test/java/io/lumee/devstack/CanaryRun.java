package io.lumee.devstack;

import io.lumee.cli.AdminCli;
import io.lumee.clinical.ReadingIds;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.Reading;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.ClientTls;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.schemas.SigningAlgorithm;
import io.lumee.testkit.mllp.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The whole devstack (every service in its own JVM, as deployed) once per test JVM, run with canary
 * patient identifiers and a canary reading value, through every path that carries or refuses PHI:
 * delivered readings, a Patient the FHIR server does not know (refused, OperationOutcome echoing the
 * identifier), an EHR answering AE and quoting the patient and the value, a bad unit, a forged
 * signature, and a device posting for another. The hygiene tests then look for the canaries where they
 * must never be.
 */
final class CanaryRun {
    static final String KNOWN_PATIENT = "PHI-CANARY-7731";
    static final String UNKNOWN_PATIENT = "PHI-CANARY-7732";
    static final double VALUE = 42.137;
    static final String VALUE_TEXT = "42.137";
    static final List<String> CANARIES = List.of("PHI-CANARY", "CANARY-77", VALUE_TEXT);
    static final String DEVICE_A = "canary-a";
    static final String DEVICE_B = "canary-b";
    static final int READINGS = 6;

    private static CanaryRun instance;
    private static Throwable failure;

    final Stack stack;
    final Duration startup;
    final String ehrRefusedReadingId;

    private CanaryRun(Stack stack, Duration startup, String ehrRefusedReadingId) {
        this.stack = stack;
        this.startup = startup;
        this.ehrRefusedReadingId = ehrRefusedReadingId;
    }

    /** The stack, started and run once per JVM; it is stopped when the JVM exits. */
    static synchronized CanaryRun get() throws Exception {
        if (failure != null) {
            throw new IllegalStateException("the canary run failed earlier in this JVM", failure);
        }
        if (instance == null) {
            long started = System.nanoTime();
            Progress progress = new Progress(System.out);
            Stack stack;
            try {
                stack = Stack.start(Path.of("..").toAbsolutePath().normalize(), progress);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            try {
                String refused = run(stack, progress);
                instance = new CanaryRun(stack, Duration.ofNanos(System.nanoTime() - started), refused);
            } catch (Exception | Error e) {
                failure = e;
                stack.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "canary-stack-stop"));
            progress.step("canary run done in " + instance.startup.toSeconds() + " s");
        }
        return instance;
    }

    private static String run(Stack stack, Progress progress) throws Exception {
        Instant assigned = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        ensurePatient(stack, KNOWN_PATIENT);
        publish(stack, List.of(registration(DEVICE_A, KNOWN_PATIENT, assigned), registration(DEVICE_B, UNKNOWN_PATIENT, assigned)));
        stack.service(Service.GATEWAY).awaitDevicesKnown(2);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JwsSigner signerA = JwsSigner.hs256(stack.master, DEVICE_A);
        JwsSigner signerB = JwsSigner.hs256(stack.master, DEVICE_B);
        String ehrRefused = DEVICE_A + ":1:0";
        // an EHR that quotes what it refuses: the bridge must scrub it before it reaches the DLQ
        stack.infrastructure.ehr.answer(ReadingIds.messageControlId(ehrRefused),
                Answer.error("patient " + KNOWN_PATIENT + " not on file, value " + VALUE_TEXT + " refused"));
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int s = 0; s < READINGS; s++) {
            a.add(signerA.sign(reading(DEVICE_A, s, now.minusSeconds(READINGS - s), "%")));
            b.add(signerB.sign(reading(DEVICE_B, s, now.minusSeconds(READINGS - s), "%")));
        }
        a.add(signerA.sign(reading(DEVICE_A, READINGS, now, "furlongs")));
        // forged: the payload's value changed after signing (the processor refuses it as SIGNATURE)
        String[] parts = signerA.sign(reading(DEVICE_A, READINGS + 1, now, "%")).split("\\.");
        Reading claimed = new Reading(DEVICE_A, 1, READINGS + 1, now, 43.5, "%", 0.91, "1.3.0", "fw-2.4.1");
        a.add(parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claimed.toJson()) + "." + parts[2]);
        DeviceClient clientA = client(stack, DEVICE_A);
        DeviceClient clientB = client(stack, DEVICE_B);
        require(postPatiently(clientA, a, Batching.JSON, true), "canary-a's readings");
        require(postPatiently(clientB, b, Batching.NDJSON, false), "canary-b's readings");
        PostResult forOther = clientA.post(List.of(b.get(0)), Batching.JOSE, false);
        if (forOther.status() != 403) {
            throw new IllegalStateException("a device posting for another was answered " + forOther.status());
        }
        progress.step("canary readings posted; waiting for the sinks to settle them");

        // settled: every canary-b reading refused by the FHIR server, the AE'd one refused by the bridge,
        // and canary-a's readings accepted by the processor
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (true) {
            List<Rejection> sinkRejections = values(stack, stack.topics.rejected().name(), stack.topics.rejected().valueSerde().deserializer(),
                    r -> r.getReason() == RejectionReason.SINK_REJECTED);
            long fhir = sinkRejections.stream().filter(r -> r.getStage().contains("fhir")).count();
            long hl7 = sinkRejections.stream().filter(r -> r.getStage().contains("hl7")).count();
            long accepted = values(stack, stack.topics.audit().name(), stack.topics.audit().valueSerde().deserializer(),
                    r -> r.getAction() == AuditAction.READING_ACCEPTED).size();
            if (fhir >= READINGS && hl7 >= 1 && accepted >= 2L * READINGS) {
                return ehrRefused;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the canary run did not settle: " + fhir + " FHIR and " + hl7
                        + " HL7 refusals, " + accepted + " accepted");
            }
            Thread.sleep(1000);
        }
    }

    /** Every record of {@code topic} (read_uncommitted: aborted ones too), decoded by {@code values}, that {@code which} accepts. */
    static <V> List<V> values(Stack stack, String topic, Deserializer<V> values, Predicate<V> which) {
        List<V> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records(stack, topic)) {
            V value = values.deserialize(topic, record.value());
            if (which.test(value)) {
                found.add(value);
            }
        }
        return found;
    }

    /** Every record of {@code topic}, raw, from the beginning to the end it has now. */
    static List<ConsumerRecord<byte[], byte[]>> records(Stack stack, String topic) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", stack.infrastructure.kafka.bootstrapServers(),
                "isolation.level", "read_uncommitted"));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Every topic on the broker, internal ones (changelogs, offsets, transactions) included. */
    static List<String> allTopics(Stack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.infrastructure.kafka.bootstrapServers()))) {
            return List.copyOf(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(30, TimeUnit.SECONDS));
        }
    }

    static List<AuditRecord> audit(Stack stack) {
        return values(stack, stack.topics.audit().name(), stack.topics.audit().valueSerde().deserializer(), r -> true);
    }

    static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Reading reading(String deviceId, long sequence, Instant at, String units) {
        return new Reading(deviceId, 1, sequence, at, VALUE, units, 0.91, "1.3.0", "fw-2.4.1");
    }

    private static DeviceClient client(Stack stack, String deviceId) throws Exception {
        Workspace workspace = stack.workspace;
        Path keyStore = workspace.keyStore("device-" + deviceId, stack.infrastructure.ca.issueDevice(deviceId));
        return DeviceClient.builder(stack.gateway, ClientTls.fromPkcs12(keyStore, workspace.storePassword(),
                workspace.trustStore(stack.infrastructure.ca), workspace.storePassword())).timeout(Duration.ofSeconds(30)).build();
    }

    /** On a loaded machine the gateway's listener may refuse a first connection for a moment: try for 30 s. */
    private static PostResult postPatiently(DeviceClient client, List<String> jws, Batching batching, boolean gzip) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return client.post(jws, batching, gzip);
            } catch (java.net.ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    private static void require(PostResult result, String what) {
        if (result.status() != 202) {
            throw new IllegalStateException(what + " were answered " + result.status() + ": " + result.body());
        }
    }

    private static void ensurePatient(Stack stack, String value) {
        Path identifier = stack.workspace.write("patient-" + value, Fleet.PATIENT_SYSTEM + "|" + value + "\n");
        StringWriter err = new StringWriter();
        int status = AdminCli.run(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), "patient", "ensure",
                "--fhir-base", stack.infrastructure.fhir.baseUrl(), "--identifier-file", identifier.toString());
        if (status != 0) {
            throw new IllegalStateException("patient ensure failed (" + status + "): " + err);
        }
    }

    private static void publish(Stack stack, List<DeviceRegistration> registrations) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of("bootstrap.servers", stack.infrastructure.kafka.bootstrapServers(),
                "acks", "all"));
        try (KafkaProducer<String, DeviceRegistration> producer = new KafkaProducer<>(properties,
                stack.topics.devices().keySerde().serializer(), stack.topics.devices().valueSerde().serializer())) {
            for (DeviceRegistration registration : registrations) {
                producer.send(new ProducerRecord<>(stack.topics.devices().name(), registration.getDeviceId(), registration))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static DeviceRegistration registration(String deviceId, String patient, Instant from) {
        return DeviceRegistration.newBuilder()
                .setDeviceId(deviceId)
                .setStatus(DeviceStatus.ACTIVE)
                .setAlg(SigningAlgorithm.HS256)
                .setPublicKeyJwk(null)
                .setGatewayIds(List.of())
                .setFacility(Stack.FACILITY)
                .setUdi(null)
                .setAssignments(List.of(PatientAssignment.newBuilder().setPatientSystem(Fleet.PATIENT_SYSTEM)
                        .setPatientValue(patient).setFrom(from).setTo(null).setConsentRef(null).build()))
                .setUpdatedAt(Instant.now())
                .build();
    }
}
