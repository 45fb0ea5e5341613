package io.lumee.cli.device;

import io.lumee.cli.AdminCli;
import io.lumee.schemas.topics.RegistrySettings;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.Topics;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * An operator at a shell, for tests: the CLI run with an environment pointing at the shared broker and
 * registry, a CA made once with {@code ca init}, and a way to read what landed on a topic.
 */
public final class Operator {

    public record Run(int status, String out, String err) {
    }

    private static Operator shared;

    private final Path dir;
    private final Map<String, String> environment;
    private final Topics topics;

    private Operator(Path dir, Map<String, String> environment) {
        this.dir = dir;
        this.environment = environment;
        this.topics = Topics.create(RegistrySettings.of(environment.get("LUMEE_REGISTRY_URL"), true));
    }

    /** One per test JVM: topics applied on the shared broker, a CA initialized, a patient key file. */
    public static synchronized Operator shared() throws Exception {
        if (shared == null) {
            Path dir = TempDirs.create("operator");
            Path patientKey = Files.writeString(dir.resolve("patient.key"), "0123456789abcdef0123456789abcdef-test-key\n");
            shared = new Operator(dir, Map.of(
                    "LUMEE_KAFKA_BOOTSTRAP", TestServers.kafka().bootstrapServers(),
                    "LUMEE_REGISTRY_URL", TestServers.registry().registryUrl(),
                    "LUMEE_REGISTRY_AUTO_REGISTER", "true",
                    "LUMEE_PATIENT_KEY_FILE", patientKey.toString()));
            Run topics = shared.run("topics", "apply");
            if (topics.status() != 0) {
                throw new IllegalStateException("topics apply failed: " + topics.err());
            }
            Files.writeString(dir.resolve("ca-password"), "ca-secret\n");
            Files.writeString(dir.resolve("trust-password"), "trust-secret\n");
            Files.writeString(dir.resolve("store-password"), "store-secret\n");
            Run ca = shared.run("ca", "init", "--dir", dir.resolve("ca").toString(), "--password-file", dir.resolve("ca-password").toString(),
                    "--truststore-password-file", dir.resolve("trust-password").toString());
            if (ca.status() != 0) {
                throw new IllegalStateException("ca init failed: " + ca.err());
            }
        }
        return shared;
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AdminCli.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path dir() {
        return dir;
    }

    public Topics topics() {
        return topics;
    }

    /** The CA flags every issuing command takes. */
    public List<String> caFlags() {
        return List.of("--ca-dir", dir.resolve("ca").toString(), "--ca-password-file", dir.resolve("ca-password").toString());
    }

    public Path storePassword() {
        return dir.resolve("store-password");
    }

    public Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Every record on the topic matching {@code which}, read up to the topic's current end. */
    public <V> List<ConsumerRecord<String, V>> records(Topic<String, V> topic, Predicate<ConsumerRecord<String, V>> which) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", environment.get("LUMEE_KAFKA_BOOTSTRAP")),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (which.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }
}
