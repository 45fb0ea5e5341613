package io.lumee.bench.load;

import io.lumee.devstack.PromText;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.jvm.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One service in a JVM of its own from its runnable jar, as a container runs it: its metrics and its RSS. */
final class BenchService implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The devstack's heaps (devstack/Service.java), so footprints compare with what `./lumee up` runs. */
    enum Kind {
        PROCESSOR("stream-processor", "lumee-stream-processor", "io.lumee.processor.Main", "768m", 512),
        GATEWAY("edge-gateway", "lumee-edge-gateway", "io.lumee.gateway.Main", "256m", 256),
        FHIR_SINK("fhir-sink", "lumee-fhir-sink", "io.lumee.fhirsink.Main", "384m", 256),
        HL7_BRIDGE("hl7-bridge", "lumee-hl7-bridge", "io.lumee.hl7bridge.Main", "256m", 256),
        ARCHIVE_SINK("archive-sink", "lumee-archive-sink", "io.lumee.archive.Main", "384m", 256);

        final String module;
        final String jar;
        final String mainClass;
        final String heap;
        /** The footprint target of issue 12, RSS in MiB. */
        final int rssTargetMiB;

        Kind(String module, String jar, String mainClass, String heap, int rssTargetMiB) {
            this.module = module;
            this.jar = jar;
            this.mainClass = mainClass;
            this.heap = heap;
            this.rssTargetMiB = rssTargetMiB;
        }
    }

    final Kind kind;
    final String name;
    private final ChildJvm jvm;
    private final int managementPort;

    private BenchService(Kind kind, String name, ChildJvm jvm, int managementPort) {
        this.kind = kind;
        this.name = name;
        this.jvm = jvm;
        this.managementPort = managementPort;
    }

    static BenchService start(Kind kind, String name, Path repository, Path workDir, Map<String, String> environment, Path jfr) {
        Path jar = repository.resolve(kind.module).resolve("target").resolve(kind.jar + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -B -DskipTests install`");
        }
        int port = LoopbackPorts.free();
        ChildJvm.Builder builder = ChildJvm.builder(name, kind.mainClass)
                .classpath(List.of(jar))
                .maxHeap(kind.heap)
                .workingDirectory(workDir)
                .environment("LUMEE_MANAGEMENT_HOST", LoopbackPorts.HOST)
                .environment("LUMEE_MANAGEMENT_PORT", String.valueOf(port))
                .readyWhenOk("http://" + LoopbackPorts.HOST + ":" + port + "/readyz")
                .startTimeout(Duration.ofMinutes(3));
        if (jfr != null) {
            builder.jvmOption("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        environment.forEach(builder::environment);
        return new BenchService(kind, name, builder.start(), port);
    }

    /** A JVM the bench started itself (the pass-through reference), with no management endpoint. */
    static BenchService other(String name, ChildJvm jvm) {
        return new BenchService(null, name, jvm, -1);
    }

    /** The service's Prometheus text, or empty while it does not answer. */
    PromText metrics() {
        if (managementPort < 0) {
            return new PromText("");
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                            "http://" + LoopbackPorts.HOST + ":" + managementPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new PromText(response.statusCode() == 200 ? response.body() : "");
        } catch (IOException e) {
            return new PromText("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PromText("");
        }
    }

    /** Resident set size in bytes, from /proc; -1 where there is no /proc. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Process CPU time so far (user + system), in seconds, from /proc; NaN where there is none. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(jvm.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    Path logFile() {
        return jvm.logFile();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    @Override
    public void close() {
        if (jvm.isAlive()) {
            jvm.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
