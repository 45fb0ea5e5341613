package io.lumee.hl7bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumee.hl7bridge.testing.BridgeEnvironment;
import io.lumee.hl7bridge.testing.BridgeKafka;
import io.lumee.hl7bridge.testing.BridgeProcess;
import io.lumee.hl7bridge.testing.EhrDestinations;
import io.lumee.hl7bridge.testing.OruMessages;
import io.lumee.hl7bridge.testing.OruMessages.Sent;
import io.lumee.hl7bridge.testing.Reconciliation;
import io.lumee.hl7bridge.testing.Reconciliation.Accounted;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.jvm.ChildJvm;
import io.lumee.testkit.mllp.Answer;
import io.lumee.testkit.mllp.MllpServer;
import io.lumee.testkit.mllp.ReceivedMessage;
import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge's JVM killed outright (SIGKILL: no shutdown hook, no last commit) while several patients'
 * messages are in flight, some of them retrying, then started again: nothing is lost, nothing counts
 * twice, resends are byte-identical, and each run keeps every patient in order.
 */
class BridgeKilledMidRunTest {
    private static final int PATIENTS = 6;
    private static final int MESSAGES_PER_PATIENT = 20;
    private static final int KILL_AFTER_ARRIVALS = 40;

    @ParameterizedTest(name = "mutual TLS: {0}")
    @ValueSource(booleans = {false, true})
    void aKilledBridgeRestartedLosesNothingAndCountsNothingTwice(boolean mutualTls) throws Exception {
        String name = "it-killed-" + (mutualTls ? "tls" : "plain");
        Path dir = TempDirs.create(name);
        MllpServer ehr = mutualTls ? MllpServer.startMutualTls(TestServers.ca()) : MllpServer.startPlain();
        BridgeKafka kafka = BridgeKafka.connect(mutualTls);
        ServiceRuntime restarted = null;
        try (BridgeKafka.RejectionReader rejections = kafka.rejections()) {
            // a slow EHR, so the kill lands mid-run; some messages retry, two are refused
            ehr.delayAnswers(Duration.ofMillis(15));
            List<List<Sent>> patients = new ArrayList<>();
            for (int p = 0; p < PATIENTS; p++) {
                List<Sent> messages = new ArrayList<>();
                for (int sequence = 0; sequence < MESSAGES_PER_PATIENT; sequence++) {
                    messages.add(OruMessages.reading("MRN-K" + (mutualTls ? "T" : "P") + p, sequence, "ICU-NORTH"));
                }
                patients.add(messages);
            }
            ehr.answer(patients.get(0).get(6).controlId(), Answer.reject("busy"), Answer.reject("busy"));
            ehr.answer(patients.get(1).get(5).controlId(), Answer.silence());
            ehr.answerAlways(patients.get(2).get(7).controlId(), Answer.error("bad OBX for patient " + patients.get(2).get(7).mrn()));
            ehr.answerAlways(patients.get(3).get(4).controlId(), Answer.reject("down"));
            ehr.answer(patients.get(4).get(8).controlId(), Answer.dropConnection());

            kafka.startGroupAtEnd(name);
            List<Sent> interleaved = new ArrayList<>();
            for (int sequence = 0; sequence < MESSAGES_PER_PATIENT; sequence++) {
                for (List<Sent> messages : patients) {
                    interleaved.add(messages.get(sequence));
                }
            }
            kafka.produce(interleaved);

            Map<String, String> environment = environment(name, kafka, ehr, dir);
            ChildJvm child = startChild(name, environment, dir);
            assertThat(ehr.awaitArrivals(KILL_AFTER_ARRIVALS, Duration.ofSeconds(60))).as("the child bridge got going").isTrue();
            child.kill();
            int arrivalsBeforeTheKill = ehr.received().size();
            assertThat(arrivalsBeforeTheKill).as("the kill came mid-run").isLessThan(PATIENTS * MESSAGES_PER_PATIENT);

            restarted = BridgeProcess.start(environment);
            List<Sent> all = patients.stream().flatMap(List::stream).toList();
            Set<String> readingIds = all.stream().map(Sent::readingId).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Set<String> rejected = rejections.of(readingIds).stream().map(r -> r.value().getReadingId()).collect(Collectors.toSet());
                return all.stream().allMatch(message -> rejected.contains(message.readingId())
                        || ehr.received(message.controlId()).stream().anyMatch(copy -> copy.answer().accepts()))
                        && kafka.groupCaughtUp(name);
            });

            List<ReceivedMessage> arrivals = ehr.received();
            List<Sent> rejected = new ArrayList<>();
            for (List<Sent> messages : patients) {
                Accounted accounted = Reconciliation.patient(messages, arrivals, rejections.of(readingIds),
                        arrival -> arrival <= arrivalsBeforeTheKill ? 1 : 2);
                rejected.addAll(accounted.rejected());
            }
            assertThat(rejected).containsExactlyInAnyOrder(patients.get(2).get(7), patients.get(3).get(4));
            Set<String> beforeTheKill = arrivals.stream().limit(arrivalsBeforeTheKill).map(ReceivedMessage::controlId).collect(Collectors.toSet());
            assertThat(arrivals.stream().skip(arrivalsBeforeTheKill).map(ReceivedMessage::controlId).filter(beforeTheKill::contains))
                    .as("what was in flight at the kill was sent again after the restart, same MSH-10")
                    .isNotEmpty();
        } finally {
            if (restarted != null) {
                restarted.shutdown();
            }
            ehr.close();
            TempDirs.deleteQuietly(dir);
        }
    }

    private static ChildJvm startChild(String name, Map<String, String> environment, Path dir) throws Exception {
        int managementPort = LoopbackPorts.free();
        Map<String, String> childEnvironment = new HashMap<>(environment);
        childEnvironment.put("LUMEE_MANAGEMENT_PORT", Integer.toString(managementPort));
        Properties variables = new Properties();
        variables.putAll(childEnvironment);
        Path file = dir.resolve("child-environment.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            variables.store(out, "the killed bridge's variables");
        }
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
        return ChildJvm.builder(name, BridgeProcess.class.getName())
                .classpath(classpath)
                .maxHeap("256m")
                .argument(file.toString())
                .workingDirectory(dir)
                .readyWhenOk("http://127.0.0.1:" + managementPort + "/readyz")
                .startTimeout(Duration.ofSeconds(60))
                .start();
    }

    private static Map<String, String> environment(String name, BridgeKafka kafka, MllpServer ehr, Path dir) throws Exception {
        // the same transactional id as the killed bridge: initTransactions aborts whatever it left open
        Map<String, String> env = BridgeEnvironment.of(name, kafka, dir);
        // static membership: the restarted consumer takes the dead one's place without waiting for its session to expire
        env.put("LUMEE_KAFKA_PROPERTY_GROUP_INSTANCE_ID", name);
        env.put("LUMEE_HL7_COMMIT_INTERVAL", "300ms");
        env.put("LUMEE_HL7_RETRY_BACKOFF", "100ms");
        env.put("LUMEE_HL7_RETRY_BACKOFF_MAX", "300ms");
        env.put("LUMEE_HL7_MAX_RETRIES", "3");
        env.putAll(EhrDestinations.environment("ehr", ehr, dir));
        return env;
    }
}
