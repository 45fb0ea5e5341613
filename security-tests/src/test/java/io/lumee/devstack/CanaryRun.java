package io.lumee.devstack;

import io.lumee.clinical.ReadingIds;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.Reading;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.testkit.mllp.Answer;
import io.lumee.testkit.mllp.ReceivedMessage;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The whole devstack (every service in its own JVM, as deployed) once per test JVM, run with canary
 * patient identifiers and a canary reading value, through every path that carries or refuses PHI:
 * delivered readings, a Patient the FHIR server does not know (refused, OperationOutcome echoing the
 * identifier), an EHR answering AE and quoting the patient and the value, a bad unit, a forged
 * signature, and a device posting for another. The hygiene tests then look for the canaries where they
 * must never be, after checking they are where they belong (a scan that finds nothing proves nothing
 * unless the canaries went through).
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
    /** canary-a's first reading is answered AE by the EHR, quoting the patient and the value. */
    static final String EHR_REFUSED = DEVICE_A + ":1:0";

    private static CanaryRun instance;
    private static Throwable failure;

    final Stack stack;
    final Duration took;
    private final Map<String, Object> client;

    private CanaryRun(Stack stack, Duration took, Map<String, Object> client) {
        this.stack = stack;
        this.took = took;
        this.client = client;
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
                Map<String, Object> client = Map.copyOf(stack.infrastructure.kafka.tlsClientProperties(
                        stack.infrastructure.ca.issue(CertificateSpec.client("canary-scan"))));
                CanaryRun run = new CanaryRun(stack, Duration.ZERO, client);
                run.send(progress);
                run.awaitSettled();
                instance = new CanaryRun(stack, Duration.ofNanos(System.nanoTime() - started), client);
            } catch (Exception | Error e) {
                failure = e;
                stack.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "canary-stack-stop"));
            progress.step("canary run done in " + instance.took.toSeconds() + " s");
        }
        return instance;
    }

    private void send(Progress progress) throws Exception {
        Instant assigned = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Fleet.ensurePatient(stack, KNOWN_PATIENT);
        Fleet.publish(stack, List.of(
                Fleet.registration(DEVICE_A, DeviceStatus.ACTIVE, Fleet.assignment(KNOWN_PATIENT, assigned, null)),
                Fleet.registration(DEVICE_B, DeviceStatus.ACTIVE, Fleet.assignment(UNKNOWN_PATIENT, assigned, null))));
        stack.service(Service.GATEWAY).awaitDevicesKnown(2);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JwsSigner signerA = JwsSigner.hs256(stack.master, DEVICE_A);
        JwsSigner signerB = JwsSigner.hs256(stack.master, DEVICE_B);
        // an EHR that quotes what it refuses: the bridge must scrub it before it reaches the DLQ
        stack.infrastructure.ehr.answer(ReadingIds.messageControlId(EHR_REFUSED),
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
        DeviceClient clientA = Fleet.client(stack, DEVICE_A, Duration.ofSeconds(30));
        DeviceClient clientB = Fleet.client(stack, DEVICE_B, Duration.ofSeconds(30));
        require(postPatiently(clientA, a, Batching.JSON, true), "canary-a's readings");
        require(postPatiently(clientB, b, Batching.NDJSON, false), "canary-b's readings");
        PostResult forOther = clientA.post(List.of(b.get(0)), Batching.JOSE, false);
        if (forOther.status() != 403) {
            throw new IllegalStateException("a device posting for another was answered " + forOther.status());
        }
        progress.step("canary readings posted; waiting for the stores and the DLQ to hold them");
    }

    /**
     * Settled, from the stores' own records: canary-a's deliverable readings on the FHIR server under the
     * canary patient and at the EHR, every canary-b reading refused by the FHIR server, the AE'd one
     * refused by the bridge, the bad unit and the forgery refused by the processor.
     */
    private void awaitSettled() throws InterruptedException {
        // the FHIR sink bisects a refused transaction down to single readings before it refuses them: time on a busy machine
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            long observations = Reconciliation.observationTotal(stack, "&patient.identifier="
                    + Reconciliation.encode(Fleet.PATIENT_SYSTEM + "|" + KNOWN_PATIENT));
            long atEhr = delivered().size();
            List<Rejection> rejected = rejections(r -> r.getDeviceId() != null && r.getDeviceId().startsWith("canary-"));
            long fhirRefused = rejected.stream().filter(r -> r.getReason() == RejectionReason.SINK_REJECTED && r.getStage().contains("fhir")).count();
            long hl7Refused = rejected.stream().filter(r -> r.getReason() == RejectionReason.SINK_REJECTED && r.getStage().contains("hl7")).count();
            Set<RejectionReason> atProcessor = rejected.stream().map(Rejection::getReason).collect(Collectors.toSet());
            state = observations + " Observations of the canary patient, " + atEhr + " canary ORUs at the EHR, " + fhirRefused
                    + " FHIR and " + hl7Refused + " HL7 refusals, processor refusals " + atProcessor;
            if (observations == READINGS && atEhr == READINGS && fhirRefused >= READINGS && hl7Refused >= 1
                    && atProcessor.containsAll(List.of(RejectionReason.UNIT_UNKNOWN, RejectionReason.SIGNATURE))) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the canary run did not settle in 240 s: " + state);
    }

    /** By MSH-10, one ORU^R01 for each of canary-a's deliverable readings the EHR peer received (the AE'd one included). */
    Map<String, String> delivered() {
        Set<String> controlIds = IntStream.range(0, READINGS).mapToObj(s -> ReadingIds.messageControlId(DEVICE_A + ":1:" + s))
                .collect(Collectors.toSet());
        return stack.infrastructure.ehr.received().stream().filter(m -> controlIds.contains(m.controlId()))
                .collect(Collectors.toMap(ReceivedMessage::controlId, ReceivedMessage::er7, (first, resent) -> first));
    }

    List<Rejection> rejections(Predicate<Rejection> which) {
        return values(stack.topics.rejected().name(), stack.topics.rejected().valueSerde().deserializer(), which);
    }

    List<AuditRecord> audit(Predicate<AuditRecord> which) {
        return values(stack.topics.audit().name(), stack.topics.audit().valueSerde().deserializer(), which);
    }

    long accepted(String deviceId) {
        return audit(r -> r.getAction() == AuditAction.READING_ACCEPTED && deviceId.equals(r.getDeviceId())).size();
    }

    private <V> List<V> values(String topic, Deserializer<V> values, Predicate<V> which) {
        return records(topic).stream().map(record -> values.deserialize(topic, record.value())).filter(which).toList();
    }

    /** Every record of {@code topic}, raw, aborted ones included. */
    List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        return TopicReading.readRaw(topic, client);
    }

    /** Every topic on the broker, internal ones (changelogs, repartition, offsets, transactions) included. */
    List<String> allTopics() throws Exception {
        try (Admin admin = Admin.create(client)) {
            return List.copyOf(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS));
        }
    }

    static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Reading reading(String deviceId, long sequence, Instant at, String units) {
        return new Reading(deviceId, 1, sequence, at, VALUE, units, 0.91, "1.3.0", "fw-2.4.1");
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
}
