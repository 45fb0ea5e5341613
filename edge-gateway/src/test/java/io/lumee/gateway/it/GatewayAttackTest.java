package io.lumee.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.ClientTls;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.TestServers;
import io.lumee.testkit.tls.IssuedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the real gateway (mutual TLS, real broker) that its other tests do not cover: tampering
 * with each JWS part, replays through the same and another gateway, protocol downgrades, a gzip bomb
 * inflating to a thousand times the limit, a flood from one device while others post, and slow bodies.
 * The gateway parses but never verifies: what it must do is refuse what is malformed, carry everything
 * else byte-exact (the processor refuses forgeries and replays: {@code ReplayAndTamperTest} in
 * stream-processor), and stay available.
 */
class GatewayAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayUnderTest gateway;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        gateway = SharedGateway.gateway();
        pipeline = SharedGateway.pipeline();
    }

    @Test
    void tamperedReadingsAreCarriedByteExactForTheProcessorToRefuse() throws Exception {
        String deviceId = Readings.newDeviceId("tamper");
        String[] part = Readings.signed(deviceId, 0).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(part[1]), StandardCharsets.UTF_8);
        String valueChanged = part[0] + "." + encode(payload.replace("\"tissueO2\":42.5", "\"tissueO2\":92.5")) + "." + part[2];
        String signatureChanged = part[0] + "." + part[1] + "." + part[2].substring(0, 10) + (part[2].charAt(10) == 'A' ? 'B' : 'A')
                + part[2].substring(11);
        String signatureRemoved = part[0] + "." + part[1] + ".";
        List<String> items = List.of(
                valueChanged, signatureChanged, signatureRemoved,
                encode("{\"alg\":\"none\",\"kid\":\"hkdf:1\"}") + "." + part[1] + ".",
                encode("{\"alg\":\"HS256\",\"kid\":\"hkdf:1\",\"typ\":\"JWT\"}") + "." + part[1] + "." + part[2],
                part[0] + "." + encode(payload.replace("\"epoch\":7", "\"epoch\":7.0")) + "." + part[2],
                part[0] + "." + part[1] + "." + part[2] + "." + part[2]);

        PostResult result = gateway.client(TestServers.ca().issueDevice(deviceId)).post(items, Batching.JSON, false);

        JsonNode answer = JSON.readTree(result.body()).get("items");
        assertThat(answer.get(0).get("outcome").asText()).isEqualTo("accepted");
        assertThat(answer.get(1).get("outcome").asText()).isEqualTo("accepted");
        for (int i = 3; i < items.size(); i++) {
            assertThat(answer.get(i).get("outcome").asText()).as("item %d", i).isEqualTo("malformed");
        }
        List<ConsumerRecord<String, LumeeReading>> landed = pipeline.awaitReadings(deviceId, 2);
        assertThat(landed).extracting(r -> r.value().getJws()).contains(valueChanged, signatureChanged)
                .doesNotContain(items.subList(3, items.size()).toArray(String[]::new));
    }

    @Test
    void aReplayThroughTheSameOrAnotherGatewayIsCarriedWithItsOwnIngestAndGatewayIds() throws Exception {
        String deviceId = Readings.newDeviceId("replay");
        String gatewayA = Readings.newDeviceId("gw-a");
        String gatewayB = Readings.newDeviceId("gw-b");
        pipeline.register(deviceId, DeviceStatus.ACTIVE, List.of(gatewayA, gatewayB));
        String jws = Readings.signed(deviceId, 0);
        DeviceClient viaA = gateway.client(TestServers.ca().issueGateway(gatewayA));
        DeviceClient viaB = gateway.client(TestServers.ca().issueGateway(gatewayB));

        awaitAccepted(viaA, jws);
        assertThat(viaA.post(List.of(jws), Batching.JOSE, false).status()).isEqualTo(202);
        assertThat(viaB.post(List.of(jws), Batching.JOSE, false).status()).isEqualTo(202);

        List<ConsumerRecord<String, LumeeReading>> landed = pipeline.awaitReadings(deviceId, 3);
        assertThat(landed).extracting(r -> r.value().getJws()).containsOnly(jws);
        assertThat(landed).extracting(r -> r.value().getIngestId()).doesNotHaveDuplicates();
        assertThat(landed).extracting(r -> r.value().getGatewayId()).contains(gatewayA, gatewayB);
    }

    @Test
    void protocolDowngradesAreRefusedInTheHandshake() throws Exception {
        String deviceId = Readings.newDeviceId("downgrade");
        Path dir = TempDirs.create("downgrade");
        char[] password = "pw".toCharArray();
        IssuedCertificate certificate = TestServers.ca().issueDevice(deviceId);
        SSLContext tls = ClientTls.fromPkcs12(certificate.writePkcs12(dir.resolve("d.p12"), password), password,
                TestServers.ca().writeTrustStore(dir.resolve("t.p12"), password), password);
        for (String protocol : List.of("TLSv1.2", "TLSv1.1", "TLSv1")) {
            DeviceClient downgraded = DeviceClient.builder(gateway.uri(), tls).protocols(protocol).build();
            assertThatThrownBy(() -> downgraded.post(List.of(Readings.signed(deviceId, 0)), Batching.JOSE, false))
                    .as(protocol).isInstanceOf(IOException.class);
        }
        assertThat(pipeline.awaitReadings(deviceId, 0)).isEmpty();
        assertThat(DeviceClient.builder(gateway.uri(), tls).build().post(List.of(Readings.signed(deviceId, 0)), Batching.JOSE, false)
                .status()).as("TLS 1.3 with the same certificate").isEqualTo(202);
    }

    @Test
    void gzipBombIsRefusedWithoutInflatingIt() throws Exception {
        DeviceClient client = gateway.client(TestServers.ca().issueDevice(Readings.newDeviceId("bomb")));
        byte[] bomb = gzip(new byte[1000 * SharedGateway.MAX_BODY_BYTES]);
        assertThat(bomb.length).as("a 64 MB inflation in a body under the limit").isLessThan(SharedGateway.MAX_BODY_BYTES);

        long started = System.nanoTime();
        PostResult inflated = client.postBody("application/x-ndjson", bomb, "gzip");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(inflated.status()).isEqualTo(413);
        assertThat(took).as("stopped at the limit, not after inflating 64 MB").isLessThan(Duration.ofSeconds(3));
        assertThat(client.postBody("application/json", gzip(gzip(new byte[10 * SharedGateway.MAX_BODY_BYTES])), "gzip").status())
                .as("gzip of gzip is decoded once").isEqualTo(400);
    }

    @Test
    void aFloodingDeviceIsHeldToItsRateWhileOthersAreServed() throws Exception {
        String flooder = Readings.newDeviceId("flood");
        DeviceClient flooding = gateway.client(TestServers.ca().issueDevice(flooder));
        List<String> quiet = List.of(Readings.newDeviceId("quiet"), Readings.newDeviceId("quiet"), Readings.newDeviceId("quiet"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        long started = System.nanoTime();
        List<Future<Integer>> accepted = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                accepted.add(pool.submit(() -> {
                    int count = 0;
                    for (int round = 0; round < 10; round++) {
                        List<String> batch = new ArrayList<>();
                        for (int i = 0; i < 25; i++) {
                            batch.add(Readings.signed(flooder, thread * 1000L + round * 25L + i));
                        }
                        PostResult result = flooding.post(batch, Batching.JSON, false);
                        assertThat(result.status()).isIn(202, 429);
                        count += JSON.readTree(result.body()).get("accepted").asInt();
                    }
                    return count;
                }));
            }
            List<Future<PostResult>> others = new ArrayList<>();
            for (String deviceId : quiet) {
                DeviceClient client = gateway.client(TestServers.ca().issueDevice(deviceId));
                others.add(pool.submit((Callable<PostResult>) () -> client.post(Readings.signedBatch(deviceId, 5), Batching.JSON, false)));
            }
            int flooderAccepted = 0;
            for (Future<Integer> thread : accepted) {
                flooderAccepted += thread.get();
            }
            double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
            assertThat(flooderAccepted).as("1000 readings sent in %.1f s against a burst of %d at 1/s", seconds, SharedGateway.DEVICE_BURST)
                    .isLessThanOrEqualTo(SharedGateway.DEVICE_BURST + (int) Math.ceil(seconds) + 1);
            for (Future<PostResult> other : others) {
                PostResult result = other.get();
                assertThat(result.status()).as("another device during the flood").isEqualTo(202);
                assertThat(JSON.readTree(result.body()).get("accepted").asInt()).isEqualTo(5);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(gateway.metrics()).contains("lumee_readings_total{outcome=\"rate-limited\",reason=\"device-rate\",stage=\"gateway\"}");
    }

    @Test
    void aStalledBodyIsCutOffByTheIdleTimeoutAndDoesNotBlockOthers() throws Exception {
        String deviceId = Readings.newDeviceId("slow");
        IssuedCertificate certificate = TestServers.ca().issueDevice(deviceId);
        Path dir = TempDirs.create("slowloris");
        char[] password = "pw".toCharArray();
        SSLContext tls = ClientTls.fromPkcs12(certificate.writePkcs12(dir.resolve("d.p12"), password), password,
                TestServers.ca().writeTrustStore(dir.resolve("t.p12"), password), password);
        List<SSLSocket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", gateway.uri().getPort());
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/jose\r\nContent-Length: 4000\r\n\r\n"
                        + "eyJhbGciOiJIUzI1NiIs").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }
            long started = System.nanoTime();

            PostResult other = gateway.client(TestServers.ca().issueDevice(Readings.newDeviceId("prompt")))
                    .post(List.of(Readings.signed("x", 0)), Batching.JOSE, false);
            assertThat(other.status()).as("a device posting while 20 bodies stall").isIn(202, 403);

            SSLSocket first = stalled.get(0);
            first.setSoTimeout((int) Duration.ofSeconds(45).toMillis());
            InputStream in = first.getInputStream();
            try {
                byte[] answer = in.readAllBytes();
                assertThat(new String(answer, StandardCharsets.US_ASCII)).doesNotStartWith("HTTP/1.1 202");
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("a stalled body held its connection for 45 s", stillOpen);
            } catch (IOException closed) {
                // closed by the gateway: what the idle timeout is for
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
        } finally {
            for (SSLSocket socket : stalled) {
                socket.close();
            }
        }
    }

    private static void awaitAccepted(DeviceClient client, String jws) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (client.post(List.of(jws), Batching.JOSE, false).status() != 202) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the registration listing the gateway never reached the gateway");
            }
            Thread.sleep(200);
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
