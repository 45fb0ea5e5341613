package io.lumee.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service spent its CPU, from a JFR recording's execution samples: the hottest methods by self
 * time, and by inclusive time the methods of ours and of the libraries we call, so a slow stage's
 * account names the step that costs.
 *
 * <p>{@code JfrSummary <recording.jfr> [top]}
 */
public final class JfrSummary {
    private JfrSummary() {}

    public static void main(String[] args) throws IOException {
        summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25).forEach(System.out::println);
    }

    static List<String> summarize(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Double> blocked = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (BLOCKING.contains(type) && event.getStackTrace() != null) {
                blocked.merge(threadGroup(event) + " " + type.substring(4) + " in " + ourFrame(event.getStackTrace()),
                        event.getDuration().toNanos() / 1e9, Double::sum);
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(threadGroup(event), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(samples + " execution samples in " + recording.getFileName());
        lines.add("by thread:");
        top(threads, samples, 8).forEach(line -> lines.add("  " + line));
        lines.add("hottest methods, self:");
        top(self, samples, top).forEach(line -> lines.add("  " + line));
        lines.add("inclusive, io.lumee and the libraries it calls (Avro, HAPI, nimbus, Jackson, Kafka, RocksDB, TLS):");
        Map<String, Integer> ours = new HashMap<>();
        inclusive.forEach((name, count) -> {
            if (name.startsWith("io.lumee") || name.startsWith("org.apache.avro") || name.startsWith("ca.uhn")
                    || name.startsWith("com.nimbusds") || name.startsWith("com.fasterxml") || name.startsWith("org.rocksdb")
                    || name.startsWith("org.apache.kafka.streams.state") || name.startsWith("sun.security.ssl")
                    || name.startsWith("org.apache.kafka.clients.producer.KafkaProducer.send")
                    || name.startsWith("io.apicurio")) {
                ours.put(name, count);
            }
        });
        top(ours, samples, top * 2).forEach(line -> lines.add("  " + line));
        lines.add("waiting (wall seconds, parks/socket reads/monitor waits over JFR's 10-20 ms thresholds), by thread and the nearest frame of ours:");
        blocked.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(e -> lines.add(String.format("  %7.1f s  %s", e.getValue(), e.getKey())));
        return lines;
    }

    private static final Set<String> BLOCKING = Set.of("jdk.ThreadPark", "jdk.SocketRead", "jdk.SocketWrite",
            "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter", "jdk.FileRead", "jdk.FileWrite", "jdk.ThreadSleep");

    /** The first frame of ours (io.lumee), else the first of a library we call, else the top frame. */
    private static String ourFrame(RecordedStackTrace stack) {
        String library = null;
        for (RecordedFrame frame : stack.getFrames()) {
            String name = name(frame);
            if (name.startsWith("io.lumee")) {
                return library == null ? name : name + " <- " + library;
            }
            if (library == null && (name.startsWith("software.amazon") || name.startsWith("org.apache.kafka")
                    || name.startsWith("ca.uhn") || name.startsWith("org.apache.hc") || name.startsWith("java.net.http"))) {
                library = name;
            }
        }
        return library != null ? library : stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0));
    }

    private static String threadGroup(RecordedEvent event) {
        var thread = event.hasField("sampledThread") ? event.getThread("sampledThread") : event.getThread();
        String name = thread == null ? "?" : thread.getJavaName();
        return name == null ? "?" : name.replaceAll("[-_]?\\d+", "#");
    }

    private static List<String> top(Map<String, Integer> counts, int total, int limit) {
        return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .map(e -> String.format("%5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey())).toList();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
