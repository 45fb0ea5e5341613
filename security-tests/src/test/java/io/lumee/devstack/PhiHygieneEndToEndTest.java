package io.lumee.devstack;

import static io.lumee.devstack.CanaryRun.CANARIES;
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
 * any Kafka key (or {@code lumee-*} header) on any topic, internal ones included, or any refusal's detail.
 */
class PhiHygieneEndToEndTest {
    private static final Pattern LABELS = Pattern.compile("\\{([^}]*)}");
    private static CanaryRun run;

    @BeforeAll
    static void runTheCanaries() throws Exception {
        run = CanaryRun.get();
    }

    @Test
    void theCanariesReallyWentThroughThePipeline() {
        List<ConsumerRecord<byte[], byte[]>> bundles = CanaryRun.records(run.stack, run.stack.topics.fhirR4().name());
        assertThat(bundles).as("a check that finds nothing proves nothing: the identifier is where it belongs")
                .anySatisfy(record -> assertThat(CanaryRun.text(record.value())).contains(CanaryRun.KNOWN_PATIENT).contains(CanaryRun.VALUE_TEXT));
    }

    @Test
    void noServiceLogHoldsAPatientIdentifierOrAReadingValue() throws Exception {
        for (ServiceProcess service : run.stack.services()) {
            List<String> lines = Files.readAllLines(service.logFile());
            assertThat(lines).as(service.service().module() + " logged something").isNotEmpty();
            for (String line : lines) {
                for (String canary : CANARIES) {
                    assertThat(line).as(service.logFile().toString()).doesNotContain(canary);
                }
            }
        }
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
        List<AuditRecord> audit = CanaryRun.audit(run.stack);
        List<AuditRecord> canaries = audit.stream().filter(a -> a.getDeviceId() != null && a.getDeviceId().startsWith("canary-")).toList();

        assertThat(canaries).as("the canary devices were audited").hasSizeGreaterThanOrEqualTo(2 * CanaryRun.READINGS);
        assertThat(canaries).anySatisfy(a -> assertThat(a.getSubjectKey()).matches("[0-9a-f]{64}"));
        for (AuditRecord record : audit) {
            for (String canary : CANARIES) {
                assertThat(record.toString()).doesNotContain(canary);
            }
        }
    }

    @Test
    void noKeyOrLumeeHeaderOnAnyTopicHoldsThem() throws Exception {
        List<String> topics = CanaryRun.allTopics(run.stack);
        assertThat(topics).contains("lumee.raw", "lumee.fhir.r4", "lumee.hl7v2.oru", "lumee.audit", "lumee.rejected")
                .anyMatch(topic -> topic.endsWith("-changelog"));
        int keys = 0;
        List<String> leaks = new ArrayList<>();
        for (String topic : topics) {
            for (ConsumerRecord<byte[], byte[]> record : CanaryRun.records(run.stack, topic)) {
                String key = CanaryRun.text(record.key());
                keys += record.key() == null ? 0 : 1;
                for (String canary : CANARIES) {
                    if (key.contains(canary)) {
                        leaks.add(topic + " key " + key);
                    }
                    for (Header header : record.headers()) {
                        if (header.key().startsWith("lumee-") && CanaryRun.text(header.value()).contains(canary)) {
                            leaks.add(topic + " header " + header.key());
                        }
                    }
                }
            }
        }
        assertThat(keys).isGreaterThan(4 * CanaryRun.READINGS);
        assertThat(leaks).isEmpty();
    }

    @Test
    void refusalsWrittenByTheSinksAreRedacted() {
        List<Rejection> refused = CanaryRun.values(run.stack, run.stack.topics.rejected().name(),
                run.stack.topics.rejected().valueSerde().deserializer(), r -> r.getReason() == RejectionReason.SINK_REJECTED);

        assertThat(refused).as("the FHIR server and the EHR both refused canary readings")
                .anyMatch(r -> r.getStage().equals("fhir-sink")).anyMatch(r -> r.getReadingId().equals(run.ehrRefusedReadingId));
        for (Rejection rejection : refused) {
            assertThat(rejection.getDetail()).contains("***");
            for (String canary : CANARIES) {
                assertThat(rejection.getDetail()).as(rejection.getStage()).doesNotContain(canary);
            }
        }
    }
}
