package io.lumee.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The archive-sink on a backlog ({@code lumee.raw}, {@code lumee.devices}, {@code lumee.audit} as the
 * earlier rows left them) into a fresh write-once bucket, with its production batch limits: encrypted
 * bytes per second as the sink itself counts what S3 acknowledged ({@code lumee_archive_bytes_total}).
 */
final class ArchiveRow {
    record Result(double bytesPerSecond, double bytes, double objects, List<double[]> samples, double cores) {}

    private final BenchStack stack;
    private final PrintStream out;

    ArchiveRow(BenchStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    Result run(Duration limit, java.nio.file.Path jfr) throws InterruptedException {
        String bucket = "bench-archive";
        stack.createBucket(bucket);
        String group = "bench-archive-sink";
        BenchService sink = stack.start(BenchService.Kind.ARCHIVE_SINK, group, stack.archiveSink(group, bucket, 5_000, "5m"), jfr);
        List<double[]> samples;
        double objects;
        double cpuBefore = sink.cpuSeconds();
        double cores;
        try {
            samples = KafkaProgress.follow(() -> (long) sink.metrics().sum("lumee_archive_bytes_total"), Long.MAX_VALUE, limit,
                    Duration.ofSeconds(2), Duration.ofMinutes(2));
            objects = sink.metrics().sum("lumee_archive_objects_total");
            cores = (sink.cpuSeconds() - cpuBefore) / samples.get(samples.size() - 1)[0];
        } finally {
            sink.close();
        }
        double rate = KafkaProgress.steadyRate(samples, Duration.ofSeconds(5));
        double bytes = samples.get(samples.size() - 1)[1];
        out.printf("  archive: %.1f MB/s encrypted into S3 (%.0f MB in %.0f objects; the sink used %.2f cores)%n", rate / 1e6,
                bytes / 1e6, objects, cores);
        return new Result(rate, bytes, objects, samples, cores);
    }
}
