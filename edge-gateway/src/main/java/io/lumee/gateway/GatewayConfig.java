package io.lumee.gateway;

import io.lumee.gateway.ingest.IngestLimits;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.kafka.KafkaSettings;
import io.lumee.platform.registry.RegistryEndpoint;
import io.lumee.platform.tls.TlsSettings;
import io.lumee.schemas.topics.RegistrySettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The edge-gateway's settings, every one a {@code LUMEE_*} variable with a default that works in the
 * embedded stack; {@code docs/edge-gateway.md} lists them and a test keeps that list exact.
 *
 * @param host address the HTTPS listener binds
 * @param port HTTPS port
 * @param tls the server's key, the CAs device and gateway certificates must chain to, the protocols
 * @param kafka how to reach Kafka (platform's {@code LUMEE_KAFKA_*})
 * @param registry where the Avro serdes find the schemas
 * @param limits body size and per-device rate
 * @param produceTimeout the longest a request waits for Kafka before it is answered 503
 */
public record GatewayConfig(
        String host,
        int port,
        TlsSettings tls,
        KafkaSettings kafka,
        RegistrySettings registry,
        IngestLimits limits,
        Duration produceTimeout) {

    public static final String TLS_PREFIX = "LUMEE_GATEWAY_TLS";

    /** The producer bounds the gateway derives from {@link #produceTimeout}; an override would unbind them. */
    static final Set<String> DERIVED_PRODUCER_PROPERTIES = Set.of("delivery.timeout.ms", "request.timeout.ms", "max.block.ms");

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(produceTimeout, "produceTimeout");
    }

    public static GatewayConfig from(ConfigReader config) {
        String host = config.string("LUMEE_GATEWAY_HOST", "0.0.0.0");
        int port = config.intValue("LUMEE_GATEWAY_PORT", 8443, 1, 65535);
        // need, not want: a device's identity is its certificate, so none means no service
        TlsSettings tls = TlsSettings.server(config, TLS_PREFIX, true);
        KafkaSettings kafka = KafkaSettings.from(config);
        DERIVED_PRODUCER_PROPERTIES.stream().filter(kafka.overrides()::containsKey).forEach(property -> config.reject(
                KafkaSettings.PROPERTY_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_'),
                "no override: the gateway derives " + property + " from LUMEE_GATEWAY_PRODUCE_TIMEOUT", "a value"));
        RegistryEndpoint endpoint = RegistryEndpoint.from(config);
        RegistrySettings registry = RegistrySettings.of(endpoint.url(), endpoint.autoRegister());
        IngestLimits limits = new IngestLimits(
                config.intValue("LUMEE_GATEWAY_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
                config.intValue("LUMEE_GATEWAY_DEVICE_RATE", 5, 1, 100_000),
                config.intValue("LUMEE_GATEWAY_DEVICE_BURST", 2000, 1, 1_000_000));
        Duration produceTimeout = config.duration("LUMEE_GATEWAY_PRODUCE_TIMEOUT", "10s");
        if (produceTimeout.compareTo(Duration.ofSeconds(1)) < 0 || produceTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
            config.reject("LUMEE_GATEWAY_PRODUCE_TIMEOUT", "a duration from 1s to 2m", ConfigReader.quote(produceTimeout.toString()));
            produceTimeout = Duration.ofSeconds(10);
        }
        return new GatewayConfig(host, port, tls, kafka, registry, limits, produceTimeout);
    }
}
