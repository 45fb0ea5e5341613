package io.lumee.fhirsink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.schemas.Rejection;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirServers;
import io.lumee.testkit.jvm.ChildJvm;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sink killed between the FHIR write and the Kafka commit (in a JVM of its own, halted inside the
 * commit of a batch with a rejection), then started again: the server's counts do not change, every
 * reading is stored once, and the refused one is on {@code lumee.rejected} once.
 */
class SinkCrashTest {
    private static final String GROUP = "crash-run";
    private final Path dir = TempDirs.create("sink-crash");

    @AfterEach
    void cleanUp() {
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void killedBetweenWriteAndCommitThenRestartedChangesNoCountAndRejectsOnce() throws Exception {
        FhirServer server = FhirServers.r4();
        FhirStore store = new FhirStore(server);
        store.ensurePatients(IntStream.range(0, 5).mapToObj(p -> "crash-mrn-" + p).toList());
        List<ProcessedReading> good = IntStream.range(0, 300)
                .mapToObj(i -> Readings.reading("crash-dev-" + i % 5, i / 5, "crash-mrn-" + i % 5)).toList();
        ProcessedReading bad = Readings.reading("crash-dev-0", 900, "crash-nobody");
        List<ProcessedReading> all = new ArrayList<>(good.subList(0, 150));
        all.add(bad);
        all.addAll(good.subList(150, 300));
        SinkHarness.startGroupAtEnd(GROUP, FhirVersion.R4);
        SinkHarness.produce(FhirVersion.R4, all, SubjectMode.LOOKUP);
        List<String> ids = SinkHarness.ids(good);

        runUntilItDies(sink(true));
        int storedBeforeCrash = store.observations(ids);

        assertThat(dir.resolve("crashed")).as("halted inside the commit").exists();
        assertThat(storedBeforeCrash).as("the batch reached the server before the crash").isPositive();
        assertThat(SinkHarness.rejectionsOf(List.of(bad.readingId()))).as("the rejection's transaction never committed").isEmpty();

        ChildJvm restarted = sink(false).start();
        try {
            SinkHarness.awaitCaughtUp(GROUP, FhirVersion.R4, Duration.ofMinutes(2));
        } finally {
            restarted.close();
        }

        assertThat(store.observations(ids)).isEqualTo(good.size());
        assertThat(store.provenances(ids)).isEqualTo(good.size());
        assertThat(store.devices(IntStream.range(0, 5).mapToObj(d -> "crash-dev-" + d).toList())).isEqualTo(5);
        List<Rejection> rejections = SinkHarness.rejectionsOf(List.of(bad.readingId()));
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).getDetail()).contains("HAPI-1091").doesNotContain("crash-nobody");
    }

    private ChildJvm.Builder sink(boolean crash) {
        int management = LoopbackPorts.free();
        ChildJvm.Builder builder = ChildJvm.builder(crash ? "sink-crashing" : "sink", SinkProcess.class.getName())
                .classpath(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList())
                .maxHeap("384m")
                .workingDirectory(dir)
                .readyWhenOk("http://127.0.0.1:" + management + "/healthz")
                .startTimeout(Duration.ofMinutes(2));
        Map<String, String> environment = SinkHarness.environment(FhirVersion.R4, FhirServers.r4().baseUrl(), GROUP);
        environment.put("LUMEE_MANAGEMENT_PORT", String.valueOf(management));
        // small polls: the crash comes at the batch holding the refused reading, not with the first one
        environment.put("LUMEE_KAFKA_PROPERTY_MAX_POLL_RECORDS", "50");
        environment.forEach((name, value) -> builder.argument(name + "=" + value));
        if (crash) {
            builder.argument(SinkProcess.CRASH + dir.resolve("crashed"));
        }
        return builder;
    }

    /** Starts the child and waits for it to halt; it may halt before its readiness was even seen. */
    private static void runUntilItDies(ChildJvm.Builder builder) throws Exception {
        ChildJvm child;
        try {
            child = builder.start();
        } catch (IllegalStateException diedEarly) {
            assertThat(diedEarly).hasMessageContaining("exited with code " + SinkProcess.CRASH_STATUS);
            return;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(child.isAlive()).as("the crashing sink halted").isFalse();
    }
}
