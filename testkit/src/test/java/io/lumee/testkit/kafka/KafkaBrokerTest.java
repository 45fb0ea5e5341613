package io.lumee.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.testkit.TestServers;
import io.lumee.testkit.tls.TestCa;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    private final KafkaBroker broker = TestServers.kafka();

    @Test
    void listensOnLoopbackOnly() {
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(broker.tlsBootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void recordsRoundTripOverPlaintext() throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());

        assertThat(roundTrip(client, 20)).hasSize(20);
    }

    @Test
    void recordsRoundTripOverMutualTls() throws Exception {
        Map<String, Object> client = broker.tlsClientProperties(TestServers.ca().issue(
                io.lumee.testkit.tls.CertificateSpec.client("testkit-client")));

        assertThat(roundTrip(client, 20)).hasSize(20);
    }

    @Test
    void clientWithForeignCertificateCannotConnectToTlsListener() {
        TestCa foreign = TestCa.create("Foreign CA");
        Map<String, Object> client = new HashMap<>(broker.tlsClientProperties(foreign.issueDevice("intruder")));
        client.put("default.api.timeout.ms", 5_000);
        client.put("request.timeout.ms", 3_000);

        try (Admin admin = Admin.create(client)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    private static List<ConsumerRecord<String, String>> roundTrip(Map<String, Object> client, int count)
            throws Exception {
        String topic = "roundtrip-" + UUID.randomUUID();
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = new HashMap<>(client);
        producerProps.put("acks", "all");
        producerProps.put("enable.idempotence", true);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "device-" + (i % 3), "reading-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> consumerProps = new HashMap<>(client);
        consumerProps.put("group.id", "roundtrip-" + UUID.randomUUID());
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).extracting(ConsumerRecord::value).doesNotHaveDuplicates();
        return received;
    }
}
