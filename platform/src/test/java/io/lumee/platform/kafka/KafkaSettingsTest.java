package io.lumee.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsReachTheLocalBrokerInPlaintext() {
        KafkaSettings settings = read(Map.of());

        assertThat(settings.adminProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "127.0.0.1:9092",
                "security.protocol", "PLAINTEXT"));
    }

    @Test
    void producerIsIdempotentAndWaitsForAllReplicas() {
        Map<String, Object> producer = read(Map.of()).producerProperties();

        assertThat(producer)
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 5);
        // Kafka's own parser accepts every name and value
        ProducerConfig parsed = new ProducerConfig(withSerdes(producer, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        assertThat(parsed.getBoolean("enable.idempotence")).isTrue();
    }

    @Test
    void consumerReadsCommittedOutputOnlyAndCommitsItself() {
        Map<String, Object> consumer = read(Map.of()).consumerProperties("fhir-sink");

        assertThat(consumer)
                .containsEntry("group.id", "fhir-sink")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest");
        new ConsumerConfig(withSerdes(consumer, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    @Test
    void offsetResetIsConfigurable() {
        assertThat(read(Map.of("LUMEE_KAFKA_AUTO_OFFSET_RESET", "latest")).consumerProperties("g"))
                .containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void streamsRunExactlyOnceV2() {
        Map<String, Object> streams = read(Map.of()).streamsProperties("lumee-processor");

        assertThat(streams)
                .containsEntry("application.id", "lumee-processor")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    void tlsStoresAndSaslReachEveryClient() throws IOException {
        Path trustStore = Files.writeString(dir.resolve("truststore.p12"), "not parsed here");
        Path keyStore = Files.writeString(dir.resolve("keystore.p12"), "not parsed here");
        KafkaSettings settings = read(Map.of(
                "LUMEE_KAFKA_BOOTSTRAP", "b1:9093,b2:9093",
                "LUMEE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "LUMEE_KAFKA_TRUSTSTORE_FILE", trustStore.toString(),
                "LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE", secretFile("trust-password", "trust-pw\n"),
                "LUMEE_KAFKA_KEYSTORE_FILE", keyStore.toString(),
                "LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE", secretFile("key-password", "key-pw"),
                "LUMEE_KAFKA_SASL_MECHANISM", "PLAIN",
                "LUMEE_KAFKA_SASL_JAAS_FILE", secretFile("jaas", "org.apache.kafka.common.security.plain.PlainLoginModule required;")));

        Map<String, Object> expected = Map.of(
                "bootstrap.servers", "b1:9093,b2:9093",
                "security.protocol", "SASL_SSL",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", trustStore.toString(),
                "ssl.truststore.password", "trust-pw",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", keyStore.toString(),
                "ssl.keystore.password", "key-pw",
                "ssl.key.password", "key-pw",
                "sasl.mechanism", "PLAIN");
        assertThat(settings.adminProperties()).containsAllEntriesOf(expected)
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        assertThat(settings.producerProperties()).containsAllEntriesOf(expected);
        assertThat(settings.consumerProperties("g")).containsAllEntriesOf(expected);
        assertThat(settings.streamsProperties("a")).containsAllEntriesOf(expected);
        new AdminClientConfig(settings.adminProperties());
    }

    @Test
    void saslWithoutItsJaasFileIsRefused() {
        assertThat(errorsReading(Map.of("LUMEE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"))).containsExactly(
                "LUMEE_KAFKA_SASL_JAAS_FILE: expected a file holding a non-empty secret, got nothing (it is required)");
    }

    @Test
    void keyStoreWithoutItsPasswordFileIsRefused() throws IOException {
        Path keyStore = Files.writeString(dir.resolve("keystore.p12"), "x");

        assertThat(errorsReading(Map.of("LUMEE_KAFKA_SECURITY_PROTOCOL", "SSL", "LUMEE_KAFKA_KEYSTORE_FILE", keyStore.toString())))
                .containsExactly("LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE: expected a file holding a non-empty secret, got nothing (it is required)");
    }

    @Test
    void tlsVariablesAreNotReadInPlaintext() throws IOException {
        Path keyStore = Files.writeString(dir.resolve("keystore.p12"), "x");
        ConfigReader config = new ConfigReader(Map.of("LUMEE_KAFKA_KEYSTORE_FILE", keyStore.toString()));

        KafkaSettings settings = KafkaSettings.from(config);

        assertThat(settings.adminProperties()).doesNotContainKey("ssl.keystore.location");
        assertThat(config.unreadNames()).containsExactly("LUMEE_KAFKA_KEYSTORE_FILE");
    }

    @Test
    void anyOtherClientPropertyPassesThroughWithDotsForUnderscores() {
        KafkaSettings settings = read(Map.of(
                "LUMEE_KAFKA_PROPERTY_MAX_POLL_RECORDS", "200",
                "LUMEE_KAFKA_PROPERTY_LINGER_MS", "50",
                "LUMEE_KAFKA_PROPERTY_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", ""));

        assertThat(settings.consumerProperties("g"))
                .containsEntry("max.poll.records", "200")
                .containsEntry("ssl.endpoint.identification.algorithm", "");
        assertThat(settings.producerProperties()).containsEntry("linger.ms", "50");
    }

    @Test
    void guaranteesCannotBeOverridden() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_KAFKA_PROPERTY_ACKS", "1",
                "LUMEE_KAFKA_PROPERTY_ISOLATION_LEVEL", "read_uncommitted",
                "LUMEE_KAFKA_PROPERTY_BOOTSTRAP_SERVERS", "elsewhere:9092"));

        KafkaSettings settings = KafkaSettings.from(config);

        assertThat(config.errors()).containsExactly(
                "LUMEE_KAFKA_PROPERTY_ACKS: expected no override of acks (fixed by the delivery guarantees or set by its own variable), got \"1\"",
                "LUMEE_KAFKA_PROPERTY_BOOTSTRAP_SERVERS: expected no override of bootstrap.servers (fixed by the delivery guarantees or set by its own variable), got \"elsewhere:9092\"",
                "LUMEE_KAFKA_PROPERTY_ISOLATION_LEVEL: expected no override of isolation.level (fixed by the delivery guarantees or set by its own variable), got \"read_uncommitted\"");
        assertThat(settings.consumerProperties("g")).containsEntry("isolation.level", "read_committed");
        assertThatThrownBy(() -> new KafkaSettings(settings.bootstrap(), settings.securityProtocol(), settings.trustStore(),
                settings.keyStore(), settings.sasl(), settings.autoOffsetReset(), Map.of("enable.auto.commit", "true")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void effectiveConfigShowsNoKafkaSecret() {
        ConfigReader config = new ConfigReader(Map.of(
                "LUMEE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "LUMEE_KAFKA_SASL_JAAS_FILE", secretFile("jaas", "ScramLoginModule required username=\"u\" password=\"p4ss\";"),
                "LUMEE_KAFKA_PROPERTY_SASL_CLIENT_CALLBACK_HANDLER_CLASS", "x.Handler",
                "LUMEE_KAFKA_PROPERTY_SSL_KEY_PASSWORD", "p4ss"));

        KafkaSettings.from(config);

        config.requireValid();
        assertThat(config.settings()).extracting(Setting::value).noneMatch(value -> value.contains("p4ss"));
    }

    private String secretFile(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaSettings read(Map<String, String> environment) {
        ConfigReader config = new ConfigReader(environment);
        KafkaSettings settings = KafkaSettings.from(config);
        config.requireValid();
        return settings;
    }

    private static List<String> errorsReading(Map<String, String> environment) {
        ConfigReader config = new ConfigReader(environment);
        KafkaSettings.from(config);
        return config.errors();
    }

    private static Map<String, Object> withSerdes(Map<String, Object> properties, String keyName, String valueName, Class<?> serde) {
        Map<String, Object> complete = new HashMap<>(properties);
        complete.put(keyName, serde);
        complete.put(valueName, serde);
        return complete;
    }
}
