package io.lumee.devstack;

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

/**
 * One service in a JVM of its own, started from its runnable jar with its own environment, as a
 * container would run it; it can be killed outright and started again with the same settings.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final Path jar;
    private final Path workDir;
    private final Map<String, String> environment;
    private final int managementPort = LoopbackPorts.free();
    private ChildJvm jvm;

    ServiceProcess(Service service, Path repository, Path workDir, Map<String, String> environment) {
        this.service = service;
        this.jar = repository.resolve(service.module()).resolve("target").resolve(service.jarName());
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -B -DskipTests package`");
        }
    }

    Service service() {
        return service;
    }

    /** Starts the service and waits until its {@code /readyz} answers 200. */
    synchronized Duration start() {
        ChildJvm.Builder builder = ChildJvm.builder(service.module(), service.mainClass())
                .classpath(List.of(jar))
                .maxHeap(service.heap())
                .workingDirectory(workDir)
                .environment("LUMEE_MANAGEMENT_HOST", LoopbackPorts.HOST)
                .environment("LUMEE_MANAGEMENT_PORT", String.valueOf(managementPort))
                .readyWhenOk("http://" + LoopbackPorts.HOST + ":" + managementPort + "/readyz")
                .startTimeout(Duration.ofMinutes(3));
        environment.forEach(builder::environment);
        long started = System.nanoTime();
        jvm = builder.start();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL, as a crash or the OOM killer would. */
    synchronized void kill() {
        if (jvm != null) {
            jvm.kill();
        }
    }

    boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** The service's Prometheus text, or empty while it is down. */
    String metrics() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                            "http://" + LoopbackPorts.HOST + ":" + managementPort + "/metrics"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Waits until the gateway's view of {@code lumee.devices} holds at least {@code count} devices. */
    void awaitDevicesKnown(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (new PromText(metrics()).sum("lumee_gateway_devices_known") < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.module() + " did not learn the " + count
                        + " registrations within 60 s; it reports " + metrics().lines().filter(line -> line.contains("devices"))
                        .toList());
            }
            Thread.sleep(200);
        }
    }

    List<String> logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile());
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    Path logFile() {
        return workDir.resolve(service.module() + ".log");
    }

    /** SIGTERM: the service closes cleanly. */
    @Override
    public synchronized void close() {
        if (jvm != null && jvm.isAlive()) {
            jvm.close();
        }
    }
}
