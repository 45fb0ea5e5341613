package io.lumee.bench.load;

import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.jvm.ChildJvm;
import io.lumee.testkit.tls.CertificateSpec;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The processor's throughput on a pre-loaded {@code lumee.raw}, against a pass-through Kafka Streams app
 * on the same records, broker and listener (mutual TLS), in the same run: the full topology with R4 + HL7
 * + audit, then each output alone. Each variant runs as a fresh application (its own group, state and
 * transactional ids) from the start of the topic, and is credited with the offsets it committed.
 */
final class ProcessorRow {
    /** One variant's run: its steady rate and the CPU it spent per record. */
    record Variant(String name, String outputs, double recordsPerSecond, long records, double seconds,
                   double cpuMicrosPerRecord, List<double[]> samples) {}

    private final BenchStack stack;
    private final KafkaProgress progress;
    private final PrintStream out;
    private int runs;

    ProcessorRow(BenchStack stack, KafkaProgress progress, PrintStream out) {
        this.stack = stack;
        this.progress = progress;
        this.out = out;
    }

    /** Tops {@code lumee.raw} up to {@code records} valid signed readings of the fleet's devices; returns the total. */
    long preload(BenchFleet fleet, long records) {
        long have = KafkaProgress.total(progress.endOffsets(stack.topics.raw().name()));
        if (have >= records) {
            return have;
        }
        Map<String, Object> properties = new HashMap<>(stack.plainClient());
        properties.put("acks", "all");
        properties.put("enable.idempotence", true);
        properties.put("linger.ms", 10);
        properties.put("batch.size", 262_144);
        Instant now = Instant.now();
        int[] epochs = fleet.devices.stream().mapToInt(d -> BenchFleet.freshEpoch()).toArray();
        long missing = records - have;
        long started = System.nanoTime();
        try (KafkaProducer<String, LumeeReading> producer = new KafkaProducer<>(properties,
                stack.topics.raw().keySerde().serializer(), stack.topics.raw().valueSerde().serializer())) {
            for (long i = 0; i < missing; i++) {
                int d = (int) (i % fleet.devices.size());
                BenchFleet.Device device = fleet.devices.get(d);
                long sequence = i / fleet.devices.size();
                LumeeReading reading = BenchFleet.raw(device, epochs[d], sequence, now.minusSeconds(600).plusMillis(sequence), now);
                producer.send(new ProducerRecord<>(stack.topics.raw().name(), null, now.toEpochMilli(), device.deviceId(), reading));
            }
            producer.flush();
        }
        out.printf("  processor: pre-loaded %,d readings into lumee.raw in %.1f s (signing, Avro and produce)%n",
                missing, (System.nanoTime() - started) / 1e9);
        return records;
    }

    Variant passThrough(long goal, Duration limit) throws InterruptedException {
        String applicationId = "bench-pass-through-" + (++runs);
        Path properties = stack.dir.resolve(applicationId + ".properties");
        PassThrough.writeProperties(stack.kafka.tlsClientProperties(stack.ca.issue(CertificateSpec.client(applicationId))), properties);
        String sink = "bench.pass-through";
        progress.createTopic(sink, 12);
        int port = LoopbackPorts.free();
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(p -> Path.of(p).toAbsolutePath()).toList();
        return measure("pass-through", "-", applicationId, goal, limit, () -> BenchService.other(applicationId,
                ChildJvm.builder(applicationId, PassThrough.class.getName())
                        .classpath(classpath)
                        .maxHeap(BenchService.Kind.PROCESSOR.heap)
                        .workingDirectory(stack.subdir("services"))
                        .argument(properties.toString()).argument(stack.topics.raw().name()).argument(sink)
                        .argument(applicationId).argument(stack.subdir("state-" + applicationId).toString())
                        .argument(String.valueOf(port))
                        .readyWhenOk("http://127.0.0.1:" + port + "/readyz")
                        .startTimeout(Duration.ofMinutes(2))
                        .start()));
    }

    Variant processor(String name, String outputs, long goal, Duration limit, Path jfr, int threads) throws InterruptedException {
        String applicationId = "bench-processor-" + (++runs);
        Map<String, String> environment = stack.processor(applicationId, outputs);
        environment.put("LUMEE_PROCESSOR_THREADS", String.valueOf(threads));
        return measure(name, outputs, applicationId, goal, limit,
                () -> stack.start(BenchService.Kind.PROCESSOR, applicationId, environment, jfr));
    }

    private Variant measure(String name, String outputs, String group, long goal, Duration limit, Supplier<BenchService> start)
            throws InterruptedException {
        BenchService service = start.get();
        List<Double> cpu = new ArrayList<>();
        List<double[]> samples;
        try {
            samples = KafkaProgress.follow(() -> {
                cpu.add(service.cpuSeconds());
                return progress.committed(group, stack.topics.raw().name());
            }, goal, limit, Duration.ofSeconds(1), Duration.ofMinutes(2));
            cpu.add(service.cpuSeconds());
        } finally {
            service.close();
        }
        double rate = KafkaProgress.steadyRate(samples, Duration.ofSeconds(5));
        long records = (long) samples.get(samples.size() - 1)[1];
        double seconds = samples.get(samples.size() - 1)[0];
        // CPU per record over the busy part: from the first commit to the last sample
        int moved = 1;
        while (moved < samples.size() && samples.get(moved)[1] == samples.get(0)[1]) {
            moved++;
        }
        double cpuMicros = Double.NaN;
        if (moved < samples.size() && cpu.size() >= samples.size()) {
            double spent = cpu.get(samples.size() - 1) - cpu.get(moved - 1);
            double done = records - samples.get(moved - 1)[1];
            cpuMicros = done > 0 ? spent * 1e6 / done : Double.NaN;
        }
        out.printf("  processor: %-13s %,9.0f records/s (%,d records committed, %.0f s; %.0f us CPU/record)%n",
                name, rate, records, seconds, cpuMicros);
        return new Variant(name, outputs, rate, records, seconds, cpuMicros, samples);
    }
}
