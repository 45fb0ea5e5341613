package io.lumee.testkit.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
    private final Path dir = TempDirs.create("childjvm-test");

    @AfterEach
    void cleanUp() {
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void childRunsInItsOwnJvmUntilClosed() {
        int port = LoopbackPorts.free();
        ChildJvm child = tiny(port).start();

        assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(commandLine(child)).contains("-Xmx64m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2");
        child.close();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void childThatDiesBeforeReadyIsReportedWithItsLog() {
        assertThatThrownBy(() -> tiny(LoopbackPorts.free()).argument("fail").start())
                .hasMessageContaining("exited with code 7")
                .hasMessageContaining("tiny server refusing to start");
    }

    @Test
    void childHaltsWhenItsParentIsKilled() throws Exception {
        // The child's parent is a JVM we kill outright, as a build interrupted with SIGKILL would be.
        int port = LoopbackPorts.free();
        Process parent = new ProcessBuilder(javaBin(), "-cp", classpath(), ChildLauncher.class.getName(),
                String.valueOf(port), dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("parent.log").toFile()).start();
        try {
            long childPid = awaitChildPid(parent);
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertThat(child.isAlive()).isTrue();

            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    private long awaitChildPid(Process parent) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (java.nio.file.Files.exists(pidFile)) {
                String text = java.nio.file.Files.readString(pidFile).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            assertThat(parent.isAlive()).as("parent JVM alive; see %s", dir.resolve("parent.log")).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("child never started; see " + dir.resolve("parent.log"));
    }

    private ChildJvm.Builder tiny(int port) {
        return ChildJvm.builder("tiny", TinyHttpServer.class.getName())
                .classpath(List.of(testClasses()))
                .maxHeap("64m")
                .argument(String.valueOf(port))
                .workingDirectory(dir)
                .readyWhenOk("http://127.0.0.1:" + port + "/")
                .startTimeout(Duration.ofSeconds(30));
    }

    private static String commandLine(ChildJvm child) {
        return ProcessHandle.of(child.pid()).flatMap(h -> h.info().commandLine()).orElse("");
    }

    static Path testClasses() {
        try {
            return Path.of(TinyHttpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** Main of the parent JVM in the kill test: starts a child, writes its pid, then waits to be killed. */
    public static final class ChildLauncher {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[1]);
            ChildJvm child = ChildJvm.builder("orphan-candidate", TinyHttpServer.class.getName())
                    .classpath(List.of(testClasses()))
                    .maxHeap("64m")
                    .argument(args[0])
                    .workingDirectory(dir)
                    .readyWhenOk("http://127.0.0.1:" + args[0] + "/")
                    .start();
            java.nio.file.Files.writeString(dir.resolve("child.pid"), String.valueOf(child.pid()));
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
