package io.lumee.processor.scale;

import io.lumee.processor.Main;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.jvm.ChildJvm;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One stream-processor in a JVM of its own, started from its real {@code Main}, so it can be killed
 * outright (SIGKILL: no clean close, an open transaction left behind) as a crash would.
 */
final class ProcessorInstance {
    private final String name;
    private final Path stateDir;
    private final Path workDir;
    private final Map<String, String> environment;
    private ChildJvm jvm;
    private int managementPort;

    ProcessorInstance(String name, Path workDir, Map<String, String> environment) {
        this.name = name;
        this.workDir = workDir;
        this.stateDir = workDir.resolve(name + "-state");
        this.environment = Map.copyOf(environment);
    }

    /** Starts the instance and returns how long it took to be RUNNING (state restored, tasks assigned). */
    Duration start() {
        int port = LoopbackPorts.free();
        managementPort = port;
        ChildJvm.Builder builder = ChildJvm.builder(name, Main.class.getName())
                .classpath(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList())
                .maxHeap("384m")
                .workingDirectory(workDir)
                .environment("LUMEE_PROCESSOR_STATE_DIR", stateDir.toString())
                .environment("LUMEE_MANAGEMENT_HOST", LoopbackPorts.HOST)
                .environment("LUMEE_MANAGEMENT_PORT", String.valueOf(port))
                .readyWhenOk("http://" + LoopbackPorts.HOST + ":" + port + "/readyz")
                .startTimeout(Duration.ofSeconds(120));
        environment.forEach(builder::environment);
        long started = System.nanoTime();
        jvm = builder.start();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** A gauge's value from the instance's {@code /metrics}, as Prometheus would scrape it. */
    double gauge(String name) {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://" + LoopbackPorts.HOST + ":" + managementPort + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void kill() {
        jvm.kill();
    }

    /** SIGTERM: the service closes Kafka Streams cleanly. */
    void stop() {
        if (jvm != null && jvm.isAlive()) {
            jvm.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
