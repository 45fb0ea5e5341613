package io.lumee.devstack;

import static io.lumee.devstack.CanaryRun.CANARIES;
import static io.lumee.devstack.CanaryRun.KNOWN_PATIENT;
import static io.lumee.devstack.CanaryRun.VALUE_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's PHI rule, end to end on the devstack (every service in its own JVM): after readings of
 * canary patients with a canary value went through every path (delivered, refused by the FHIR server,
 * refused by the EHR with the patient quoted, refused by the processor, refused at the gateway), neither
 * a patient identifier nor the value is in any service's log file, any metric label, any audit record,
 * any Kafka key or header on any topic, internal ones included, or any refusal's detail.
 */
class PhiHygieneEndToEndTest {
    private static final Pattern LABELS = Pattern.compile("\\{([^}]*)}");
    private static CanaryRun run;

    @BeforeAll
    static void runTheCanaries() throws Exception {
        run = CanaryRun.get();
    }

    @Test
    void theCanariesWentThroughEveryPathTheScansCover() {
        assertThat(run.records(run.stack.topics.fhirR4().name())).as("FHIR bundles carry the identifier and the value, as they must")
                .anySatisfy(record -> assertThat(CanaryRun.text(record.value())).contains(KNOWN_PATIENT, VALUE_TEXT));
        assertThat(run.records(run.stack.topics.hl7v2Oru().name())).as("so do ORU^R01 messages")
                .anySatisfy(record -> assertThat(CanaryRun.text(record.value())).contains(KNOWN_PATIENT, VALUE_TEXT));
        assertThat(run.delivered()).as("the EHR peer received every deliverable canary reading").hasSize(CanaryRun.READINGS)
                .allSatisfy((controlId, er7) -> assertThat(er7).contains(KNOWN_PATIENT, VALUE_TEXT));
        assertThat(Reconciliation.observationTotal(run.stack, "&patient.identifier="
                + Reconciliation.encode(Fleet.PATIENT_SYSTEM + "|" + KNOWN_PATIENT))).as("Observations filed under the canary patient")
                .isEqualTo(CanaryRun.READINGS);
        assertThat(run.accepted(CanaryRun.DEVICE_A)).isEqualTo(CanaryRun.READINGS);
        assertThat(run.accepted(CanaryRun.DEVICE_B)).isEqualTo(CanaryRun.READINGS);

        List<Rejection> refused = run.rejections(r -> r.getDeviceId() != null && r.getDeviceId().startsWith("canary-"));
        assertThat(refused).extracting(Rejection::getReason)
                .contains(RejectionReason.UNIT_UNKNOWN, RejectionReason.SIGNATURE, RejectionReason.SINK_REJECTED);
        assertThat(refused).as("the sinks refused payloads that named the canary patients")
                .filteredOn(r -> r.getReason() == RejectionReason.SINK_REJECTED)
                .allSatisfy(r -> assertThat(CanaryRun.text(r.getOriginal().array())).contains("PHI-CANARY"));
    }

    @Test
    void noServiceLogHoldsAPatientIdentifierOrAReadingValue() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (ServiceProcess service : run.stack.services()) {
            List<String> lines = Files.readAllLines(service.logFile());
            assertThat(lines).as(service.service().module() + " logged something").isNotEmpty();
            for (String line : lines) {
                CANARIES.stream().filter(line::contains).findFirst()
                        .ifPresent(canary -> leaks.add(service.service().module() + ": " + line));
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void noMetricLabelHoldsThem() {
        for (ServiceProcess service : run.stack.services()) {
            String metrics = service.metrics();
            assertThat(metrics).as(service.service().module() + " serves /metrics").contains("lumee_");
            Matcher labels = LABELS.matcher(metrics);
            int count = 0;
            while (labels.find()) {
                count++;
                for (String canary : CANARIES) {
                    assertThat(labels.group(1)).as(service.service().module()).doesNotContain(canary);
                }
            }
            assertThat(count).isPositive();
            assertThat(metrics).doesNotContain("PHI-CANARY");
        }
    }

    @Test
    void noAuditRecordHoldsThem() {
        List<AuditRecord> audit = run.audit(r -> true);
        List<AuditRecord> canaries = audit.stream().filter(a -> a.getDeviceId() != null && a.getDeviceId().startsWith("canary-")).toList();

        assertThat(canaries).as("the canary devices were audited").hasSizeGreaterThanOrEqualTo(2 * CanaryRun.READINGS);
        assertThat(canaries).as("audit names the patient by its key").anySatisfy(a -> assertThat(a.getSubjectKey()).matches("[0-9a-f]{64}"));
        for (AuditRecord record : audit) {
            for (String canary : CANARIES) {
                assertThat(record.toString()).doesNotContain(canary);
            }
        }
    }

    @Test
    void noKeyOrHeaderOnAnyTopicHoldsThem() throws Exception {
        List<String> topics = run.allTopics();
        assertThat(topics).contains("lumee.raw", "lumee.fhir.r4", "lumee.hl7v2.oru", "lumee.audit", "lumee.rejected",
                        "lumee.devices", "__consumer_offsets", "__transaction_state")
                .anyMatch(topic -> topic.endsWith("-changelog"));
        int keys = 0;
        int headers = 0;
        List<String> leaks = new ArrayList<>();
        for (String topic : topics) {
            for (ConsumerRecord<byte[], byte[]> record : run.records(topic)) {
                String key = CanaryRun.text(record.key());
                keys += record.key() == null ? 0 : 1;
                headers += record.headers().toArray().length;
                for (String canary : CANARIES) {
                    if (key.contains(canary)) {
                        leaks.add(topic + " key " + key);
                    }
                    for (Header header : record.headers()) {
                        if (header.key().contains(canary) || CanaryRun.text(header.value()).contains(canary)) {
                            leaks.add(topic + " header " + header.key());
                        }
                    }
                }
            }
        }
        assertThat(keys).isGreaterThan(4 * CanaryRun.READINGS);
        assertThat(headers).as("the processor's lumee-* headers were scanned").isGreaterThan(4 * CanaryRun.READINGS);
        assertThat(leaks).isEmpty();
    }

    @Test
    void refusalsWrittenByTheSinksAreRedacted() {
        List<Rejection> refused = run.rejections(r -> r.getReason() == RejectionReason.SINK_REJECTED);

        assertThat(refused).as("the FHIR server and the EHR both refused canary readings")
                .anyMatch(r -> r.getStage().equals("fhir-sink")).anyMatch(r -> CanaryRun.EHR_REFUSED.equals(r.getReadingId()));
        for (Rejection rejection : refused) {
            assertThat(rejection.getDetail()).contains("***");
            for (String canary : CANARIES) {
                assertThat(rejection.getDetail()).as(rejection.getStage()).doesNotContain(canary);
            }
        }
    }
}
