package io.lumee.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.gateway.ingest.Gzip;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.tls.CertificateSpec;
import io.lumee.testkit.tls.IssuedCertificate;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/readings} end to end: real gateway, real broker (over mutual TLS), real registry. */
class IngestTest extends AgainstSharedGateway {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptedReadingLandsOnRawWithTheJwsByteExactOverHttp2() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        String jws = Readings.signed(deviceId, 0);

        PostResult result = deviceClient(deviceId).post(List.of(jws), Batching.JOSE, false);

        assertThat(result.status()).as(result.body()).isEqualTo(202);
        assertThat(result.version()).isEqualTo(HttpClient.Version.HTTP_2);
        JsonNode answer = JSON.readTree(result.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("items").get(0).get("readingId").asText()).isEqualTo(deviceId + ":7:0");
        ConsumerRecord<String, LumeeReading> landed = single(pipeline.awaitReadings(deviceId, 1));
        LumeeReading reading = landed.value();
        assertThat(reading.getJws()).isEqualTo(jws);
        assertThat(landed.key()).isEqualTo(deviceId);
        assertThat(reading.getGatewayId()).isNull();
        assertThat(reading.getIngestId()).isEqualTo(answer.get("ingestId").asText());
        assertThat(landed.timestamp()).isEqualTo(reading.getReceivedAt().toEpochMilli());
        ReadingHeaders headers = ReadingHeaders.readFrom(landed.headers());
        assertThat(headers.readingId()).isEqualTo(deviceId + ":7:0");
        assertThat(headers.deviceTime()).isEqualTo(reading.getDeviceTime());
        assertThat(headers.receivedAt()).isEqualTo(reading.getReceivedAt());
    }

    @Test
    void batchWithOneMalformedItemLandsTheRest() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        List<String> batch = List.of(Readings.signed(deviceId, 0), "not.a-jws", Readings.signed(deviceId, 2));

        PostResult result = deviceClient(deviceId).post(batch, Batching.JSON, false);

        assertThat(result.status()).as(result.body()).isEqualTo(202);
        JsonNode items = JSON.readTree(result.body()).get("items");
        assertThat(items.get(0).get("outcome").asText()).isEqualTo("accepted");
        assertThat(items.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(items.get(1).get("reason").asText()).isEqualTo("malformed");
        assertThat(items.get(2).get("outcome").asText()).isEqualTo("accepted");
        assertThat(pipeline.awaitReadings(deviceId, 2)).extracting(r -> r.value().getSequence()).containsExactlyInAnyOrder(0L, 2L);
    }

    @Test
    void gzippedNdjsonOverHttp11Lands() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        DeviceClient client = gateway.client(TestServers.ca().issueDevice(deviceId), HttpClient.Version.HTTP_1_1);

        PostResult result = client.post(Readings.signedBatch(deviceId, 3), Batching.NDJSON, true);

        assertThat(result.status()).as(result.body()).isEqualTo(202);
        assertThat(result.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(pipeline.awaitReadings(deviceId, 3)).hasSize(3);
    }

    @Test
    void gatewayRelaysOnlyForDevicesWhoseRegistrationListsIt() throws Exception {
        String gatewayId = Readings.newDeviceId("gw");
        String listed = Readings.newDeviceId("lumee");
        String other = Readings.newDeviceId("lumee");
        pipeline.register(listed, DeviceStatus.ACTIVE, List.of(gatewayId));
        pipeline.register(other, DeviceStatus.ACTIVE, List.of("another-gateway"));
        DeviceClient client = gateway.client(TestServers.ca().issueGateway(gatewayId));

        PostResult result = awaitStatus(() -> client.post(List.of(Readings.signed(listed, 0), Readings.signed(other, 0)), Batching.JSON, false), 202);

        JsonNode items = JSON.readTree(result.body()).get("items");
        assertThat(items.get(1).get("status").asInt()).isEqualTo(403);
        assertThat(items.get(1).get("reason").asText()).isEqualTo("gateway-not-listed");
        assertThat(single(pipeline.awaitReadings(listed, 1)).value().getGatewayId()).isEqualTo(gatewayId);
        assertThat(pipeline.awaitReadings(other, 0)).isEmpty();
        AuditRecord audit = single(pipeline.awaitAudit(a -> other.equals(a.getDeviceId()), 1)).value();
        assertThat(audit.getAction()).isEqualTo(AuditAction.ACCESS_DENIED);
        assertThat(audit.getReason()).isEqualTo("gateway-not-listed");
        assertThat(audit.getPeer()).contains("127.0.0.1:").contains("urn:lumee:gateway:" + gatewayId);
    }

    @Test
    void gatewayCannotRelayForAnUnregisteredDevice() throws Exception {
        String unregistered = Readings.newDeviceId("lumee");
        DeviceClient client = gateway.client(TestServers.ca().issueGateway(Readings.newDeviceId("gw")));

        PostResult result = client.post(List.of(Readings.signed(unregistered, 0)), Batching.JOSE, false);

        assertThat(result.status()).as(result.body()).isEqualTo(403);
        assertThat(result.body()).contains("unregistered-device");
        assertThat(single(pipeline.awaitAudit(a -> unregistered.equals(a.getDeviceId()), 1)).value().getReason())
                .isEqualTo("unregistered-device");
    }

    @Test
    void devicePostingForAnotherIsRefusedAndAudited() throws Exception {
        String device = Readings.newDeviceId("lumee");
        String victim = Readings.newDeviceId("lumee");

        PostResult result = deviceClient(device).post(List.of(Readings.signed(victim, 0)), Batching.JOSE, false);

        assertThat(result.status()).as(result.body()).isEqualTo(403);
        AuditRecord audit = single(pipeline.awaitAudit(a -> victim.equals(a.getDeviceId()), 1)).value();
        assertThat(audit.getAction()).isEqualTo(AuditAction.ACCESS_DENIED);
        assertThat(audit.getReason()).isEqualTo("other-device");
        assertThat(audit.getPeer()).contains("urn:lumee:device:" + device);
        assertThat(pipeline.awaitReadings(victim, 0)).isEmpty();
    }

    @Test
    void revokedDeviceIsRefusedAsSoonAsTheRevocationArrives() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        pipeline.register(deviceId, DeviceStatus.ACTIVE, List.of());
        DeviceClient client = deviceClient(deviceId);
        assertThat(client.post(List.of(Readings.signed(deviceId, 0)), Batching.JOSE, false).status()).isEqualTo(202);

        pipeline.register(deviceId, DeviceStatus.REVOKED, List.of());

        PostResult refused = awaitStatus(() -> client.post(List.of(Readings.signed(deviceId, 1)), Batching.JOSE, false), 403);
        assertThat(refused.body()).contains("revoked");
        assertThat(pipeline.awaitAudit(a -> deviceId.equals(a.getDeviceId()) && "revoked".equals(a.getReason()), 1)).isNotEmpty();
    }

    @Test
    void certificateWithoutLumeeIdentityIsRefusedWhole() throws Exception {
        DeviceClient client = gateway.client(TestServers.ca().issue(CertificateSpec.client("some-service")));

        PostResult result = client.post(List.of(Readings.signed("lumee-x", 0)), Batching.JOSE, false);

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.body()).contains("no-identity");
    }

    @Test
    void bodyOverTheLimitIs413AlsoWhenItOnlyInflatesPastIt() throws Exception {
        DeviceClient client = deviceClient(Readings.newDeviceId("lumee"));
        byte[] large = new byte[SharedGateway.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(large, (byte) 'a');

        assertThat(client.postBody("application/jose", large, null).status()).isEqualTo(413);
        byte[] bomb = Gzip.of(new byte[16 * SharedGateway.MAX_BODY_BYTES]);
        assertThat(bomb.length).isLessThan(SharedGateway.MAX_BODY_BYTES);
        PostResult inflated = client.postBody("application/x-ndjson", bomb, "gzip");
        assertThat(inflated.status()).isEqualTo(413);
        assertThat(inflated.body()).contains("inflates");
    }

    @Test
    void unsupportedMediaTypeOrEncodingIs415() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        DeviceClient client = deviceClient(deviceId);
        byte[] jws = Readings.signed(deviceId, 0).getBytes(StandardCharsets.US_ASCII);

        assertThat(client.postBody("text/plain", jws, null).status()).isEqualTo(415);
        assertThat(client.postBody("application/jose", jws, "br").status()).isEqualTo(415);
    }

    @Test
    void deviceOverItsRateIsAnswered429WithRetryAfter() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        DeviceClient client = deviceClient(deviceId);

        PostResult first = client.post(Readings.signedBatch(deviceId, SharedGateway.DEVICE_BURST + 5), Batching.JSON, false);
        PostResult second = client.post(List.of(Readings.signed(deviceId, 100)), Batching.JOSE, false);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(SharedGateway.DEVICE_BURST);
        assertThat(answer.get("items").get(SharedGateway.DEVICE_BURST).get("status").asInt()).isEqualTo(429);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void metricsCountRequestsReadingsBytesAndProduceLatency() throws Exception {
        String deviceId = Readings.newDeviceId("lumee");
        deviceClient(deviceId).post(List.of(Readings.signed(deviceId, 0), "x"), Batching.JSON, false);

        String metrics = gateway.metrics();

        assertThat(metrics).contains("lumee_gateway_requests_total{status=\"202\"}")
                .contains("lumee_readings_total{outcome=\"accepted\",reason=\"none\",stage=\"gateway\"}")
                .contains("lumee_readings_total{outcome=\"malformed\",reason=\"malformed\",stage=\"gateway\"}")
                .contains("lumee_gateway_received_bytes_total")
                .contains("lumee_gateway_produce_latency_seconds_bucket");
    }

    private static DeviceClient deviceClient(String deviceId) throws Exception {
        IssuedCertificate certificate = TestServers.ca().issueDevice(deviceId);
        return gateway.client(certificate);
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    interface Post {
        PostResult send() throws Exception;
    }

    /** Registrations reach the gateway through Kafka: retry until the view has caught up. */
    private static PostResult awaitStatus(Post post, int status) {
        List<PostResult> last = new ArrayList<>();
        Awaitility.await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            PostResult result = post.send();
            last.add(0, result);
            return result.status() == status;
        });
        return last.get(0);
    }
}
