package io.lumee.hl7bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lumee.hl7bridge.testing.BridgeEnvironment;
import io.lumee.hl7bridge.testing.BridgeKafka;
import io.lumee.hl7bridge.testing.BridgeProcess;
import io.lumee.hl7bridge.testing.EhrDestinations;
import io.lumee.hl7bridge.testing.OruMessages;
import io.lumee.hl7bridge.testing.OruMessages.Sent;
import io.lumee.hl7bridge.testing.Reconciliation;
import io.lumee.hl7bridge.testing.Reconciliation.Accounted;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.schemas.Rejection;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.mllp.Answer;
import io.lumee.testkit.mllp.MllpServer;
import io.lumee.testkit.mllp.ReceivedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The real service ({@code Main}'s wiring, from variables) against the real broker, registry and test
 * EHRs, on every answer an EHR can give: one patient per scenario, all patients at once on parallel
 * lanes. Each scenario's patient is reconciled from the EHR's record and {@code lumee.rejected}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeliveryScenarios {
    private static final int MESSAGES_PER_PATIENT = 4;
    private static final int MAX_RETRIES = 2;

    private final String name = getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    private final Map<String, List<Sent>> patients = new LinkedHashMap<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Path dir;
    private MllpServer ehr;
    private MllpServer south;
    private BridgeKafka kafka;
    private BridgeKafka.RejectionReader rejections;
    private ServiceRuntime bridge;

    /** Whether the EHRs and the broker are reached over mutual TLS. */
    abstract boolean mutualTls();

    @BeforeAll
    void runTheBridgeOverEveryScenario() throws Exception {
        dir = TempDirs.create(name);
        ehr = mutualTls() ? MllpServer.startMutualTls(TestServers.ca()) : MllpServer.startPlain();
        south = mutualTls() ? MllpServer.startMutualTls(TestServers.ca()) : MllpServer.startPlain();
        kafka = BridgeKafka.connect(mutualTls());
        rejections = kafka.rejections();

        scenario("accepted", "ICU-NORTH");
        scenario("rejected-then-accepted", "ICU-NORTH", Answer.reject("engine busy"));
        scenario("error", "ICU-NORTH", Answer.error("patient %s unknown, value %s"));
        scenario("wrong-control-id", "ICU-NORTH", Answer.wrongControlId());
        scenario("silence", "ICU-NORTH", Answer.silence());
        scenario("garbage", "ICU-NORTH", Answer.garbage());
        scenario("dropped", "ICU-NORTH", Answer.dropConnection());
        scenario("south", "ICU-SOUTH");
        List<Sent> pastLimit = scenario("rejected-past-limit", "ICU-NORTH");
        ehr.answerAlways(pastLimit.get(1).controlId(), Answer.reject("engine down"));

        Logger bridgeLogs = (Logger) LoggerFactory.getLogger("io.lumee");
        bridgeLogs.setLevel(Level.DEBUG);
        logs.start();
        bridgeLogs.addAppender(logs);

        String group = "it-" + name;
        kafka.startGroupAtEnd(group);
        // interleaved as a processor would write them: every patient's first reading, then every second...
        List<Sent> all = new ArrayList<>();
        for (int sequence = 0; sequence < MESSAGES_PER_PATIENT; sequence++) {
            for (List<Sent> messages : patients.values()) {
                all.add(messages.get(sequence));
            }
        }
        kafka.produce(all);
        bridge = BridgeProcess.start(environment(group));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> everyMessageCounted() && kafka.groupCaughtUp(group));
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.shutdown();
        }
        ((Logger) LoggerFactory.getLogger("io.lumee")).detachAppender(logs);
        rejections.close();
        ehr.close();
        south.close();
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void anAcceptedMessageIsDoneOnce() {
        Accounted accounted = reconcile("accepted", ehr);
        assertThat(accounted.rejected()).isEmpty();
        assertThat(patients.get("accepted")).allSatisfy(message -> assertThat(ehr.received(message.controlId())).hasSize(1));
    }

    @Test
    void aRejectionForOtherReasonsIsRetriedUntilAccepted() {
        Accounted accounted = reconcile("rejected-then-accepted", ehr);
        assertThat(accounted.rejected()).isEmpty();
        assertThat(ehr.received(second("rejected-then-accepted").controlId())).extracting(r -> r.answer().kind().name())
                .containsExactly("AR", "AA");
    }

    @Test
    void aRejectionPastTheRetryLimitGoesToTheDlqAndThePatientGoesOn() {
        Accounted accounted = reconcile("rejected-past-limit", ehr);
        assertThat(accounted.rejected()).containsExactly(second("rejected-past-limit"));
        assertThat(ehr.received(second("rejected-past-limit").controlId())).hasSize(MAX_RETRIES + 1);
        assertThat(rejectionOf(second("rejected-past-limit")).getDetail()).startsWith("AR; MSA-3: engine down");
    }

    @Test
    void anErrorGoesToTheDlqAtOnceWithoutTheIdentifierOrValueTheEhrEchoed() {
        Accounted accounted = reconcile("error", ehr);
        Sent refused = second("error");
        assertThat(accounted.rejected()).containsExactly(refused);
        assertThat(ehr.received(refused.controlId())).hasSize(1);
        assertThat(rejectionOf(refused).getDetail()).startsWith("AE; MSA-3: patient *** unknown, value ***").contains("ERR: ");
    }

    @Test
    void anAckForAnotherMessageCountsAsNoAckAndTheMessageIsSentAgain() {
        assertResentOnANewConnection("wrong-control-id");
    }

    @Test
    void silenceMeansSendingAgainOnANewConnection() {
        assertResentOnANewConnection("silence");
    }

    @Test
    void garbageMeansSendingAgainOnANewConnection() {
        assertResentOnANewConnection("garbage");
    }

    @Test
    void aDroppedConnectionMeansSendingAgainOnANewOne() {
        assertResentOnANewConnection("dropped");
    }

    @Test
    void theReceivingFacilityPicksTheDestination() {
        reconcile("south", south);
        assertThat(south.received()).extracting(ReceivedMessage::controlId)
                .containsExactlyElementsOf(patients.get("south").stream().map(Sent::controlId).toList());
        assertThat(ehr.received()).extracting(ReceivedMessage::controlId)
                .doesNotContainAnyElementsOf(patients.get("south").stream().map(Sent::controlId).toList());
    }

    @Test
    void metricsCarryDestinationsAndCodesButNoPatientDeviceOrValue() {
        String scrape = bridge.meters().scrape();
        assertThat(scrape).contains(
                "lumee_mllp_acks_total{code=\"AA\",destination=\"ehr\"}",
                "lumee_mllp_acks_total{code=\"AE\",destination=\"ehr\"} 1.0",
                "lumee_mllp_acks_total{code=\"AA\",destination=\"south\"} " + MESSAGES_PER_PATIENT + ".0",
                "lumee_mllp_ack_latency_seconds_count{destination=\"ehr\"}",
                "lumee_mllp_connection_up{destination=\"ehr\"} 1.0",
                "lumee_sink_retries_total{sink=\"hl7\"}",
                "lumee_sink_requests_total{sink=\"hl7\",status=\"no-ack\"} 1.0",
                "lumee_sink_requests_total{sink=\"hl7\",status=\"garbled\"} 1.0",
                "lumee_sink_requests_total{sink=\"hl7\",status=\"wrong-control-id\"} 1.0",
                "lumee_readings_total{outcome=\"rejected\",reason=\"SINK_REJECTED\",stage=\"hl7-bridge\"} 2.0",
                "lumee_latency_seconds_count{from=\"device\",to=\"hl7\"}",
                "lumee_consumer_lag{group=\"it-" + name + "\",topic=\"lumee.hl7v2.oru\"} 0.0");
        for (Sent message : allMessages()) {
            assertThat(scrape).doesNotContain(message.mrn(), message.deviceId(), message.controlId());
        }
    }

    @Test
    void noLogLineCarriesAPatientIdentifierOrAValue() {
        assertThat(logs.list).as("the bridge logged its retries").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + " " + event.getKeyValuePairs();
            for (Sent message : allMessages()) {
                assertThat(line).doesNotContain(message.mrn(), Double.toString(message.value()));
            }
        }
    }

    private void assertResentOnANewConnection(String scenario) {
        Accounted accounted = reconcile(scenario, ehr);
        assertThat(accounted.rejected()).isEmpty();
        List<ReceivedMessage> copies = ehr.received(second(scenario).controlId());
        assertThat(copies).hasSize(2);
        assertThat(copies.get(1).connection()).isNotEqualTo(copies.get(0).connection());
    }

    private Accounted reconcile(String scenario, MllpServer destination) {
        List<Sent> messages = patients.get(scenario);
        return Reconciliation.patient(messages, destination.received(), rejectionsOf(messages), arrival -> 1);
    }

    private Rejection rejectionOf(Sent message) {
        return rejectionsOf(List.of(message)).get(0).value();
    }

    private List<ConsumerRecord<String, Rejection>> rejectionsOf(List<Sent> messages) {
        return rejections.of(messages.stream().map(Sent::readingId).collect(Collectors.toSet()));
    }

    private boolean everyMessageCounted() {
        Set<String> rejected = rejections.of(allMessages().stream().map(Sent::readingId).collect(Collectors.toSet())).stream()
                .map(record -> record.value().getReadingId()).collect(Collectors.toSet());
        return allMessages().stream().allMatch(message -> rejected.contains(message.readingId())
                || ehr.received(message.controlId()).stream().anyMatch(copy -> copy.answer().accepts())
                || south.received(message.controlId()).stream().anyMatch(copy -> copy.answer().accepts()));
    }

    /** A patient whose second message gets these answers first (then AA). */
    private List<Sent> scenario(String scenario, String facility, Answer... secondMessageAnswers) {
        String mrn = "MRN-" + (mutualTls() ? "T" : "P") + "-" + scenario.toUpperCase(java.util.Locale.ROOT);
        List<Sent> messages = new ArrayList<>();
        for (int sequence = 0; sequence < MESSAGES_PER_PATIENT; sequence++) {
            messages.add(OruMessages.reading(mrn, sequence, facility));
        }
        Sent second = messages.get(1);
        Answer[] answers = new Answer[secondMessageAnswers.length];
        for (int i = 0; i < answers.length; i++) {
            Answer answer = secondMessageAnswers[i];
            // the EHR quotes the patient's identifier and the value back, as engines do
            answers[i] = new Answer(answer.kind(), String.format(answer.text(), second.mrn(), second.value()));
        }
        ehr.answer(second.controlId(), answers);
        patients.put(scenario, messages);
        return messages;
    }

    private Sent second(String scenario) {
        return patients.get(scenario).get(1);
    }

    private List<Sent> allMessages() {
        return patients.values().stream().flatMap(List::stream).toList();
    }

    private Map<String, String> environment(String group) throws Exception {
        Map<String, String> env = BridgeEnvironment.of(group, kafka, dir);
        env.put("LUMEE_HL7_COMMIT_INTERVAL", "200ms");
        env.put("LUMEE_HL7_RETRY_BACKOFF", "50ms");
        env.put("LUMEE_HL7_RETRY_BACKOFF_MAX", "200ms");
        env.put("LUMEE_HL7_MAX_RETRIES", Integer.toString(MAX_RETRIES));
        env.put("LUMEE_HL7_DESTINATIONS", "ehr,south");
        env.putAll(EhrDestinations.environment("ehr", ehr, dir));
        env.putAll(EhrDestinations.environment("south", south, dir));
        env.put("LUMEE_HL7_DEST_SOUTH_FACILITIES", "ICU-SOUTH");
        return env;
    }
}
