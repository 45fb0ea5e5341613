package io.lumee.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The fhir-sink against the FHIR store's own capacity, in one run: a direct loader posts the processor's
 * transaction Bundles from {@code lumee.fhir.r4} to the same server, over the same mutual TLS with the
 * same bearer token, one Bundle per request on as many threads as the sink has parallel requests; then the
 * sink drains a backlog of the processor's Bundles (its highest sustainable rate: any lower offered rate
 * leaves its lag flat); then the loader again, so a store that slows as it fills is bracketed. Both
 * take Bundles no one has posted before, so every Observation is a create.
 */
final class FhirSinkRow {
    record Result(double sinkPerSecond, double directBefore, double directAfter, long sinkRecords, int threads,
                  List<double[]> sinkSamples, double sinkCores) {
        double direct() {
            return (directBefore + directAfter) / 2;
        }
    }

    private final BenchStack stack;
    private final KafkaProgress progress;
    private final PrintStream out;

    FhirSinkRow(BenchStack stack, KafkaProgress progress, PrintStream out) {
        this.stack = stack;
        this.progress = progress;
        this.out = out;
    }

    Result run(Map<TopicPartition, Long> sinkFrom, Map<TopicPartition, Long> loaderFrom, Duration phase, Duration sinkPhase,
               java.nio.file.Path jfr) throws Exception {
        int threads = 2; // LUMEE_FHIR_PARALLEL_REQUESTS' default
        // one patient in order on one thread, as the sink's lanes do: two transactions creating the same
        // Device at once would race on its conditional create
        List<ConcurrentLinkedQueue<String>> bundles = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            bundles.add(new ConcurrentLinkedQueue<>());
        }
        for (String[] record : read(loaderFrom, 40_000)) {
            bundles.get(Math.floorMod(record[0].hashCode(), threads)).add(record[1]);
        }
        double before = direct(bundles, threads, phase);
        out.printf("  fhir: direct loader %,.0f Observations/s (%d threads)%n", before, threads);

        String group = "bench-fhir-sink";
        String consumerGroup = group + "-r4"; // the sink's group per FHIR version: <LUMEE_FHIR_SINK_GROUP_ID>-r4
        progress.startGroupAt(consumerGroup, sinkFrom);
        long goal = KafkaProgress.total(progress.endOffsets(stack.topics.fhirR4().name()));
        BenchService sink = stack.start(BenchService.Kind.FHIR_SINK, group, stack.fhirSink(group), jfr);
        List<double[]> samples;
        double cpuBefore = sink.cpuSeconds();
        double cores;
        try {
            samples = KafkaProgress.follow(() -> progress.committed(consumerGroup, stack.topics.fhirR4().name()), goal, sinkPhase,
                    Duration.ofSeconds(1), Duration.ofMinutes(2));
            cores = (sink.cpuSeconds() - cpuBefore) / samples.get(samples.size() - 1)[0];
            sink.metrics().lines("lumee_sink_", "lumee_consumer_lag").forEach(line -> out.println("  fhir: sink reports " + line));
        } finally {
            sink.close();
        }
        double sinkRate = KafkaProgress.steadyRate(samples, Duration.ofSeconds(10));
        long done = (long) (samples.get(samples.size() - 1)[1] - samples.get(0)[1]);
        out.printf("  fhir: fhir-sink %,.0f Observations/s (%,d Bundles committed; the sink used %.2f cores)%n", sinkRate, done, cores);

        double after = direct(bundles, threads, phase);
        out.printf("  fhir: direct loader again %,.0f Observations/s%n", after);
        return new Result(sinkRate, before, after, done, threads, samples, cores);
    }

    private double direct(List<ConcurrentLinkedQueue<String>> lanes, int threads, Duration phase) throws InterruptedException {
        HttpClient http = stack.fhir.secureHttpClient();
        String token = stack.fhir.bearerToken();
        URI base = URI.create(stack.fhir.secureBaseUrl());
        AtomicLong stored = new AtomicLong();
        long warmUntil = System.nanoTime() + 5_000_000_000L;
        long endAt = warmUntil + phase.toNanos();
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ConcurrentLinkedQueue<String> bundles = lanes.get(t);
            Thread thread = new Thread(() -> {
                String bundle;
                while (System.nanoTime() < endAt && (bundle = bundles.poll()) != null) {
                    HttpRequest request = HttpRequest.newBuilder(base)
                            .header("Content-Type", "application/fhir+json")
                            .header("Authorization", "Bearer " + token)
                            .header("Prefer", "return=minimal")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(bundle)).build();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        long now = System.nanoTime();
                        if (response.statusCode() == 200 && now > warmUntil && now <= endAt) {
                            stored.incrementAndGet();
                        } else if (response.statusCode() != 200) {
                            System.err.println("bench: direct transaction answered " + response.statusCode());
                        }
                    } catch (Exception e) {
                        System.err.println("bench: direct transaction failed: " + e);
                    }
                }
            }, "bench-fhir-direct-" + t);
            thread.start();
            posters.add(thread);
        }
        for (Thread poster : posters) {
            poster.join();
        }
        return stored.get() / (phase.toNanos() / 1e9);
    }

    /** Up to {@code limit} Bundles from {@code from}, patients interleaved rather than one partition after another. */
    private List<String[]> read(Map<TopicPartition, Long> from, int limit) {
        List<String[]> bundles = new ArrayList<>(KafkaProgress.readCommitted(stack.plainClient(), from, limit));
        java.util.Collections.shuffle(bundles, new java.util.Random(12));
        return bundles;
    }
}
