package io.lumee.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.cli.AdminCli;
import io.lumee.schemas.topics.TopicSpec;
import io.lumee.schemas.topics.TopicTable;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.TestCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code topics apply} against a real broker of its own (topic names are fixed, so the tests share one
 * cluster's state and run in order: create, re-apply, refuse, migrate).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsApplyTest {
    private static final TestCa CA = TestCa.create("admin-cli test CA");
    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startWithTls(CA);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    record Run(int status, String out, String err) {}

    private static Run apply(Map<String, String> environment, String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[flags.length + 2];
        args[0] = "topics";
        args[1] = "apply";
        System.arraycopy(flags, 0, args, 2, flags.length);
        int status = AdminCli.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run apply(String... flags) {
        return apply(Map.of("LUMEE_KAFKA_BOOTSTRAP", broker.bootstrapServers()), flags);
    }

    @Test
    @Order(1)
    void createsEveryTopicOfTheContractOverMutualTls() throws Exception {
        Run run = apply(tlsEnvironment());

        assertThat(run.status()).as(run.err()).isZero();
        Map<String, TopicDescription> topics = describe();
        assertThat(topics).hasSize(TopicTable.ALL.size());
        for (TopicSpec spec : TopicTable.ALL) {
            TopicDescription topic = topics.get(spec.name());
            assertThat(topic.partitions()).as(spec.name()).hasSize(spec.partitions());
            assertThat(topic.partitions().get(0).replicas()).as("replication on a one-broker cluster").hasSize(1);
            Map<String, String> configs = configs(spec.name());
            assertThat(configs).as(spec.name()).containsAllEntriesOf(spec.configs()).containsEntry("min.insync.replicas", "1");
        }
        assertThat(configs("lumee.devices")).containsEntry("cleanup.policy", "compact")
                .containsEntry("min.compaction.lag.ms", "604800000");
    }

    @Test
    @Order(2)
    void secondApplyChangesNothing() throws Exception {
        Map<String, Map<String, String>> before = allConfigs();

        Run run = apply();

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("0 of 8 topics changed");
        assertThat(run.out().lines().filter(line -> line.startsWith("unchanged "))).hasSize(8);
        assertThat(allConfigs()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void retentionOverrideUpdatesOnlyThatTopic() throws Exception {
        Run run = apply("--retention", "lumee.audit=365d");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("update lumee.audit: retention.ms 2592000000 -> 31536000000")
                .contains("1 of 8 topics changed");
        assertThat(configs("lumee.audit")).containsEntry("retention.ms", "31536000000");
    }

    @Test
    @Order(4)
    void growingCoPartitionedTopicsIsRefusedWithoutMigrate() throws Exception {
        Run run = apply("--partitions", "lumee.raw=24", "--partitions", "lumee.devices=24");

        assertThat(run.status()).isEqualTo(AdminCli.EXIT_REFUSED);
        assertThat(run.err()).contains("lumee.raw has 12 partitions").contains("--migrate").contains("nothing was changed");
        assertThat(describe().get("lumee.raw").partitions()).hasSize(12);
    }

    @Test
    @Order(5)
    void growingCoPartitionedTopicsTogetherWithMigrate() throws Exception {
        Run run = apply("--partitions", "lumee.raw=24", "--partitions", "lumee.devices=24", "--migrate");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(describe().get("lumee.raw").partitions()).hasSize(24);
        assertThat(describe().get("lumee.devices").partitions()).hasSize(24);
    }

    @Test
    @Order(6)
    void shrinkingIsRefused() throws Exception {
        Run run = apply("--partitions", "lumee.fhir.r4=6");

        assertThat(run.status()).isEqualTo(AdminCli.EXIT_REFUSED);
        assertThat(run.err()).contains("lumee.fhir.r4 has 12 partitions; Kafka cannot shrink");
        assertThat(describe().get("lumee.fhir.r4").partitions()).hasSize(12);
    }

    @Test
    @Order(7)
    void badFlagsAreReportedOneLineEachBeforeAnyKafkaCall() {
        Run run = apply(Map.of("LUMEE_KAFKA_BOOTSTRAP", "127.0.0.1:1"), "--partitions", "lumee.raw=many",
                "--retention", "lumee.nope=1d");

        assertThat(run.status()).isEqualTo(AdminCli.EXIT_REFUSED);
        assertThat(run.err().lines()).containsExactly(
                "--partitions lumee.raw=many: expected a positive partition count, got \"many\"",
                "--retention lumee.nope=1d: unknown topic \"lumee.nope\"; known: "
                        + TopicTable.ALL.stream().map(TopicSpec::name).collect(Collectors.joining(", ")));
    }

    @Test
    @Order(8)
    void unreachableKafkaFailsWithOneClearLine() {
        Run run = apply(Map.of("LUMEE_KAFKA_BOOTSTRAP", "127.0.0.1:1"), "--timeout", "2s");

        assertThat(run.status()).isEqualTo(AdminCli.EXIT_FAILED);
        assertThat(run.err()).contains("Kafka at 127.0.0.1:1 did not answer within 2s");
    }

    private static Map<String, String> tlsEnvironment() {
        return broker.tlsServiceEnvironment(CA.issue(CertificateSpec.client("lumee-admin")));
    }

    private static Map<String, TopicDescription> describe() throws Exception {
        List<String> names = TopicTable.ALL.stream().map(TopicSpec::name).toList();
        return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, String> configs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return config.entries().stream().filter(e -> e.value() != null)
                .collect(Collectors.toMap(e -> e.name(), e -> e.value()));
    }

    private static Map<String, Map<String, String>> allConfigs() throws Exception {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (TopicSpec spec : TopicTable.ALL) {
            all.put(spec.name(), configs(spec.name()));
        }
        return all;
    }
}
