package io.lumee.testkit.registry;

import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.jvm.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry server (in-memory storage) in a child JVM on 127.0.0.1. Version 3.0.9 is the
 * newest that runs on Java 17; its distribution is taken from the local Maven repository and unpacked
 * once beside it.
 */
public final class ApicurioRegistry implements AutoCloseable {
    public static final String VERSION = "3.0.9";
    private static final MavenArtifact DISTRIBUTION =
            new MavenArtifact("io.apicurio", "apicurio-registry-app", VERSION, "all", "tar.gz");
    private static final String RUNNER_JAR = "apicurio-registry-app-" + VERSION + "-runner.jar";

    private final ChildJvm jvm;
    private final Path workDir;
    private final String baseUrl;

    private ApicurioRegistry(ChildJvm jvm, Path workDir, String baseUrl) {
        this.jvm = jvm;
        this.workDir = workDir;
        this.baseUrl = baseUrl;
    }

    public static ApicurioRegistry start() {
        Path home = unpacked(DISTRIBUTION.resolve());
        Path workDir = TempDirs.create("apicurio");
        int port = LoopbackPorts.free();
        String baseUrl = "http://" + LoopbackPorts.HOST + ":" + port;
        ChildJvm jvm = ChildJvm.builder("apicurio-registry", "io.quarkus.runner.GeneratedMain")
                // the runner jar's manifest Class-Path names its lib/ folder
                .classpath(List.of(home.resolve(RUNNER_JAR)))
                .maxHeap("384m")
                .jvmOption("-XX:TieredStopAtLevel=1")
                .systemProperty("quarkus.http.host", LoopbackPorts.HOST)
                .systemProperty("quarkus.http.port", String.valueOf(port))
                .systemProperty("quarkus.management.host", LoopbackPorts.HOST)
                .systemProperty("quarkus.log.console.color", "false")
                .workingDirectory(workDir)
                .readyWhenOk(baseUrl + "/apis/ccompat/v7/subjects")
                .start();
        return new ApicurioRegistry(jvm, workDir, baseUrl);
    }

    /** The native v3 API, as the Apicurio serde's {@code apicurio.registry.url} takes it. */
    public String registryUrl() {
        return baseUrl + "/apis/registry/v3";
    }

    /** The Confluent-compatible API, for any Confluent-protocol client. */
    public String ccompatUrl() {
        return baseUrl + "/apis/ccompat/v7";
    }

    public ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.close();
        TempDirs.deleteQuietly(workDir);
    }

    /** Unpacks the distribution beside the archive once; concurrent builds race safely through a rename. */
    private static Path unpacked(Path archive) {
        Path target = archive.resolveSibling("unpacked-" + VERSION);
        if (Files.isRegularFile(target.resolve(RUNNER_JAR))) {
            return target;
        }
        try {
            Path staging = Files.createTempDirectory(archive.getParent(), "unpacking-");
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", staging.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("cannot unpack " + archive + ": " + output);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                TempDirs.deleteQuietly(staging);
            } catch (IOException e) {
                if (!Files.isRegularFile(target.resolve(RUNNER_JAR))) {
                    throw e;
                }
                TempDirs.deleteQuietly(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + archive, e);
        }
    }
}
