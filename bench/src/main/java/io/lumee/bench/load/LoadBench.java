package io.lumee.bench.load;

import io.lumee.platform.logging.LogLevels;
import io.lumee.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/run load}: every row of issue 12 in one run on the real components, each printed with its
 * target and its baseline measured in the same run, and a report (Markdown, CSV, PNG plots, JFR
 * summaries) written to {@code --out}.
 */
@Command(name = "bench/run load", mixinStandardHelpOptions = true,
        description = "Measure every stage of the Lumee pipeline against its baseline, on this machine.")
public final class LoadBench implements Callable<Integer> {
    @Option(names = "--devices", defaultValue = "100", description = "Devices of the latency row (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--latency-duration", defaultValue = "5m", description = "How long the fleet reads (default: ${DEFAULT-VALUE}).")
    String latencyDuration;

    @Option(names = "--latency-warm-up", defaultValue = "60s", description = "How long the fleet reads before latency is counted (default: ${DEFAULT-VALUE}).")
    String latencyWarmUp;

    @Option(names = "--pilot-devices", defaultValue = "200", description = "Devices of the second latency run, the seed pilot's fleet; 0 skips it (default: ${DEFAULT-VALUE}).")
    int pilotDevices;

    @Option(names = "--pilot-duration", defaultValue = "2m", description = "How long the pilot-sized fleet reads (default: ${DEFAULT-VALUE}).")
    String pilotDuration;

    @Option(names = "--raw-readings", defaultValue = "300000", description = "Readings in lumee.raw for the processor row (default: ${DEFAULT-VALUE}).")
    long rawReadings;

    @Option(names = "--phase", defaultValue = "60s", description = "How long each throughput variant is measured at most (default: ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--rows", split = ",", defaultValue = "latency,gateway,processor,fhir,hl7,archive",
            description = "Rows to run (default: ${DEFAULT-VALUE}); the later rows drain what the earlier ones produced.")
    Set<String> rows;

    @Option(names = "--variants", split = ",", defaultValue = "threads2,r4,r5,hl7",
            description = "Processor outputs measured alone after the full topology (default: ${DEFAULT-VALUE}; none: -).")
    Set<String> variants;

    @Option(names = "--profile", description = "Record each measured service with JFR and summarize where its CPU went.")
    boolean profile;

    @Option(names = "--out", description = "Where the report goes (default: bench/target/report).")
    Path out;

    @Option(names = "--repository", description = "The Lumee checkout whose runnable jars to run (default: the working folder).")
    Path repository;

    private final PrintStream console = System.out;
    private final List<Row> report = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> loads = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        new LogLevels(Level.ERROR, Level.ERROR).apply();
        quietBroker();
        Path checkout = repository != null ? repository : Path.of("").toAbsolutePath();
        Path dir = out != null ? out : checkout.resolve("bench/target/report");
        Files.createDirectories(dir);
        Duration limit = Duration.ofSeconds(parseSeconds(phase));
        Instant started = Instant.now();
        console.println("bench: " + Machine.describe() + "; load average " + Machine.loadAverage());
        console.println("bench: starting Kafka, Apicurio Registry, HAPI FHIR JPA, the MLLP EHR, S3Mock and KMS");
        try (BenchStack stack = BenchStack.start(checkout);
             KafkaProgress progress = new KafkaProgress(stack.plainClient())) {
            quietBroker();
            producerBaseline(stack, progress);
            int enrolled = Math.max(devices, pilotDevices);
            console.printf("bench: enrolling %d devices (patients on the FHIR server, registrations on lumee.devices)%n", enrolled);
            BenchFleet fleet = BenchFleet.enroll(stack, "bench", enrolled);
            Map<TopicPartition, Long> fhirAfterLatency = progress.endOffsets(stack.topics.fhirR4().name());
            Map<TopicPartition, Long> hl7AfterLatency = progress.endOffsets(stack.topics.hl7v2Oru().name());
            if (rows.contains("latency")) {
                latency(stack, fleet, dir);
                fhirAfterLatency = progress.endOffsets(stack.topics.fhirR4().name());
                hl7AfterLatency = progress.endOffsets(stack.topics.hl7v2Oru().name());
            }
            if (rows.contains("gateway")) {
                gateway(stack, fleet, dir);
            }
            Map<TopicPartition, Long> fhirAfterFull = fhirAfterLatency;
            Map<TopicPartition, Long> hl7AfterFull = hl7AfterLatency;
            if (rows.contains("processor")) {
                ProcessorRow row = new ProcessorRow(stack, progress, console);
                long goal = row.preload(fleet, rawReadings);
                Machine.CpuSnapshot cpuBefore = Machine.cpuSnapshot();
                long t0 = System.nanoTime();
                loads.put("processor", Machine.loadAverage());
                ProcessorRow.Variant passBefore = row.passThrough(goal, limit);
                ProcessorRow.Variant full = row.processor("R4+HL7+audit", "fhir-r4,hl7v2", goal, limit, jfr(dir, "processor"), 1);
                fhirAfterFull = progress.endOffsets(stack.topics.fhirR4().name());
                hl7AfterFull = progress.endOffsets(stack.topics.hl7v2Oru().name());
                List<ProcessorRow.Variant> measured = new ArrayList<>(List.of(full));
                Map<String, String> alone = new LinkedHashMap<>();
                alone.put("threads2", "fhir-r4,hl7v2");
                alone.put("r4", "fhir-r4");
                alone.put("r5", "fhir-r5");
                alone.put("hl7", "hl7v2");
                for (Map.Entry<String, String> variant : alone.entrySet()) {
                    if (variants.contains(variant.getKey())) {
                        boolean twoThreads = variant.getKey().equals("threads2");
                        measured.add(row.processor(twoThreads ? "R4+HL7+audit, 2 threads" : variant.getKey().toUpperCase() + " alone",
                                variant.getValue(), goal, limit, null, twoThreads ? 2 : 1));
                    }
                }
                ProcessorRow.Variant passAfter = row.passThrough(goal, limit);
                double others = Machine.othersCores(cpuBefore, Machine.cpuSnapshot(), (System.nanoTime() - t0) / 1e9);
                double pass = (passBefore.recordsPerSecond() + passAfter.recordsPerSecond()) / 2;
                report.add(new Row("Streams pass-through", "exactly_once_v2, 1 thread, mutual TLS; mean of a run before and after the processor's",
                        pass, "records/s", "(baseline)", true, "", Double.NaN, 140_000,
                        String.format("%,.0f then %,.0f records/s; %.1f us CPU/record", passBefore.recordsPerSecond(),
                                passAfter.recordsPerSecond(), passBefore.cpuMicrosPerRecord())));
                for (ProcessorRow.Variant variant : measured) {
                    boolean isFull = variant.name().startsWith("R4+HL7+audit");
                    report.add(new Row("processor " + variant.name(), "full topology, exactly_once_v2, outputs " + variant.outputs(),
                            variant.recordsPerSecond(), "records/s", isFull ? ">= 0.15 of pass-through" : "(cost of one output)",
                            !isFull || variant.recordsPerSecond() >= 0.15 * pass, "pass-through", pass, 140_000,
                            String.format("%,d records committed in %.0f s; %.1f us CPU/record", variant.records(), variant.seconds(),
                                    variant.cpuMicrosPerRecord())));
                }
                notes.add(String.format("processor row: other processes used %.2f cores on average meanwhile", others));
                Map<String, List<double[]>> series = new LinkedHashMap<>();
                series.put("pass-through-before", passBefore.samples());
                measured.forEach(variant -> series.put(variant.name(), variant.samples()));
                series.put("pass-through-after", passAfter.samples());
                write(dir.resolve("processor-samples.csv"), samplesCsv(series));
            }
            if (rows.contains("fhir")) {
                loads.put("fhir", Machine.loadAverage());
                Machine.CpuSnapshot cpuBefore = Machine.cpuSnapshot();
                long t0 = System.nanoTime();
                FhirSinkRow.Result result = new FhirSinkRow(stack, progress, console)
                        .run(fhirAfterLatency, midpoint(fhirAfterLatency, fhirAfterFull), Duration.ofSeconds(40), limit, jfr(dir, "fhir-sink"));
                double others = Machine.othersCores(cpuBefore, Machine.cpuSnapshot(), (System.nanoTime() - t0) / 1e9);
                report.add(new Row("fhir-sink", "Observations/s stored from a backlog of the processor's R4 Bundles",
                        result.sinkPerSecond(), "Observations/s", ">= 0.8 of direct", result.sinkPerSecond() >= 0.8 * result.direct(),
                        "direct loader", result.direct(), 250,
                        String.format("direct loader %,.0f before, %,.0f after (%d threads, one Bundle a request); the sink used %.2f cores; other processes %.2f cores",
                                result.directBefore(), result.directAfter(), result.threads(), result.sinkCores(), others)));
            }
            if (rows.contains("hl7")) {
                loads.put("hl7", Machine.loadAverage());
                Hl7Row.Result result = new Hl7Row(stack, progress, console)
                        .run(hl7AfterLatency, midpoint(hl7AfterLatency, hl7AfterFull), Duration.ofSeconds(15), limit, jfr(dir, "hl7-bridge"));
                report.add(new Row("hl7-bridge", "ORU^R01 ACKed (AA checked) and committed, mutual TLS, 8 lanes",
                        result.bridgePerSecond(), "messages/s", ">= 2,000 messages/s", result.bridgePerSecond() >= 2000,
                        "direct MLLP, 4 connections", result.directFour(), 5400,
                        String.format("direct MLLP client: %,.0f/s on 1 connection (documented ~2,500), %,.0f/s on 4; the bridge used %.2f cores",
                                result.directOne(), result.directFour(), result.bridgeCores())));
            }
            if (rows.contains("archive")) {
                loads.put("archive", Machine.loadAverage());
                new ProcessorRow(stack, progress, console).preload(fleet, rawReadings);
                ArchiveRow.Result result = new ArchiveRow(stack, console).run(limit, jfr(dir, "archive-sink"));
                report.add(new Row("archive-sink", "encrypted bytes/s acknowledged by S3 (S3Mock), backlog of raw+audit+devices",
                        result.bytesPerSecond() / 1e6, "MB/s", ">= 50 MB/s", result.bytesPerSecond() >= 50e6, "", Double.NaN, Double.NaN,
                        String.format("%.0f MB in %.0f objects; the sink used %.2f cores; load average %s", result.bytes() / 1e6,
                                result.objects(), result.cores(), Machine.loadAverage())));
            }
            copyLogs(stack.subdir("services"), dir.resolve("logs"));
        }
        Duration took = Duration.between(started, Instant.now());
        writeReport(dir, took);
        console.printf("bench: done in %d min %d s; report in %s%n", took.toMinutes(), took.toSecondsPart(), dir);
        return 0;
    }

    /**
     * The in-process broker logs every transactions-v2 partition verification race (OutOfOrderSequence on a
     * first batch, retried by the producer) as ERROR; the report is what this run prints.
     */
    private static void quietBroker() {
        var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "kafka", "org.apache.kafka", "state.change.logger")) {
            context.getLogger(name).setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    private void producerBaseline(BenchStack stack, KafkaProgress progress) {
        String topic = "bench.producer";
        progress.createTopic(topic, 12);
        Map<String, Object> properties = new HashMap<>(stack.plainClient());
        properties.put("acks", "all");
        properties.put("enable.idempotence", true);
        properties.put("linger.ms", 5);
        properties.put("batch.size", 131_072);
        byte[] value = new byte[300];
        new java.util.Random(7).nextBytes(value);
        long records = 1_000_000;
        long started;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 50_000; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
            started = System.nanoTime();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
        double rate = records / ((System.nanoTime() - started) / 1e9);
        console.printf("bench: Kafka producer baseline %,.0f records/s (300 B, acks=all, idempotent)%n", rate);
        report.add(new Row("Kafka producer", "300 B values, acks=all, idempotent, plaintext listener, 1M records",
                rate, "records/s", "(baseline)", true, "", Double.NaN, 310_000,
                String.format("%.2f of the documented ~310k: the machine's state during this run", rate / 310_000)));
    }

    private void latency(BenchStack stack, BenchFleet fleet, Path dir) throws Exception {
        latencyRun(stack, fleet.subset(devices), Duration.ofSeconds(parseSeconds(latencyDuration)), dir, true);
        if (pilotDevices > 0) {
            latencyRun(stack, fleet.subset(pilotDevices), Duration.ofSeconds(parseSeconds(pilotDuration)), dir, false);
        }
    }

    private void latencyRun(BenchStack stack, BenchFleet fleet, Duration duration, Path dir, boolean main) throws Exception {
        int n = fleet.devices.size();
        console.printf("bench: latency, %d devices at 1 Hz for %s through gateway -> processor -> fhir-sink -> HAPI and -> hl7-bridge -> MLLP ACK%n",
                n, duration);
        loads.put("latency-" + n, Machine.loadAverage());
        int port = LoopbackPorts.free();
        URI gatewayUri = URI.create("https://" + LoopbackPorts.HOST + ":" + port);
        List<BenchService> services = new ArrayList<>();
        try {
            services.add(stack.start(BenchService.Kind.PROCESSOR, "latency-processor", stack.processor("lumee-stream-processor", "fhir-r4,hl7v2"), null));
            services.add(stack.start(BenchService.Kind.FHIR_SINK, "latency-fhir-sink", stack.fhirSink("lumee-fhir-sink"), null));
            services.add(stack.start(BenchService.Kind.HL7_BRIDGE, "latency-hl7-bridge", stack.hl7Bridge("lumee-hl7-bridge"), null));
            services.add(stack.start(BenchService.Kind.ARCHIVE_SINK, "latency-archive-sink",
                    stack.archiveSink("lumee-archive-sink", "lumee-archive", 2000, "5s"), null));
            BenchService gateway = stack.start(BenchService.Kind.GATEWAY, "latency-gateway", stack.gateway(port, 5), null);
            services.add(gateway);
            fleet.awaitKnownBy(gateway);
            Machine.CpuSnapshot cpuBefore = Machine.cpuSnapshot();
            long t0 = System.nanoTime();
            LatencyRow.Result result = new LatencyRow(stack, fleet, gatewayUri, services).run(1.0, Duration.ofSeconds(parseSeconds(latencyWarmUp)), duration, Duration.ofMinutes(3), console);
            double others = Machine.othersCores(cpuBefore, Machine.cpuSnapshot(), (System.nanoTime() - t0) / 1e9);
            console.printf("  latency: device->FHIR %s%n  latency: device->EHR ACK %s%n  latency: device->gateway 202 %s%n",
                    percentiles(result.fhir()), percentiles(result.ehr()), percentiles(result.gateway()));
            String lost = String.format("lost: %d at FHIR, %d at the EHR of %,d sent (%d not accepted by the gateway)",
                    result.fhirMissing(), result.ehrMissing(), result.sent(), result.notAccepted());
            String suffix = " (" + n + " devices @ 1 Hz, " + duration.toMinutes() + " min" + (duration.toSecondsPart() > 0 ? " " + duration.toSecondsPart() + " s" : "") + ")";
            String warm = "after a " + latencyWarmUp + " warm-up at the same rate; ";
            report.add(new Row("latency device->FHIR" + suffix, warm + "due time -> Observation.meta.lastUpdated",
                    result.fhir().getValueAtPercentile(50), "ms p50", "p50 <= 250 ms, p99 <= 1 s, nothing lost",
                    result.fhir().getValueAtPercentile(50) <= 250 && result.fhir().getValueAtPercentile(99) <= 1000 && result.fhirMissing() == 0,
                    "", Double.NaN, Double.NaN, percentiles(result.fhir()) + "; " + lost + "; other processes " + String.format("%.2f", others) + " cores"));
            report.add(new Row("latency device->EHR ACK" + suffix, warm + "due time -> the EHR peer's receipt (it ACKs at once)",
                    result.ehr().getValueAtPercentile(50), "ms p50", "p50 <= 250 ms, p99 <= 1 s, nothing lost",
                    result.ehr().getValueAtPercentile(50) <= 250 && result.ehr().getValueAtPercentile(99) <= 1000 && result.ehrMissing() == 0,
                    "", Double.NaN, Double.NaN, percentiles(result.ehr())));
            report.add(new Row("latency device->gateway 202" + suffix, warm + "due time -> the gateway's 202 (Kafka acks=all)",
                    result.gateway().getValueAtPercentile(50), "ms p50", "-", true, "", Double.NaN, Double.NaN, percentiles(result.gateway())));
            Charts.latency(result.windows(), "Latency from due time, " + n + " devices at 1 Hz (10 s windows)",
                    dir.resolve(main ? "latency.png" : "latency-" + n + ".png"));
            write(dir.resolve("latency-" + n + ".csv"), windowsCsv(result.windows()));
            if (main) {
                for (Map.Entry<String, Long> rss : result.maxRss().entrySet()) {
                    int target = result.rssTargets().get(rss.getKey());
                    double mib = rss.getValue() / 1024.0 / 1024.0;
                    report.add(new Row("footprint " + rss.getKey(), "peak RSS during the latency run", mib, "MiB RSS",
                            "<= " + target + " MiB", mib <= target, "", Double.NaN, Double.NaN,
                            "-Xmx" + BenchService.Kind.valueOf(kindOf(rss.getKey())).heap + ", SerialGC"));
                }
            }
        } finally {
            services.forEach(BenchService::close);
        }
    }

    private void gateway(BenchStack stack, BenchFleet fleet, Path dir) throws Exception {
        int port = LoopbackPorts.free();
        loads.put("gateway", Machine.loadAverage());
        console.println("bench: gateway, batched mutual-TLS posts from 8 threads");
        BenchService gateway = stack.start(BenchService.Kind.GATEWAY, "bench-gateway", stack.gateway(port, 100_000), jfr(dir, "edge-gateway"));
        try {
            fleet.awaitKnownBy(gateway);
            Machine.CpuSnapshot cpuBefore = Machine.cpuSnapshot();
            long t0 = System.nanoTime();
            GatewayRow.Result result = new GatewayRow(fleet.subset(Math.min(64, fleet.devices.size())),
                    URI.create("https://" + LoopbackPorts.HOST + ":" + port)).run(8, 100, Duration.ofSeconds(5), Duration.ofSeconds(30));
            double others = Machine.othersCores(cpuBefore, Machine.cpuSnapshot(), (System.nanoTime() - t0) / 1e9);
            double producer = report.stream().filter(r -> r.row().equals("Kafka producer")).mapToDouble(Row::figure).findFirst().orElse(Double.NaN);
            console.printf("  gateway: %,.0f readings/s accepted (%d posts of %d, %d refused)%n", result.readingsPerSecond(), result.posts(),
                    result.batch(), result.refusedPosts());
            report.add(new Row("edge-gateway", "readings/s acknowledged by Kafka, JSON batches of 100 over mutual TLS (HTTP/2), 8 client threads",
                    result.readingsPerSecond(), "readings/s", ">= 10,000 readings/s", result.readingsPerSecond() >= 10_000,
                    "Kafka producer", producer, 310_000,
                    String.format("post round trip p50 %.1f ms, p99 %.1f ms; %d posts refused; per-device rate limit raised to 100,000/s; other processes %.2f cores",
                            result.postLatency().getValueAtPercentile(50) / 1000.0, result.postLatency().getValueAtPercentile(99) / 1000.0,
                            result.refusedPosts(), others)));
        } finally {
            gateway.close();
        }
    }

    /** The services' own logs, kept with the report: the workspace goes when the stack stops. */
    private static void copyLogs(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var logs = Files.list(from)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, to.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path jfr(Path dir, String service) {
        return profile ? dir.resolve(service + ".jfr") : null;
    }

    private static String kindOf(String module) {
        for (BenchService.Kind kind : BenchService.Kind.values()) {
            if (kind.module.equals(module)) {
                return kind.name();
            }
        }
        throw new IllegalArgumentException(module);
    }

    private static Map<TopicPartition, Long> midpoint(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Map<TopicPartition, Long> middle = new HashMap<>();
        from.forEach((partition, offset) -> middle.put(partition, offset + (to.getOrDefault(partition, offset) - offset) / 2));
        return middle;
    }

    static String percentiles(Histogram h) {
        return String.format("p50 %d, p90 %d, p99 %d, p99.9 %d, max %d ms (n=%,d)", h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount());
    }

    private void writeReport(Path dir, Duration took) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Run of ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ").append(took.toMinutes())
                .append(" min; ").append(Machine.describe()).append("\n\n");
        md.append("Load average when each row started: ").append(loads).append("\n\n");
        md.append("| row | figure | target | met | baseline (this run) | ratio | documented baseline | detail |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder("row,figure,unit,target,met,baseline_name,baseline,ratio,documented,detail\n");
        console.println();
        console.printf("%-58s %14s %-18s %-28s %-4s %14s %6s%n", "row", "figure", "unit", "target", "met", "baseline", "ratio");
        for (Row row : report) {
            console.printf("%-58s %14s %-18s %-28s %-4s %14s %6s%n", row.row(), Row.number(row.figure()), row.unit(), row.target(),
                    row.met() ? "yes" : "NO", Row.number(row.baseline()), Row.number(row.ratio()));
            console.printf("%-58s %s%n", "", row.detail());
            md.append("| ").append(row.row()).append(" | ").append(Row.number(row.figure())).append(' ').append(row.unit())
                    .append(" | ").append(row.target()).append(" | ").append(row.met() ? "yes" : "**no**").append(" | ")
                    .append(row.baselineName().isEmpty() ? "-" : row.baselineName() + " " + Row.number(row.baseline()))
                    .append(" | ").append(Row.number(row.ratio())).append(" | ").append(Row.number(row.documented()))
                    .append(" | ").append(row.what()).append("; ").append(row.detail()).append(" |\n");
            csv.append(String.join(",", quote(row.row()), String.valueOf(row.figure()), quote(row.unit()), quote(row.target()),
                    String.valueOf(row.met()), quote(row.baselineName()), String.valueOf(row.baseline()), String.valueOf(row.ratio()),
                    String.valueOf(row.documented()), quote(row.detail()))).append('\n');
        }
        notes.forEach(note -> md.append("\n- ").append(note));
        notes.forEach(note -> console.println("note: " + note));
        md.append('\n');
        Charts.throughput(report, dir.resolve("throughput.png"));
        if (profile) {
            for (String service : List.of("processor", "fhir-sink", "hl7-bridge", "archive-sink", "edge-gateway")) {
                Path recording = dir.resolve(service + ".jfr");
                if (Files.isRegularFile(recording)) {
                    try {
                        write(dir.resolve(service + "-profile.txt"), String.join("\n", JfrSummary.summarize(recording, 25)) + "\n");
                    } catch (IOException | RuntimeException e) {
                        console.println("bench: could not summarize " + recording + ": " + e);
                    }
                }
            }
        }
        write(dir.resolve("report.md"), md.toString());
        write(dir.resolve("rows.csv"), csv.toString());
    }

    private static String windowsCsv(List<LatencyRow.Window> windows) {
        StringBuilder csv = new StringBuilder("start_s,fhir_p50_ms,fhir_p99_ms,fhir_max_ms,ehr_p50_ms,ehr_p99_ms,ehr_max_ms\n");
        windows.forEach(w -> csv.append(String.format("%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f%n", w.startSeconds(), w.fhirP50(), w.fhirP99(),
                w.fhirMax(), w.ehrP50(), w.ehrP99(), w.ehrMax())));
        return csv.toString();
    }

    private static String samplesCsv(Map<String, List<double[]>> series) {
        StringBuilder csv = new StringBuilder("variant,seconds,committed\n");
        series.forEach((name, samples) -> samples.forEach(s -> csv.append(name).append(',').append(String.format("%.1f", s[0]))
                .append(',').append((long) s[1]).append('\n')));
        return csv.toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    static long parseSeconds(String text) {
        return io.lumee.platform.config.DurationText.parse(text).orElseThrow(() -> new IllegalArgumentException("not a duration: " + text))
                .toSeconds();
    }
}
