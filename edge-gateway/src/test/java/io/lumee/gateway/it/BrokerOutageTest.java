package io.lumee.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.kafka.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker of its own, stopped under a running gateway: requests are answered 503 with Retry-After
 * within the produce timeout, and nothing unwritten is reported accepted.
 */
class BrokerOutageTest {

    private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaBroker broker;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        new Pipeline(broker.bootstrapServers(), TestServers.registry().registryUrl());
        gateway = GatewayUnderTest.start(TestServers.ca(), Map.of(
                "LUMEE_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
                "LUMEE_REGISTRY_URL", TestServers.registry().registryUrl(),
                "LUMEE_REGISTRY_AUTO_REGISTER", "true",
                "LUMEE_GATEWAY_PRODUCE_TIMEOUT", PRODUCE_TIMEOUT.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void stoppedBrokerMeans503WithRetryAfterAndNothingAcknowledged() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        DeviceClient client = gateway.client(TestServers.ca().issueDevice(deviceId));
        // the first produce also fetches metadata and registers the schema: on a loaded machine that can
        // outlast the short produce timeout this test sets, so warm up until the healthy path answers 202
        int status = 0;
        long warmUpUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (status != 202 && System.nanoTime() < warmUpUntil) {
            status = client.post(Readings.signedBatch(deviceId, 1), Batching.JOSE, false).status();
        }
        assertThat(status).isEqualTo(202);

        broker.close();
        long start = System.nanoTime();
        PostResult result = client.post(java.util.List.of(Readings.signed(deviceId, 1), Readings.signed(deviceId, 2), "bad"),
                Batching.JSON, false);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).as(result.body()).isEqualTo(503);
        assertThat(result.retryAfter()).hasValue(Duration.ofSeconds(5));
        assertThat(took).isLessThan(PRODUCE_TIMEOUT.plusSeconds(3));
        JsonNode answer = JSON.readTree(result.body());
        assertThat(answer.get("accepted").asInt()).isZero();
        assertThat(answer.get("items").get(0).get("outcome").asText()).isEqualTo("unavailable");
        assertThat(answer.get("items").get(1).get("outcome").asText()).isEqualTo("unavailable");
        assertThat(answer.get("items").get(2).get("outcome").asText()).isEqualTo("malformed");
    }
}
