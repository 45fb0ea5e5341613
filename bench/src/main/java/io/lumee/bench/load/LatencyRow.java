package io.lumee.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.protocol.Reading;
import io.lumee.protocol.client.Batching;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.protocol.client.PostResult;
import io.lumee.testkit.mllp.ReceivedMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency at a fixed offered load: each device reads on its own schedule (evenly spread over
 * the period), and every reading's latency is taken from the time it was due, not from when a sender
 * got round to it, so a stall anywhere (a slow post, a full sender pool) shows as latency instead of
 * silently lowering the offered load (no coordinated omission). Arrival is what the stores recorded:
 * the FHIR server's {@code meta.lastUpdated} of the reading's Observation, and the EHR peer's receipt
 * time of its ORU^R01 (it answers the ACK at once). Readings that never arrive are counted as lost.
 *
 * <p>The fleet first reads for a warm-up at the same rate, not counted: freshly started JVMs interpret
 * HAPI's FHIR and HL7 encoders for their first seconds (the first R4 Bundle takes seconds on this box),
 * and a backlog built then is a start-up figure, not the steady latency the target is about.
 */
final class LatencyRow {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Latency percentiles of one window of due times. */
    record Window(double startSeconds, double fhirP50, double fhirP99, double fhirMax, double ehrP50, double ehrP99,
                  double ehrMax) {}

    record Result(int devices, double rate, Duration duration, long sent, long notAccepted, Histogram gateway,
                  Histogram fhir, Histogram ehr, long fhirMissing, long ehrMissing, List<Window> windows,
                  Map<String, Long> maxRss, Map<String, Integer> rssTargets, double offeredPerSecond) {}

    private final BenchStack stack;
    private final BenchFleet fleet;
    private final URI gateway;
    private final List<BenchService> services;
    private final Map<String, Long> dueMillis = new ConcurrentHashMap<>();
    private final Histogram gatewayAck = new Histogram(3_600_000L, 3);
    private final AtomicLong notAccepted = new AtomicLong();

    LatencyRow(BenchStack stack, BenchFleet fleet, URI gateway, List<BenchService> services) {
        this.stack = stack;
        this.fleet = fleet;
        this.gateway = gateway;
        this.services = services;
    }

    Result run(double ratePerDevice, Duration warmUp, Duration duration, Duration drainFor, java.io.PrintStream out) throws Exception {
        for (BenchFleet.Device device : fleet.devices) {
            fleet.client(device, gateway);
        }
        int n = fleet.devices.size();
        long period = (long) (1_000_000_000L / ratePerDevice);
        Map<String, Integer> epochs = new HashMap<>();
        fleet.devices.forEach(d -> epochs.put(d.deviceId(), BenchFleet.freshEpoch()));
        ExecutorService senders = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "bench-sender");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Long> maxRss = new ConcurrentHashMap<>();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> services.forEach(s -> {
            long rss = s.rssBytes();
            if (rss > 0) {
                maxRss.merge(s.kind.module, rss, Math::max);
            }
        }), 0, 2, TimeUnit.SECONDS);

        Instant wallStart = Instant.now().plusSeconds(1).plus(warmUp);
        long startNanos = System.nanoTime() + 1_000_000_000L + warmUp.toNanos();
        long firstDue = startNanos - warmUp.toNanos();
        long endNanos = startNanos + duration.toNanos();
        long sent = 0;
        long nextReport = firstDue + 30_000_000_000L;
        outer:
        for (long tick = 0; ; tick++) {
            for (int d = 0; d < n; d++) {
                long due = firstDue + tick * period + (period * d) / n;
                if (due >= endNanos) {
                    break outer;
                }
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                BenchFleet.Device device = fleet.devices.get(d);
                long sequence = tick;
                Instant dueAt = wallStart.plusNanos(due - startNanos).truncatedTo(ChronoUnit.MILLIS);
                boolean measured = due >= startNanos;
                senders.execute(() -> send(device, epochs.get(device.deviceId()), sequence, dueAt, measured));
                if (measured) {
                    sent++;
                }
            }
            if (System.nanoTime() > nextReport) {
                out.printf("  latency: %,d readings due so far, %,d not accepted by the gateway%n", sent, notAccepted.get());
                nextReport += 30_000_000_000L;
            }
        }
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.MINUTES);
        out.printf("  latency: fleet stopped after %,d readings; draining%n", sent);
        awaitArrivals(drainFor, wallStart);
        sampler.shutdownNow();

        Map<String, Long> fhirArrivals = fhirArrivals(wallStart);
        Map<String, Long> ehrArrivals = ehrArrivals();
        Histogram fhir = new Histogram(3_600_000L, 3);
        Histogram ehr = new Histogram(3_600_000L, 3);
        TreeMap<Long, Histogram[]> windows = new TreeMap<>();
        long fhirMissing = 0;
        long ehrMissing = 0;
        long windowMillis = 10_000;
        for (Map.Entry<String, Long> due : dueMillis.entrySet()) {
            long window = (due.getValue() - wallStart.toEpochMilli()) / windowMillis;
            Histogram[] pair = windows.computeIfAbsent(window, w -> new Histogram[] {new Histogram(3_600_000L, 3), new Histogram(3_600_000L, 3)});
            fhirMissing += record(fhirArrivals.get(due.getKey()), due.getValue(), fhir, pair[0]);
            ehrMissing += record(ehrArrivals.get(due.getKey()), due.getValue(), ehr, pair[1]);
        }
        List<Window> series = new ArrayList<>();
        windows.forEach((window, pair) -> series.add(new Window(window * windowMillis / 1000.0,
                pair[0].getValueAtPercentile(50), pair[0].getValueAtPercentile(99), pair[0].getMaxValue(),
                pair[1].getValueAtPercentile(50), pair[1].getValueAtPercentile(99), pair[1].getMaxValue())));
        Map<String, Integer> targets = new HashMap<>();
        services.forEach(s -> targets.put(s.kind.module, s.kind.rssTargetMiB));
        return new Result(n, ratePerDevice, duration, dueMillis.size(), notAccepted.get(), gatewayAck, fhir, ehr,
                fhirMissing, ehrMissing, series, maxRss, targets, n * ratePerDevice);
    }

    /** Records one reading's latency in the run's and its window's histogram; 1 if it never arrived. */
    static long record(Long arrivedAt, long due, Histogram all, Histogram window) {
        if (arrivedAt == null) {
            return 1;
        }
        long latency = Math.min(Math.max(0, arrivedAt - due), 3_600_000L);
        all.recordValue(latency);
        window.recordValue(latency);
        return 0;
    }

    private void send(BenchFleet.Device device, int epoch, long sequence, Instant due, boolean measured) {
        Reading reading = BenchFleet.reading(device, epoch, sequence, due);
        String jws = device.signer().sign(reading);
        if (measured) {
            dueMillis.put(reading.readingId(), due.toEpochMilli());
        }
        try {
            DeviceClient client = fleet.client(device, gateway);
            for (int attempt = 0; attempt < 10; attempt++) {
                try {
                    PostResult result = client.post(List.of(jws), Batching.JOSE, false);
                    if (result.status() == 202) {
                        if (!measured) {
                            return;
                        }
                        synchronized (gatewayAck) {
                            gatewayAck.recordValue(Math.max(0, Math.min(3_600_000L, System.currentTimeMillis() - due.toEpochMilli())));
                        }
                        return;
                    }
                    if (!result.retryable()) {
                        break;
                    }
                } catch (IOException retry) {
                    // a resend is what firmware does; the duplicate filter absorbs a double
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("bench: posting " + reading.readingId() + " failed: " + e);
        }
        if (measured) {
            notAccepted.incrementAndGet();
        }
    }

    private void awaitArrivals(Duration drainFor, Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + drainFor.toNanos();
        while (System.nanoTime() < deadline) {
            // the count can include warm-up readings that arrived late: confirm with the exact set
            if (observationCount(since) >= dueMillis.size() && ehrArrivals().size() >= dueMillis.size()
                    && fhirArrivalsOrEmpty(since).keySet().containsAll(dueMillis.keySet())) {
                return;
            }
            Thread.sleep(2000);
        }
    }

    private long observationCount(Instant since) {
        try {
            JsonNode bundle = get(stack.fhir.baseUrl() + "/Observation?_summary=count&_lastUpdated=ge" + encode(since.minusSeconds(5).toString()));
            return bundle.path("total").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private Map<String, Long> fhirArrivalsOrEmpty(Instant since) {
        try {
            return fhirArrivals(since);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** readingId -> the FHIR server's meta.lastUpdated of its Observation, epoch millis. */
    private Map<String, Long> fhirArrivals(Instant since) throws IOException {
        Map<String, Long> arrivals = new HashMap<>();
        String url = stack.fhir.baseUrl() + "/Observation?_count=500&_elements=identifier&_lastUpdated=ge"
                + encode(since.minusSeconds(5).toString());
        while (url != null) {
            JsonNode bundle = get(url);
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode resource = entry.path("resource");
                String updated = resource.path("meta").path("lastUpdated").asText(null);
                for (JsonNode identifier : resource.path("identifier")) {
                    if ("urn:lumee:reading".equals(identifier.path("system").asText()) && updated != null) {
                        arrivals.put(identifier.path("value").asText(), OffsetDateTime.parse(updated).toInstant().toEpochMilli());
                    }
                }
            }
            url = null;
            for (JsonNode link : bundle.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    url = link.path("url").asText();
                }
            }
        }
        return arrivals;
    }

    /** readingId (OBR-3) -> when the EHR peer received it (first copy), epoch millis. */
    private Map<String, Long> ehrArrivals() {
        Map<String, Long> arrivals = new HashMap<>();
        for (ReceivedMessage message : stack.ehr.received()) {
            String readingId = message.fillerOrderNumber();
            if (dueMillis.containsKey(readingId)) {
                arrivals.merge(readingId, message.at().toEpochMilli(), Math::min);
            }
        }
        return arrivals;
    }

    private static JsonNode get(String url) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
