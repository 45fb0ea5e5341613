package io.lumee.gateway.it;

import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kafka.KafkaBroker;
import io.lumee.testkit.tls.CertificateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One gateway per test JVM on the shared broker and registry, connected to Kafka over the broker's
 * mutual-TLS listener so the gateway's Kafka TLS settings are exercised. Small limits make 413 and 429
 * cheap to reach.
 */
public final class SharedGateway {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int DEVICE_BURST = 20;

    private static GatewayUnderTest gateway;
    private static Pipeline pipeline;

    private SharedGateway() {}

    public static synchronized GatewayUnderTest gateway() throws Exception {
        if (gateway == null) {
            KafkaBroker kafka = TestServers.kafka();
            pipeline();
            Map<String, Object> tls = kafka.tlsClientProperties(TestServers.ca().issue(CertificateSpec.client("edge-gateway")));
            Path password = Files.writeString(TempDirs.create("gateway-kafka").resolve("password"), tls.get("ssl.keystore.password") + "\n");
            gateway = GatewayUnderTest.start(TestServers.ca(), Map.ofEntries(
                    Map.entry("LUMEE_KAFKA_BOOTSTRAP", kafka.tlsBootstrapServers()),
                    Map.entry("LUMEE_KAFKA_SECURITY_PROTOCOL", "SSL"),
                    Map.entry("LUMEE_KAFKA_KEYSTORE_FILE", (String) tls.get("ssl.keystore.location")),
                    Map.entry("LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE", password.toString()),
                    Map.entry("LUMEE_KAFKA_TRUSTSTORE_FILE", (String) tls.get("ssl.truststore.location")),
                    Map.entry("LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE", password.toString()),
                    Map.entry("LUMEE_REGISTRY_URL", TestServers.registry().registryUrl()),
                    Map.entry("LUMEE_REGISTRY_AUTO_REGISTER", "true"),
                    Map.entry("LUMEE_GATEWAY_MAX_BODY_BYTES", Integer.toString(MAX_BODY_BYTES)),
                    Map.entry("LUMEE_GATEWAY_DEVICE_RATE", "1"),
                    Map.entry("LUMEE_GATEWAY_DEVICE_BURST", Integer.toString(DEVICE_BURST))));
        }
        return gateway;
    }

    public static synchronized Pipeline pipeline() throws Exception {
        if (pipeline == null) {
            pipeline = new Pipeline(TestServers.kafka().bootstrapServers(), TestServers.registry().registryUrl());
        }
        return pipeline;
    }
}
