package io.lumee.testkit.jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A server in a JVM of its own, started from its own classpath. Heavy servers (FHIR JPA, S3Mock, the
 * registry) bring Spring, Quarkus and Hibernate versions that cannot share a test classpath. Every
 * child gets a bounded heap, the serial collector and two processors (default heaps on a 24 GiB machine
 * add up to swap), and dies with this JVM: a shutdown hook kills it on a normal exit, and
 * {@link ParentWatchdog} inside the child halts it when this JVM is killed outright.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "lumee-child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the child: SIGTERM first so it can flush, SIGKILL after a grace period. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    /** Kills the child without a chance to clean up, as a crash or an OOM killer would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + "]";
    }

    /** How to start a child JVM and when to call it ready. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final List<Path> classpath = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String maxHeap = "512m";
        private Path workingDirectory;
        private URI readinessUri;
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder(String name, String mainClass) {
            this.name = Objects.requireNonNull(name);
            this.mainClass = Objects.requireNonNull(mainClass);
        }

        public Builder classpath(List<Path> entries) {
            classpath.addAll(entries);
            return this;
        }

        public Builder maxHeap(String size) {
            this.maxHeap = size;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder argument(String argument) {
            arguments.add(argument);
            return this;
        }

        /** An environment variable for the child, on top of this JVM's environment (services read LUMEE_* settings). */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** Ready once a GET of this URI answers 2xx. */
        public Builder readyWhenOk(String uri) {
            try {
                this.readinessUri = new URI(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public ChildJvm start() {
            Objects.requireNonNull(workingDirectory, "workingDirectory");
            Objects.requireNonNull(readinessUri, "readiness URI");
            Path logFile = workingDirectory.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
            LIVE.add(process);
            ChildJvm child = new ChildJvm(name, process, logFile);
            try {
                awaitReady(child);
            } catch (RuntimeException e) {
                child.kill();
                throw e;
            }
            return child;
        }

        private List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + maxHeap);
            command.add("-XX:+UseSerialGC");
            command.add("-XX:ActiveProcessorCount=2");
            command.add("-Djava.net.preferIPv4Stack=true");
            command.addAll(jvmOptions);
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            List<Path> path = new ArrayList<>();
            path.add(codeLocation());
            path.addAll(classpath);
            command.add("-cp");
            command.add(path.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            command.add(ParentWatchdog.class.getName());
            command.add(String.valueOf(ProcessHandle.current().pid()));
            command.add(mainClass);
            command.addAll(arguments);
            return command;
        }

        private void awaitReady(ChildJvm child) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!child.process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + child.process.exitValue()
                            + " before it was ready; last lines of " + child.logFile + ":\n" + tail(child.logFile));
                }
                if (answersOk(http, readinessUri)) {
                    return;
                }
                sleep(Duration.ofMillis(250));
            }
            throw new IllegalStateException(name + " was not ready at " + readinessUri + " within " + startTimeout
                    + "; last lines of " + child.logFile + ":\n" + tail(child.logFile));
        }

        private static boolean answersOk(HttpClient http, URI uri) {
            try {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 300;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a child JVM", e);
            }
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a child JVM", e);
            }
        }

        private static String tail(Path logFile) {
            try {
                List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(log unreadable: " + e.getMessage() + ")";
            }
        }

        /** Where the watchdog class lives (the testkit's jar or classes folder); nothing else of ours is loaded. */
        private static Path codeLocation() {
            try {
                return Path.of(ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
