package io.lumee.archive.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.archive.ArchiveTestbed;
import io.lumee.archive.CommittedRecords;
import io.lumee.archive.Main;
import io.lumee.archive.Readings;
import io.lumee.archive.S3Requests;
import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.store.ObjectKeys;
import io.lumee.archive.verify.ArchiveVerifier;
import io.lumee.archive.verify.VerifyReport;
import io.lumee.archive.verify.VerifyScope;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.LoopbackPorts;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.jvm.ChildJvm;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DESIGN's "done when": 50,000 readings archived while the sink, a JVM of its own started from its real
 * {@code Main}, is SIGKILLed twice in the middle of uploading and restarted; the archive then verifies clean,
 * holds every committed record once, and every PutObject any of the three JVMs sent asked for the lock, the
 * retention date and the SSE-KMS key (the JVMs log their requests through the test classpath's SDK interceptor).
 */
class ArchiveVolumeTest {
    private static final int DEVICES = 500;
    private static final int READINGS_PER_DEVICE = 100;

    @Test
    void fiftyThousandReadingsSurviveTwoKillsMidUploadAndVerifyClean() throws Exception {
        ArchiveTestbed testbed = ArchiveTestbed.shared();
        List<DeviceRegistration> registrations = new ArrayList<>();
        List<LumeeReading> readings = new ArrayList<>();
        for (int device = 0; device < DEVICES; device++) {
            String deviceId = "volume-device-" + device;
            registrations.add(Readings.hs256Registration(deviceId));
            for (int sequence = 0; sequence < READINGS_PER_DEVICE; sequence++) {
                readings.add(Readings.hs256(deviceId, sequence, Readings.MASTER_V2));
            }
        }
        testbed.produce(testbed.topics.devices(), registrations, DeviceRegistration::getDeviceId);
        testbed.produce(testbed.topics.raw(), readings, LumeeReading::getDeviceId);
        Map<TopicPartition, Long> ends = testbed.endOffsets();
        String bucket = testbed.bucket("volume", true);
        Path dir = TempDirs.create("archive-volume");
        Path putLog = dir.resolve("puts.log");

        int killedAt1 = killMidUpload(startSink(testbed, bucket, dir, putLog, 1), testbed, bucket, 5);
        int killedAt2 = killMidUpload(startSink(testbed, bucket, dir, putLog, 2), testbed, bucket, killedAt1 + 5);
        ChildJvm last = startSink(testbed, bucket, dir, putLog, 3);
        try {
            testbed.awaitArchived(bucket, ends, Duration.ofMinutes(3));
        } finally {
            last.close();
        }

        VerifyReport report;
        try (ArchiveAccess.Connection connection = testbed.reader(bucket)) {
            report = new ArchiveVerifier(connection.reader(), testbed.masterSecrets()).verify(VerifyScope.everything());
        }
        assertThat(report.problems()).as("no gap, no overlap, every object intact, every reading authentic").isEmpty();
        assertThat(report.records()).as("every committed record, exactly once").isEqualTo(CommittedRecords.count(ends));
        assertThat(report.readingsVerified()).isGreaterThanOrEqualTo(DEVICES * READINGS_PER_DEVICE);
        int objects = rawObjects(testbed, bucket);
        assertThat(killedAt1).as("the first kill came mid-upload").isBetween(1, objects - 1);
        assertThat(killedAt2).as("the second kill came mid-upload").isBetween(killedAt1, objects - 1);
        System.out.printf("archive volume: SIGKILLed at %d and %d of %d lumee.raw objects, %d records verified%n", killedAt1, killedAt2, objects,
                report.records());
        List<S3Requests.Request> puts = S3Requests.readLog(putLog);
        Set<String> sent = puts.stream().map(S3Requests.Request::path).collect(Collectors.toSet());
        List<String> stored = testbed.s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(stored).allSatisfy(key -> assertThat(sent).contains("/" + bucket + "/" + key));
        assertThat(puts).allSatisfy(put -> {
            assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
            assertThat(put.header("x-amz-object-lock-retain-until-date")).startsWith(String.valueOf(java.time.Year.now().getValue() + 7));
            assertThat(put.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(testbed.s3Server.sseKmsKeyId());
        });
        TempDirs.deleteQuietly(dir);
    }

    private static ChildJvm startSink(ArchiveTestbed testbed, String bucket, Path dir, Path putLog, int incarnation) {
        int port = LoopbackPorts.free();
        ChildJvm.Builder builder = ChildJvm.builder("archive-sink-" + incarnation, Main.class.getName())
                .classpath(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList())
                .maxHeap("384m")
                .systemProperty("lumee.test.s3-log", putLog.toString())
                .workingDirectory(dir)
                .readyWhenOk("http://" + LoopbackPorts.HOST + ":" + port + "/healthz")
                .startTimeout(Duration.ofSeconds(60));
        Map<String, String> environment = new java.util.HashMap<>(testbed.sinkEnvironment(bucket, "archive-volume"));
        environment.put("LUMEE_MANAGEMENT_PORT", String.valueOf(port));
        environment.put("LUMEE_ARCHIVE_BATCH_RECORDS", "1000");
        environment.put("LUMEE_ARCHIVE_BATCH_AGE", "2s");
        environment.put("LUMEE_LOG_LEVEL", "WARN");
        environment.forEach(builder::environment);
        return builder.start();
    }

    /** SIGKILLs the sink once the bucket holds at least {@code atLeast} lumee.raw objects; returns how many it held. */
    private static int killMidUpload(ChildJvm sink, ArchiveTestbed testbed, String bucket, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int objects = rawObjects(testbed, bucket);
        while (objects < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
            objects = rawObjects(testbed, bucket);
        }
        sink.kill();
        return objects;
    }

    private static int rawObjects(ArchiveTestbed testbed, String bucket) {
        return (int) testbed.s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("lumee.raw/")).contents().stream()
                .filter(object -> ObjectKeys.parse(object.key()).isPresent()).count();
    }
}
