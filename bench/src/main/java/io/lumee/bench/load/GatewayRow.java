package io.lumee.bench.load;

import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The gateway at full speed: devices post batches of signed readings ({@code application/json}, an array
 * of JWS) over mutual TLS from several threads in closed loops; the figure is readings the gateway
 * answered as accepted, which it does only once Kafka acknowledged them (acks=all). Everything is signed
 * before the clock starts, so the posting threads spend their CPU on TLS and HTTP alone.
 */
final class GatewayRow {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    record Result(double readingsPerSecond, long accepted, long posts, long refusedPosts, Histogram postLatency,
                  int threads, int batch, double seconds) {}

    private final BenchFleet fleet;
    private final URI gateway;

    GatewayRow(BenchFleet fleet, URI gateway) {
        this.fleet = fleet;
        this.gateway = gateway;
    }

    Result run(int threads, int batch, Duration warmUp, Duration measure) throws Exception {
        // enough signed readings for 20k readings/s (twice the target) over the whole run, spread over the devices
        long perThreadBatches = (long) Math.ceil(20_000.0 * (warmUp.toSeconds() + measure.toSeconds()) / batch / threads);
        List<List<Posting>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(new ArrayList<>());
        }
        Instant now = Instant.now();
        for (int d = 0; d < fleet.devices.size(); d++) {
            BenchFleet.Device device = fleet.devices.get(d);
            work.get(d % threads).add(new Posting(device, fleet.client(device, gateway), BenchFleet.freshEpoch()));
        }
        List<List<List<String>>> bodies = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<List<String>> batches = new ArrayList<>();
            List<Posting> mine = work.get(t);
            for (long b = 0; b < perThreadBatches; b++) {
                Posting posting = mine.get((int) (b % mine.size()));
                List<String> jws = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    long sequence = posting.next++;
                    jws.add(posting.device.signer().sign(BenchFleet.reading(posting.device, posting.epoch, sequence,
                            now.minusMillis(perThreadBatches * batch - sequence))));
                }
                batches.add(jws);
            }
            bodies.add(batches);
        }

        AtomicLong accepted = new AtomicLong();
        AtomicLong posts = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Histogram latency = new Histogram(60_000_000L, 3);
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            List<Posting> mine = work.get(t);
            List<List<String>> batches = bodies.get(t);
            Thread thread = new Thread(() -> {
                try {
                    for (int b = 0; b < batches.size() && System.nanoTime() < measureTo; b++) {
                        Posting posting = mine.get(b % mine.size());
                        long started = System.nanoTime();
                        PostResult result = posting.client.post(batches.get(b), Batching.JSON, false);
                        long ended = System.nanoTime();
                        if (started >= measureFrom && ended <= measureTo) {
                            posts.incrementAndGet();
                            synchronized (latency) {
                                latency.recordValue(Math.min(60_000_000L, (ended - started) / 1000));
                            }
                            Matcher m = ACCEPTED.matcher(result.body());
                            if (result.status() == 202 && m.find()) {
                                accepted.addAndGet(Long.parseLong(m.group(1)));
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("bench: gateway poster failed: " + e);
                } finally {
                    done.countDown();
                }
            }, "bench-gateway-" + t);
            thread.start();
        }
        done.await();
        double seconds = measure.toNanos() / 1e9;
        return new Result(accepted.get() / seconds, accepted.get(), posts.get(), refused.get(), latency, threads, batch, seconds);
    }

    private static final class Posting {
        final BenchFleet.Device device;
        final DeviceClient client;
        final int epoch;
        long next;

        Posting(BenchFleet.Device device, DeviceClient client, int epoch) {
            this.device = device;
            this.client = client;
            this.epoch = epoch;
        }
    }
}
