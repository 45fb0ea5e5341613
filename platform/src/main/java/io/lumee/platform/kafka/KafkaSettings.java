package io.lumee.platform.kafka;

import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.config.HostPort;
import io.lumee.platform.config.Secret;
import io.lumee.platform.tls.KeyStoreFile;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How every service connects to Kafka, and the delivery guarantees it keeps.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code LUMEE_KAFKA_BOOTSTRAP}</td><td>{@code 127.0.0.1:9092}</td><td>comma-separated host:port</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_SECURITY_PROTOCOL}</td><td>{@code PLAINTEXT}</td><td>PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_TRUSTSTORE_FILE}, {@code LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE}</td><td>unset: the JDK's CAs</td>
 *       <td>PKCS12 trust store and its password file; read with SSL and SASL_SSL</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_KEYSTORE_FILE}, {@code LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE}</td><td>unset: no client certificate</td>
 *       <td>PKCS12 key store for mutual TLS and its password file; read with SSL and SASL_SSL</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_SASL_MECHANISM}</td><td>{@code SCRAM-SHA-512}</td><td>read with SASL_*</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_SASL_JAAS_FILE}</td><td>required with SASL_*</td><td>a file holding the {@code sasl.jaas.config} line</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_AUTO_OFFSET_RESET}</td><td>{@code EARLIEST}</td><td>EARLIEST, LATEST or NONE, for consumers without a committed offset</td></tr>
 *   <tr><td>{@code LUMEE_KAFKA_PROPERTY_<NAME>}</td><td></td><td>any other client property, the name upper-cased with dots
 *       as underscores: {@code LUMEE_KAFKA_PROPERTY_MAX_POLL_RECORDS=200} sets {@code max.poll.records}; it goes to every
 *       client built here and wins over the defaults below, except for the guarantees, which cannot be overridden</td></tr>
 * </table>
 *
 * <p>Properties hold passwords and the JAAS line in clear: pass them to Kafka, never to a log.
 */
public record KafkaSettings(
        List<HostPort> bootstrap,
        SecurityProtocol securityProtocol,
        Optional<KeyStoreFile> trustStore,
        Optional<KeyStoreFile> keyStore,
        Optional<Sasl> sasl,
        OffsetReset autoOffsetReset,
        Map<String, String> overrides) {

    public static final String PROPERTY_PREFIX = "LUMEE_KAFKA_PROPERTY_";

    // Kafka Streams' names, written out so services that never run Streams need not carry its jar.
    static final String STREAMS_APPLICATION_ID = "application.id";
    static final String STREAMS_PROCESSING_GUARANTEE = "processing.guarantee";

    /**
     * What the design relies on: no duplicates or reordering from producer retries, and no consumer
     * ever seeing aborted output of the exactly-once processor. The connection has its own variables.
     */
    private static final Set<String> FIXED = Set.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            STREAMS_PROCESSING_GUARANTEE,
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);

    /** SASL authentication: the mechanism and the JAAS line, which holds credentials. */
    public record Sasl(String mechanism, Secret jaasConfig) {
        public Sasl {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(jaasConfig, "jaasConfig");
        }
    }

    public enum OffsetReset { EARLIEST, LATEST, NONE }

    public KafkaSettings {
        bootstrap = List.copyOf(bootstrap);
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("bootstrap needs at least one host:port");
        }
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(sasl, "sasl");
        Objects.requireNonNull(autoOffsetReset, "autoOffsetReset");
        overrides = Map.copyOf(overrides);
        Set<String> fixed = overrides.keySet().stream().filter(FIXED::contains).collect(Collectors.toSet());
        if (!fixed.isEmpty()) {
            throw new IllegalArgumentException("these Kafka properties cannot be overridden: " + fixed);
        }
    }

    public static KafkaSettings from(ConfigReader config) {
        List<HostPort> bootstrap = config.hostPorts("LUMEE_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        SecurityProtocol protocol = config.enumValue("LUMEE_KAFKA_SECURITY_PROTOCOL", SecurityProtocol.PLAINTEXT);
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        boolean sasl = protocol == SecurityProtocol.SASL_SSL || protocol == SecurityProtocol.SASL_PLAINTEXT;
        return new KafkaSettings(
                bootstrap,
                protocol,
                tls ? KeyStoreFile.optional(config, "LUMEE_KAFKA_TRUSTSTORE") : Optional.empty(),
                tls ? KeyStoreFile.optional(config, "LUMEE_KAFKA_KEYSTORE") : Optional.empty(),
                sasl ? Optional.of(new Sasl(
                        config.string("LUMEE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                        config.secret("LUMEE_KAFKA_SASL_JAAS_FILE"))) : Optional.empty(),
                config.enumValue("LUMEE_KAFKA_AUTO_OFFSET_RESET", OffsetReset.EARLIEST),
                overrides(config));
    }

    /** Idempotent, {@code acks=all}, lz4-compressed batches lingering up to 5 ms. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> properties = connection();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // lz4: the cheapest codec in CPU for a good ratio on Avro and JSON
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putAll(overrides);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    /** {@code read_committed}, offsets committed by the service after its work, never automatically. */
    public Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> properties = connection();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset.name().toLowerCase(Locale.ROOT));
        properties.putAll(overrides);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return properties;
    }

    public Map<String, Object> adminProperties() {
        Map<String, Object> properties = connection();
        properties.putAll(overrides);
        return properties;
    }

    /** {@code exactly_once_v2}; Streams then makes its producers idempotent and its consumers read_committed. */
    public Map<String, Object> streamsProperties(String applicationId) {
        Map<String, Object> properties = connection();
        properties.put(STREAMS_APPLICATION_ID, applicationId);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset.name().toLowerCase(Locale.ROOT));
        properties.putAll(overrides);
        properties.put(STREAMS_PROCESSING_GUARANTEE, "exactly_once_v2");
        return properties;
    }

    private Map<String, Object> connection() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap.stream().map(HostPort::toString).collect(Collectors.joining(",")));
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol.name());
        trustStore.ifPresent(store -> {
            properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, KeyStoreFile.TYPE);
            properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, store.path().toString());
            properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, store.password().text());
        });
        keyStore.ifPresent(store -> {
            properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, KeyStoreFile.TYPE);
            properties.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, store.path().toString());
            properties.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, store.password().text());
            properties.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, store.password().text());
        });
        sasl.ifPresent(auth -> {
            properties.put(SaslConfigs.SASL_MECHANISM, auth.mechanism());
            properties.put(SaslConfigs.SASL_JAAS_CONFIG, auth.jaasConfig().text());
        });
        return properties;
    }

    private static Map<String, String> overrides(ConfigReader config) {
        Map<String, String> overrides = new TreeMap<>();
        config.prefixed(PROPERTY_PREFIX).forEach((variable, value) -> {
            String property = variable.substring(PROPERTY_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (FIXED.contains(property)) {
                config.reject(variable, "no override of " + property + " (fixed by the delivery guarantees or set by its own variable)",
                        ConfigReader.quote(value));
            } else {
                overrides.put(property, value);
            }
        });
        return overrides;
    }
}
