package io.lumee.archive.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.archive.ArchiveTestbed;
import io.lumee.archive.ArchiveWriter;
import io.lumee.archive.Readings;
import io.lumee.archive.read.ArchiveAccess;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.platform.config.ConfigReader;
import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.MasterSecrets;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code archive verify} against archives laid out object by object: each kind of damage is one loud line. */
class ArchiveVerifierTest {
    private static ArchiveTestbed testbed;

    @BeforeAll
    static void testbed() {
        testbed = ArchiveTestbed.shared();
    }

    @Test
    void anIntactArchiveVerifiesWithRetiredMasterVersionsAndEveryKeyADeviceEverHad() throws Exception {
        String bucket = testbed.bucket("verify-clean", true);
        var oldKey = Readings.newEs256Key("es-old");
        var newKey = Readings.newEs256Key("es-new");
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            // the ES256 device was re-registered with a new key: readings signed with the old one still verify
            writer.write(testbed.topics.devices(), 0, 0, 3, List.of(Readings.hs256Registration("v-device"),
                    Readings.es256Registration("v-es-device", oldKey), Readings.es256Registration("v-es-device", newKey)),
                    DeviceRegistration::getDeviceId);
            writer.write(testbed.topics.raw(), 0, 0, 10, IntStream.range(0, 10)
                    .mapToObj(i -> Readings.hs256("v-device", i, i < 5 ? Readings.MASTER_V1 : Readings.MASTER_V2)).toList(), LumeeReading::getDeviceId);
            // transaction markers at 10 and 21 take offsets: the next object starts where this one ends, not at its last record + 1
            writer.write(testbed.topics.raw(), 0, 10, 22, IntStream.range(0, 11)
                    .mapToObj(i -> Readings.reading("v-es-device", i, JwsSigner.es256(i < 6 ? oldKey : newKey))).toList(), LumeeReading::getDeviceId);
        }

        VerifyReport report = verify(bucket, VerifyScope.everything(), testbed.masterSecrets());

        assertThat(report.problems()).isEmpty();
        assertThat(report.readingsVerified()).isEqualTo(21);
        assertThat(report.summary()).contains("lumee.raw/0: 2 objects, offsets [0, 22), 21 records");
        assertThat(report.verdict()).endsWith("clean");
        assertThat(verify(bucket, VerifyScope.everything(), MasterSecrets.of(Readings.MASTER_V2)).problems())
                .as("without the retired version, its readings do not verify").hasSize(5)
                .allSatisfy(line -> assertThat(line).startsWith("signature: lumee.raw/0@").contains("UNKNOWN_KEY_ID"));
    }

    @Test
    void aMissingRangeAnOverlapAndAWindowPastTheEndAreEachReported() throws Exception {
        String bucket = testbed.bucket("verify-gaps", true);
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            writer.write(testbed.topics.devices(), 0, 0, 1, List.of(Readings.hs256Registration("g-device")), DeviceRegistration::getDeviceId);
            writer.write(testbed.topics.raw(), 1, 0, 10, readings("g-device", 0, 10), LumeeReading::getDeviceId);
            // [10, 20) is never written: a missing range
            writer.write(testbed.topics.raw(), 1, 20, 30, readings("g-device", 20, 10), LumeeReading::getDeviceId);
            writer.write(testbed.topics.raw(), 1, 25, 40, readings("g-device", 25, 15), LumeeReading::getDeviceId);
        }

        VerifyReport everything = verify(bucket, VerifyScope.everything(), testbed.masterSecrets());
        VerifyReport window = verify(bucket, new VerifyScope(Optional.of("lumee.raw"), OptionalInt.of(1), OptionalLong.of(5), OptionalLong.of(50)),
                testbed.masterSecrets());

        assertThat(everything.problems()).containsExactly(
                "gap: lumee.raw/1 offsets [10, 20) are in no object",
                "overlap: lumee.raw/1 offsets [25, 30) are in both lumee.raw/1/00000000000000000020-00000000000000000030 and "
                        + "lumee.raw/1/00000000000000000025-00000000000000000040");
        assertThat(window.problems()).contains("gap: lumee.raw/1 offsets [10, 20) are in no object",
                "gap: lumee.raw/1 offsets [40, 50) are in no object");
    }

    @Test
    void aTamperedObjectAndAWrongKeyFailLoudly() throws Exception {
        String bucket = testbed.bucket("verify-tamper", true);
        ArchiveRange flipped;
        ArchiveRange swapped;
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            writer.write(testbed.topics.devices(), 0, 0, 1, List.of(Readings.hs256Registration("t-device")), DeviceRegistration::getDeviceId);
            flipped = writer.write(testbed.topics.raw(), 2, 0, 10, readings("t-device", 0, 10), LumeeReading::getDeviceId);
            swapped = writer.write(testbed.topics.raw(), 2, 10, 20, readings("t-device", 10, 10), LumeeReading::getDeviceId);
        }
        // a byte flipped in the ciphertext, written as a new version (S3Mock does not enforce the lock)
        byte[] ciphertext = testbed.s3.getObjectAsBytes(request -> request.bucket(bucket).key(flipped.key())).asByteArray();
        ciphertext[ciphertext.length / 2] ^= 1;
        Map<String, String> metadata = testbed.s3.headObject(request -> request.bucket(bucket).key(flipped.key())).metadata();
        testbed.s3.putObject(request -> request.bucket(bucket).key(flipped.key()).metadata(metadata), RequestBody.fromBytes(ciphertext));
        // another object's properly encrypted content under this key: the context names another range
        byte[] other = testbed.s3.getObjectAsBytes(request -> request.bucket(bucket).key(flipped.key())).asByteArray();
        Map<String, String> swappedMetadata = testbed.s3.headObject(request -> request.bucket(bucket).key(swapped.key())).metadata();
        testbed.s3.putObject(request -> request.bucket(bucket).key(swapped.key()).metadata(swappedMetadata), RequestBody.fromBytes(other));

        VerifyReport report = verify(bucket, VerifyScope.everything(), testbed.masterSecrets());

        assertThat(report.clean()).isFalse();
        assertThat(report.problems()).anySatisfy(line -> assertThat(line).startsWith("decrypt: " + flipped.key() + ": "))
                .anySatisfy(line -> assertThat(line).startsWith("decrypt: " + swapped.key() + ": "));

        String wrongKey;
        try (var kms = io.lumee.archive.AwsAccess.from(new ConfigReader(testbed.access(bucket))).kms()) {
            wrongKey = kms.createKey(request -> request.description("not the archive's key")).keyMetadata().arn();
        }
        Map<String, String> access = new HashMap<>(testbed.access(bucket));
        access.put("LUMEE_ARCHIVE_KMS_KEY_ARN", wrongKey);
        VerifyReport withWrongKey;
        try (ArchiveAccess.Connection connection = ArchiveAccess.from(new ConfigReader(access)).connect()) {
            withWrongKey = new ArchiveVerifier(connection.reader(), testbed.masterSecrets()).verify(VerifyScope.everything());
        }
        assertThat(withWrongKey.problems()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> assertThat(line).startsWith("decrypt: "));
    }

    @Test
    void aForgedReadingIsAProblemUnlessTheArchivedAuditShowsThePipelineRefusedIt() throws Exception {
        String bucket = testbed.bucket("verify-forged", true);
        LumeeReading forged = Readings.forged(Readings.hs256("f-device", 3, Readings.MASTER_V2));
        LumeeReading alsoForged = Readings.forged(Readings.hs256("f-device", 4, Readings.MASTER_V2));
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            writer.write(testbed.topics.devices(), 0, 0, 1, List.of(Readings.hs256Registration("f-device")), DeviceRegistration::getDeviceId);
            writer.write(testbed.topics.raw(), 0, 0, 2, List.of(forged, alsoForged), LumeeReading::getDeviceId);
            writer.write(testbed.topics.audit(), 0, 0, 1, List.of(Readings.rejected(forged, "SIGNATURE")), AuditRecord::getDeviceId);
        }

        VerifyReport report = verify(bucket, VerifyScope.everything(), testbed.masterSecrets());

        assertThat(report.readingsRefusedAtIngest()).isEqualTo(1);
        assertThat(report.problems()).containsExactly("signature: lumee.raw/0@1 reading f-device:7:4: BAD_SIGNATURE: "
                + "signature does not verify with the key of device f-device");
    }

    @Test
    void aReadingOfAnUnregisteredDeviceOnHoldIsCountedApartButWithoutTheHoldItIsAProblem() throws Exception {
        String bucket = testbed.bucket("verify-held", true);
        LumeeReading held = Readings.hs256("never-registered", 1, Readings.MASTER_V2);
        LumeeReading unexplained = Readings.hs256("never-registered", 2, Readings.MASTER_V2);
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            writer.write(testbed.topics.raw(), 0, 0, 2, List.of(held, unexplained), LumeeReading::getDeviceId);
            writer.write(testbed.topics.audit(), 0, 0, 1, List.of(AuditRecord.newBuilder(Readings.rejected(held, null))
                    .setAction(AuditAction.ORPHAN_HELD).setOutcome("held").build()), AuditRecord::getDeviceId);
        }

        VerifyReport report = verify(bucket, VerifyScope.everything(), testbed.masterSecrets());

        assertThat(report.readingsOnHold()).isEqualTo(1);
        assertThat(report.problems()).containsExactly("signature: lumee.raw/0@1 reading never-registered:7:2: "
                + "no archived registration of device never-registered has a usable key");
    }

    private static List<LumeeReading> readings(String deviceId, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> Readings.hs256(deviceId, i, Readings.MASTER_V2)).toList();
    }

    private static VerifyReport verify(String bucket, VerifyScope scope, MasterSecrets secrets) {
        try (ArchiveAccess.Connection connection = testbed.reader(bucket)) {
            return new ArchiveVerifier(connection.reader(), secrets).verify(scope);
        }
    }
}
