package io.lumee.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the real gateway (mutual TLS, real broker) beyond those its other tests already make:
 * a revoked device, a device posting for another and an unregistered relay ({@code IngestTest}); an
 * expired certificate, a foreign CA and TLS 1.2 against TLS 1.3 ({@code HandshakeTest}); gzip bombs
 * ({@code IngestTest}, {@code BoundedBodyTest}) and gzip of gzip ({@code HostileBodyPropertyTest}).
 * Here: tampering with each JWS part, replays through the same and another gateway, a flood from one
 * device, and stalled bodies. The gateway parses but never verifies: it must refuse what is malformed,
 * carry everything else byte-exact (the processor refuses forgeries and replays: {@code
 * ReplayAndTamperTest} in stream-processor), and stay available to every other device.
 */
class GatewayAttackTest extends AgainstSharedGateway {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than the listener's 200 threads: a body read that held a thread would leave none for anyone else. */
    private static final int STALLED_BODIES = 220;


    @Test
    void tamperedReadingsAreCarriedByteExactForTheProcessorToRefuse() throws Exception {
        String deviceId = Readings.newDeviceId("tamper");
        String[] part = Readings.signed(deviceId, 0).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(part[1]), StandardCharsets.UTF_8);
        String valueChanged = part[0] + "." + encode(payload.replace("\"tissueO2\":42.5", "\"tissueO2\":92.5")) + "." + part[2];
        String signatureChanged = part[0] + "." + part[1] + "." + part[2].substring(0, 10) + (part[2].charAt(10) == 'A' ? 'B' : 'A')
                + part[2].substring(11);
        String headerChanged = encode("{\"alg\":\"HS256\",\"kid\":\"hkdf:2\"}") + "." + part[1] + "." + part[2];
        // the gateway checks form, not length: an empty signature is the processor's to refuse, like any wrong one
        String signatureRemoved = part[0] + "." + part[1] + ".";
        List<String> carried = List.of(valueChanged, signatureChanged, headerChanged, signatureRemoved);
        List<String> malformed = List.of(
                encode("{\"alg\":\"none\",\"kid\":\"hkdf:1\"}") + "." + part[1] + ".",
                part[0] + "." + encode(payload.replace("\"epoch\":7", "\"epoch\":7.0")) + "." + part[2],
                part[0] + "." + part[1] + "." + part[2] + "." + part[2],
                part[0] + "." + part[1]);
        List<String> items = new ArrayList<>(carried);
        items.addAll(malformed);

        PostResult result = gateway.client(TestServers.ca().issueDevice(deviceId)).post(items, Batching.JSON, false);

        JsonNode answer = JSON.readTree(result.body()).get("items");
        for (int i = 0; i < items.size(); i++) {
            assertThat(answer.get(i).get("outcome").asText()).as("item %d: %s", i, items.get(i))
                    .isEqualTo(i < carried.size() ? "accepted" : "malformed");
        }
        List<ConsumerRecord<String, LumeeReading>> landed = pipeline.awaitReadings(deviceId, carried.size());
        assertThat(landed).extracting(r -> r.value().getJws()).containsExactlyInAnyOrderElementsOf(carried);
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

        // the registration reaches the gateway through Kafka
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> viaA.post(List.of(jws), Batching.JOSE, false).status() == 202);
        assertThat(viaA.post(List.of(jws), Batching.JOSE, false).status()).isEqualTo(202);
        assertThat(viaB.post(List.of(jws), Batching.JOSE, false).status()).isEqualTo(202);

        List<ConsumerRecord<String, LumeeReading>> landed = pipeline.awaitReadings(deviceId, 3);
        assertThat(landed).extracting(r -> r.value().getJws()).containsOnly(jws);
        assertThat(landed).extracting(r -> r.value().getIngestId()).doesNotHaveDuplicates();
        assertThat(landed).extracting(r -> r.value().getGatewayId()).contains(gatewayA, gatewayB);
    }

    @Test
    void aFloodingDeviceIsHeldToItsRateWhileOthersAreServed() throws Exception {
        String flooder = Readings.newDeviceId("flood");
        DeviceClient flooding = gateway.client(TestServers.ca().issueDevice(flooder));
        List<String> quiet = List.of(Readings.newDeviceId("quiet"), Readings.newDeviceId("quiet"), Readings.newDeviceId("quiet"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        long started = System.nanoTime();
        try {
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long firstSequence = t * 1000L;
                accepted.add(pool.submit(() -> flood(flooding, flooder, firstSequence)));
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
            // the bound grows with the time taken, so a slow machine cannot make this fail
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
    void stalledBodiesNeitherStarveOtherDevicesNorHoldTheirConnections() throws Exception {
        SSLContext tls = gateway.tls(TestServers.ca().issueDevice(Readings.newDeviceId("slow")));
        List<SSLSocket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED_BODIES; i++) {
                SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", gateway.uri().getPort());
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.getOutputStream().write(("POST /v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/jose\r\n"
                        + "Content-Length: 4000\r\n\r\neyJhbGciOiJIUzI1NiIs").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            // one byte more on each, oldest first, so none idles out while the others are still being opened
            for (SSLSocket socket : stalled) {
                socket.getOutputStream().write('I');
                socket.getOutputStream().flush();
            }
            SSLSocket oldest = stalled.get(0);

            String prompt = Readings.newDeviceId("prompt");
            PostResult served = gateway.client(TestServers.ca().issueDevice(prompt)).post(List.of(Readings.signed(prompt, 0)), Batching.JOSE, false);

            assertThat(served.status()).as("a device posting while %d bodies stall", STALLED_BODIES).isEqualTo(202);
            assertThat(isOpen(oldest)).as("served without waiting for a stalled body to time out").isTrue();
            oldest.setSoTimeout((int) Duration.ofSeconds(90).toMillis());
            String answer = readUntilClosed(oldest);
            assertThat(answer).as("a stalled body is cut off, never accepted nor a server error").satisfiesAnyOf(
                    text -> assertThat(text).isEmpty(), text -> assertThat(text).startsWith("HTTP/1.1 408"));
        } finally {
            for (SSLSocket socket : stalled) {
                socket.close();
            }
        }
    }

    /** Posts 10 batches of 25 readings; how many the gateway accepted. */
    private static int flood(DeviceClient client, String deviceId, long firstSequence) throws Exception {
        int count = 0;
        for (int round = 0; round < 10; round++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                batch.add(Readings.signed(deviceId, firstSequence + round * 25L + i));
            }
            PostResult result = client.post(batch, Batching.JSON, false);
            assertThat(result.status()).isIn(202, 429);
            count += JSON.readTree(result.body()).get("accepted").asInt();
        }
        return count;
    }

    /** Whether the server has neither answered nor closed: a read finds nothing within a moment. */
    private static boolean isOpen(SSLSocket socket) throws IOException {
        socket.setSoTimeout(200);
        try {
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** What the server wrote before closing; a timeout here means it held the connection past the bound. */
    private static String readUntilClosed(SSLSocket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("a stalled body held its connection for 90 s", stillOpen);
        } catch (IOException reset) {
            return "";
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
