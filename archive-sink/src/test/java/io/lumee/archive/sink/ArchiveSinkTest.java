package io.lumee.archive.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.archive.ArchiveConfig;
import io.lumee.archive.ArchiveTestbed;
import io.lumee.archive.CommittedRecords;
import io.lumee.archive.Main;
import io.lumee.archive.Readings;
import io.lumee.archive.S3Requests;
import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.archive.verify.ArchiveVerifier;
import io.lumee.archive.verify.VerifyReport;
import io.lumee.archive.verify.VerifyScope;
import io.lumee.platform.config.ConfigException;
import io.lumee.platform.config.ConfigReader;
import io.lumee.platform.service.ServiceRuntime;
import io.lumee.protocol.JwsSigner;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The archive-sink service, wired by its real {@code Main}, against the real broker, registry, S3Mock and KMS stand-in. */
class ArchiveSinkTest {
    private static ArchiveTestbed testbed;

    @BeforeAll
    static void produceAFleet() {
        testbed = ArchiveTestbed.shared();
        var es256Key = Readings.newEs256Key("es-device-key-1");
        List<DeviceRegistration> registrations = new ArrayList<>();
        List<LumeeReading> readings = new ArrayList<>();
        for (int device = 0; device < 20; device++) {
            String deviceId = "sink-device-" + device;
            registrations.add(Readings.hs256Registration(deviceId));
            for (int sequence = 0; sequence < 60; sequence++) {
                // half the fleet still signs with master v1, retired for signing but kept for verification
                readings.add(Readings.hs256(deviceId, sequence, device % 2 == 0 ? Readings.MASTER_V1 : Readings.MASTER_V2));
            }
        }
        registrations.add(Readings.es256Registration("sink-es256-device", es256Key));
        for (int sequence = 0; sequence < 40; sequence++) {
            readings.add(Readings.reading("sink-es256-device", sequence, JwsSigner.es256(es256Key)));
        }
        testbed.produce(testbed.topics.devices(), registrations, DeviceRegistration::getDeviceId);
        testbed.produce(testbed.topics.raw(), readings, LumeeReading::getDeviceId);
        testbed.produce(testbed.topics.audit(), readings.subList(0, 200).stream().map(Readings::accepted).toList(), AuditRecord::getDeviceId);
        // transaction markers and aborted records take offsets: archived ranges must abut across them
        List<LumeeReading> transactional = IntStream.range(0, 30).mapToObj(i -> Readings.hs256("sink-tx-device", i, Readings.MASTER_V2)).toList();
        testbed.produce(testbed.topics.devices(), List.of(Readings.hs256Registration("sink-tx-device")), DeviceRegistration::getDeviceId);
        testbed.produceTransaction(testbed.topics.raw(), 0, transactional.subList(0, 10), LumeeReading::getDeviceId, true);
        testbed.produceTransaction(testbed.topics.raw(), 0, transactional.subList(10, 20), LumeeReading::getDeviceId, false);
        testbed.produceTo(testbed.topics.raw(), 0, transactional.subList(20, 30), LumeeReading::getDeviceId);
    }

    @AfterEach
    void resetFaults() {
        S3Requests.reset();
    }

    @Test
    void archivesEveryOffsetOnceOverMutualTlsWithEveryPutLockedAndEncrypted() throws Exception {
        String bucket = testbed.bucket("sink", true);
        Map<String, String> environment = testbed.overMutualTls(testbed.sinkEnvironment(bucket, "sink-tls"), "archive-sink");
        Map<TopicPartition, Long> ends = testbed.endOffsets();
        Instant started = Instant.now();

        ServiceRuntime sink = start(environment);
        try {
            testbed.awaitArchived(bucket, ends, Duration.ofSeconds(90));

            VerifyReport report = verifiedClean(bucket, ends);
            assertThat(report.readingsVerified()).isGreaterThanOrEqualTo(20 * 60 + 40 + 20);
            assertEveryPutLockedAndEncrypted(bucket, report.objects(), started, Period.ofYears(7), false);
            ArchiveRange first = testbed.last(bucket, new TopicPartition("lumee.raw", 0)).orElseThrow();
            HeadObjectResponse head = testbed.s3.headObject(request -> request.bucket(bucket).key(first.key()));
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(head.ssekmsKeyId()).contains(testbed.s3Server.sseKmsKeyId());
            assertThat(head.metadata()).containsKeys("lumee-sha256", "lumee-first-record-date", "lumee-records");
            String metrics = metrics(sink);
            assertThat(metrics).containsPattern("lumee_archive_objects_total(\\{[^}]*\\})? " + report.objects() + "\\.0")
                    .contains("lumee_archive_last_offset{partition=\"0\",topic=\"lumee.raw\"} "
                            + (ends.get(new TopicPartition("lumee.raw", 0)) - 1) + ".0")
                    .contains("lumee_consumer_lag{group=\"sink-tls\",topic=\"lumee.raw\"} 0.0")
                    .containsPattern("lumee_archive_bytes_total(\\{[^}]*\\})? [1-9]");
        } finally {
            sink.shutdown();
        }
    }

    @Test
    void refusesABucketWithoutObjectLockUnlessToldItIsADevelopmentStore() throws Exception {
        String bucket = testbed.bucket("plain", false);
        Map<String, String> environment = testbed.sinkEnvironment(bucket, "sink-plain");

        assertThatThrownBy(() -> start(environment)).isInstanceOf(ConfigException.class)
                .satisfies(refused -> assertThat(((ConfigException) refused).errors()).containsExactly("LUMEE_ARCHIVE_BUCKET: expected a bucket "
                        + "with versioning and Object Lock enabled, got " + bucket + " (versioning not enabled, no Object Lock); "
                        + "LUMEE_ARCHIVE_DEV_STORE=true allows it for development only"));

        Map<String, String> devStore = new HashMap<>(environment);
        devStore.put("LUMEE_ARCHIVE_DEV_STORE", "true");
        Map<TopicPartition, Long> ends = testbed.endOffsets();
        ServiceRuntime sink = start(devStore);
        try {
            testbed.awaitArchived(bucket, ends, Duration.ofSeconds(90));
            assertThat(S3Requests.puts(bucket)).isNotEmpty().allSatisfy(put -> {
                assertThat(put.headers()).doesNotContainKeys("x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date");
                assertThat(put.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            });
            verifiedClean(bucket, ends);
        } finally {
            sink.shutdown();
        }
    }

    @Test
    void aCrashAfterThePutAndBeforeTheCommitResumesAfterTheStoredObject() throws Exception {
        String bucket = testbed.bucket("crash", true);
        Map<String, String> environment = testbed.sinkEnvironment(bucket, "sink-crash");
        Map<TopicPartition, Long> ends = testbed.endOffsets();
        TopicPartition raw0 = new TopicPartition("lumee.raw", 0);
        S3Requests.crashAfterStoring(put -> put.path().startsWith("/" + bucket + "/lumee.raw/0/"), new SimulatedCrash());

        ServiceRuntime crashed = start(environment);
        ArchiveRange stored;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((testbed.last(bucket, raw0).isEmpty() || crashed.readiness().failing().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            stored = testbed.last(bucket, raw0).orElseThrow();
            Thread.sleep(500);
            assertThat(crashed.readiness().failing()).as("the sink thread died").contains("kafka-assigned");
            assertThat(testbed.last(bucket, raw0)).as("nothing stored after the crash").contains(stored);
        } finally {
            crashed.shutdown();
        }
        OffsetAndMetadata committed = committed("sink-crash", raw0);
        assertThat(committed == null ? 0 : committed.offset()).as("the group never heard of the stored object").isLessThan(stored.next());
        testbed.produceTo(testbed.topics.raw(), 0, IntStream.range(100, 110).mapToObj(i -> Readings.hs256("sink-tx-device", i, Readings.MASTER_V2))
                .toList(), LumeeReading::getDeviceId);
        ends = testbed.endOffsets();

        ServiceRuntime restarted = start(environment);
        try {
            testbed.awaitArchived(bucket, ends, Duration.ofSeconds(90));
            verifiedClean(bucket, ends);
            assertThat(S3Requests.puts(bucket).stream().filter(put -> put.path().startsWith("/" + bucket + "/lumee.raw/0/"
                    + String.format("%020d", stored.next())))).as("the restart's first object begins where the stored one ends").hasSize(1);
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void aPutWhoseAnswerIsLostIsNotWrittenTwiceAndLegalHoldIsRequested() throws Exception {
        String bucket = testbed.bucket("lost-answer", true);
        Map<String, String> environment = new HashMap<>(testbed.sinkEnvironment(bucket, "sink-lost-answer"));
        environment.put("LUMEE_ARCHIVE_LEGAL_HOLD", "true");
        environment.put("LUMEE_ARCHIVE_RETENTION", "30d");
        Map<TopicPartition, Long> ends = testbed.endOffsets();
        S3Requests.afterStoring(put -> put.path().startsWith("/" + bucket + "/lumee.raw/"), new IllegalStateException("connection reset"));
        Instant started = Instant.now();

        ServiceRuntime sink = start(environment);
        try {
            testbed.awaitArchived(bucket, ends, Duration.ofSeconds(90));
            verifiedClean(bucket, ends);
            assertEveryPutLockedAndEncrypted(bucket, -1, started, Period.ofDays(30), true);
        } finally {
            sink.shutdown();
        }
    }

    /** An error no handler catches: the sink's thread dies between the put and the commit, as in a crash. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash after the put", null, false, false);
        }
    }

    private static ServiceRuntime start(Map<String, String> environment) throws Exception {
        return ServiceRuntime.start("archive-sink", new ConfigReader(environment), ArchiveConfig::from, Main::wire);
    }

    /** The archive verifies clean (no gap, no overlap, intact, authentic) and holds every committed record below {@code ends} once. */
    private static VerifyReport verifiedClean(String bucket, Map<TopicPartition, Long> ends) {
        VerifyReport report;
        try (ArchiveAccess.Connection connection = testbed.reader(bucket)) {
            report = new ArchiveVerifier(connection.reader(), testbed.masterSecrets()).verify(VerifyScope.everything());
        }
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).as("every committed record, once").isEqualTo(CommittedRecords.count(ends));
        return report;
    }

    /**
     * Every PutObject asked for Object Lock COMPLIANCE until the retention from its sending, SSE-KMS with the
     * configured key, no overwrite, and a legal hold when configured.
     *
     * @param objects how many puts to expect, or -1 for at least one
     * @param started a moment before the first put was sent
     */
    private static void assertEveryPutLockedAndEncrypted(String bucket, long objects, Instant started, Period retention, boolean legalHold) {
        List<S3Requests.Request> puts = S3Requests.puts(bucket);
        if (objects >= 0) {
            assertThat(puts).hasSize((int) objects);
        }
        Instant earliest = OffsetDateTime.ofInstant(started, ZoneOffset.UTC).plus(retention).toInstant();
        Instant latest = OffsetDateTime.now(ZoneOffset.UTC).plus(retention).toInstant();
        assertThat(puts).isNotEmpty().allSatisfy(put -> {
            assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
            Instant retainUntil = Instant.parse(put.header("x-amz-object-lock-retain-until-date"));
            assertThat(retainUntil).isBetween(earliest.minusSeconds(1), latest.plusSeconds(1));
            assertThat(put.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(testbed.s3Server.sseKmsKeyId());
            assertThat(put.header("if-none-match")).isEqualTo("*");
            assertThat(put.header("x-amz-object-lock-legal-hold")).isEqualTo(legalHold ? "ON" : null);
        });
    }

    private static OffsetAndMetadata committed(String group, TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
        }
    }

    private static String metrics(ServiceRuntime sink) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + sink.managementAddress().getPort() + "/metrics");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
