package io.lumee.testkit.kafka;

import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.tls.IssuedCertificate;
import io.lumee.testkit.tls.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), in this JVM, listening on
 * 127.0.0.1 only: a plaintext listener and, when started with a CA, a TLS 1.3 listener that requires a
 * client certificate from that CA. Kafka's own {@code KafkaClusterTestKit} binds every interface, hence
 * this class.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final AtomicInteger NODE_IDS = new AtomicInteger(1);

    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String tlsBootstrapServers;
    private final TestCa ca;
    private final String storePassword;

    private KafkaBroker(Path dir, KafkaRaftServer server, String bootstrap, String tlsBootstrap, TestCa ca,
                        String storePassword) {
        this.dir = dir;
        this.server = server;
        this.bootstrapServers = bootstrap;
        this.tlsBootstrapServers = tlsBootstrap;
        this.ca = ca;
        this.storePassword = storePassword;
    }

    /** A broker with a plaintext listener only. */
    public static KafkaBroker start() {
        return start(null);
    }

    /** A broker with a plaintext listener and a mutual-TLS listener trusting {@code ca}. */
    public static KafkaBroker startWithTls(TestCa ca) {
        return start(ca);
    }

    private static KafkaBroker start(TestCa ca) {
        Path dir = TempDirs.create("kafka");
        String host = LoopbackPorts.HOST;
        int plainPort = LoopbackPorts.free();
        int controllerPort = LoopbackPorts.free();
        int tlsPort = ca == null ? -1 : LoopbackPorts.free();
        int nodeId = NODE_IDS.getAndIncrement();
        String storePassword = randomPassword();

        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(nodeId));
        props.put("controller.quorum.voters", nodeId + "@" + host + ":" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        String listeners = "PLAINTEXT://" + host + ":" + plainPort + ",CONTROLLER://" + host + ":" + controllerPort;
        String advertised = "PLAINTEXT://" + host + ":" + plainPort;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (ca != null) {
            listeners += ",SSL://" + host + ":" + tlsPort;
            advertised += ",SSL://" + host + ":" + tlsPort;
            protocols += ",SSL:SSL";
            IssuedCertificate serverCert = ca.issueServer("kafka-broker");
            props.put("listener.name.ssl.ssl.keystore.location",
                    serverCert.writePkcs12(dir.resolve("broker.p12"), storePassword.toCharArray()).toString());
            props.put("listener.name.ssl.ssl.keystore.password", storePassword);
            props.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
            props.put("listener.name.ssl.ssl.truststore.location",
                    ca.writeTrustStore(dir.resolve("truststore.p12"), storePassword.toCharArray()).toString());
            props.put("listener.name.ssl.ssl.truststore.password", storePassword);
            props.put("listener.name.ssl.ssl.truststore.type", "PKCS12");
            props.put("listener.name.ssl.ssl.client.auth", "required");
            props.put("listener.name.ssl.ssl.enabled.protocols", "TLSv1.3");
            props.put("listener.name.ssl.ssl.protocol", "TLSv1.3");
        }
        props.put("listeners", listeners);
        props.put("advertised.listeners", advertised);
        props.put("listener.security.protocol.map", protocols);
        props.put("log.dirs", dir.resolve("data").toString());
        // A single broker: every internal topic must fit on one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        // Topics come from `admin-cli topics apply` in tests as in production.
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Kill tests lower the session timeout so a dead member leaves its group in seconds, not 45 s.
        props.put("group.min.session.timeout.ms", "1000");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("log.cleaner.io.buffer.size", String.valueOf(64 * 1024));
        props.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");

        format(dir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
        return new KafkaBroker(dir, server, host + ":" + plainPort,
                ca == null ? null : host + ":" + tlsPort, ca, storePassword);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void format(Path dir, Properties props) {
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "lumee testkit broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("kafka storage format failed (" + code + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Plaintext bootstrap address, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Mutual-TLS bootstrap address; only for a broker started with a CA. */
    public String tlsBootstrapServers() {
        requireTls();
        return tlsBootstrapServers;
    }

    /**
     * Client properties for the mutual-TLS listener, authenticating as {@code client}: key and trust
     * stores are written into the broker's folder.
     */
    public Map<String, Object> tlsClientProperties(IssuedCertificate client) {
        requireTls();
        String name = "client-" + Uuid.randomUuid();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", tlsBootstrapServers);
        props.put("security.protocol", "SSL");
        props.put("ssl.enabled.protocols", "TLSv1.3");
        props.put("ssl.protocol", "TLSv1.3");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location",
                client.writePkcs12(dir.resolve(name + ".p12"), storePassword.toCharArray()).toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location",
                ca.writeTrustStore(dir.resolve(name + "-trust.p12"), storePassword.toCharArray()).toString());
        props.put("ssl.truststore.password", storePassword);
        return props;
    }

    /**
     * The {@code LUMEE_KAFKA_*} settings a service reads to reach the mutual-TLS listener as {@code client}:
     * key and trust stores and a password file written into the broker's folder.
     */
    public Map<String, String> tlsServiceEnvironment(IssuedCertificate client) {
        Map<String, Object> properties = tlsClientProperties(client);
        Path passwordFile = dir.resolve("client-" + Uuid.randomUuid() + ".password");
        try {
            Files.writeString(passwordFile, storePassword + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("LUMEE_KAFKA_BOOTSTRAP", tlsBootstrapServers);
        environment.put("LUMEE_KAFKA_SECURITY_PROTOCOL", "SSL");
        environment.put("LUMEE_KAFKA_KEYSTORE_FILE", (String) properties.get("ssl.keystore.location"));
        environment.put("LUMEE_KAFKA_KEYSTORE_PASSWORD_FILE", passwordFile.toString());
        environment.put("LUMEE_KAFKA_TRUSTSTORE_FILE", (String) properties.get("ssl.truststore.location"));
        environment.put("LUMEE_KAFKA_TRUSTSTORE_PASSWORD_FILE", passwordFile.toString());
        return environment;
    }

    private void requireTls() {
        if (ca == null) {
            throw new IllegalStateException("this broker was started without a TLS listener; use KafkaBroker.startWithTls");
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
