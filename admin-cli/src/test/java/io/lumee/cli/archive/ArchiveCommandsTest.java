package io.lumee.cli.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.archive.ArchiveTestbed;
import io.lumee.archive.ArchiveWriter;
import io.lumee.archive.Readings;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.cli.AdminCli;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.LumeeReading;
import io.lumee.testkit.TempDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code archive verify} and {@code archive export} as an operator runs them, against S3Mock and the KMS stand-in. */
class ArchiveCommandsTest {
    private record Run(int status, String out, String err) { }

    private static ArchiveTestbed testbed;
    private static Path dir;
    private static String masterSecrets;

    @BeforeAll
    static void secrets() throws Exception {
        testbed = ArchiveTestbed.shared();
        dir = TempDirs.create("archive-cli");
        Path v1 = Files.writeString(dir.resolve("master-v1"), base64Of((byte) 0x11));
        Path v2 = Files.writeString(dir.resolve("master-v2"), base64Of((byte) 0x22));
        masterSecrets = "1=" + v1 + ",2=" + v2;
    }

    @Test
    void verifyIsCleanThenFailsLoudlyOnAMissingRangeATamperedObjectAndAWrongKey() throws Exception {
        String bucket = testbed.bucket("cli-verify", true);
        ArchiveRange first;
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            writer.write(testbed.topics.devices(), 0, 0, 1, List.of(Readings.hs256Registration("cli-device")), DeviceRegistration::getDeviceId);
            first = writer.write(testbed.topics.raw(), 0, 0, 10, readings("cli-device", 0, 10), LumeeReading::getDeviceId);
            writer.write(testbed.topics.raw(), 0, 10, 20, readings("cli-device", 10, 10), LumeeReading::getDeviceId);
        }

        Run clean = verify(environment(bucket));

        assertThat(clean.status()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("lumee.raw/0: 2 objects, offsets [0, 20), 20 records")
                .contains("archive verify: 3 objects, 21 records, 20 readings verified, 0 refused at ingest, 0 on hold (device not registered), 0 not readings: clean");
        assertThat(clean.err()).isEmpty();

        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            writer.write(testbed.topics.raw(), 0, 30, 40, readings("cli-device", 30, 10), LumeeReading::getDeviceId);
        }
        byte[] ciphertext = testbed.s3.getObjectAsBytes(request -> request.bucket(bucket).key(first.key())).asByteArray();
        ciphertext[ciphertext.length / 3] ^= 1;
        Map<String, String> metadata = testbed.s3.headObject(request -> request.bucket(bucket).key(first.key())).metadata();
        testbed.s3.putObject(request -> request.bucket(bucket).key(first.key()).metadata(metadata), RequestBody.fromBytes(ciphertext));

        Run damaged = verify(environment(bucket));

        assertThat(damaged.status()).isEqualTo(ArchiveCommand.EXIT_ARCHIVE_PROBLEMS);
        assertThat(damaged.err().lines()).containsExactly(
                "decrypt: " + first.key() + ": " + damaged.err().lines().findFirst().orElseThrow().substring(("decrypt: " + first.key() + ": ").length()),
                "gap: lumee.raw/0 offsets [20, 30) are in no object");
        assertThat(damaged.out()).endsWith("2 problems" + System.lineSeparator());
        assertThat(damaged.out() + damaged.err()).as("no reading value, no JWS").doesNotContain("tissueO2").doesNotContain("eyJ");

        Map<String, String> wrongKey = new HashMap<>(environment(bucket));
        wrongKey.remove("LUMEE_ARCHIVE_KMS_KEY_ARN");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        wrongKey.put("LUMEE_ARCHIVE_RAW_KEY_FILE", Files.writeString(dir.resolve("wrong-key"), Base64.getEncoder().encodeToString(key)).toString());
        Run withWrongKey = verify(wrongKey);
        assertThat(withWrongKey.status()).isEqualTo(ArchiveCommand.EXIT_ARCHIVE_PROBLEMS);
        assertThat(withWrongKey.err().lines().filter(line -> line.startsWith("decrypt: ")).count()).as(withWrongKey.err()).isEqualTo(4);

        Map<String, String> noSecrets = new HashMap<>(environment(bucket));
        noSecrets.remove("LUMEE_MASTER_SECRET_FILES");
        Run refused = verify(noSecrets);
        assertThat(refused.status()).isEqualTo(AdminCli.EXIT_REFUSED);
        assertThat(refused.err().strip()).isEqualTo("LUMEE_MASTER_SECRET_FILES: expected at least one <version>=<file> "
                + "(HS256 readings cannot be verified without), got nothing");
    }

    @Test
    void exportWritesOneDevicesReadingsInTheWindowAsNdjson() throws Exception {
        String bucket = testbed.bucket("cli-export", true);
        try (ArchiveWriter writer = new ArchiveWriter(testbed, bucket)) {
            List<LumeeReading> mixed = IntStream.range(0, 20)
                    .mapToObj(i -> Readings.hs256(i % 2 == 0 ? "export-a" : "export-b", i, Readings.MASTER_V2)).toList();
            writer.write(testbed.topics.raw(), 3, 0, 20, mixed, LumeeReading::getDeviceId);
            writer.write(testbed.topics.raw(), 4, 0, 5, readings("export-a", 100, 5), LumeeReading::getDeviceId);
        }
        Path file = dir.resolve("export-a.ndjson");

        // ArchiveWriter stamps offset n with T0 + n + 1 s: [T0 + 3 s, T0 + 9 s) holds offsets 2..7 of each partition
        Run toFile = run(environment(bucket), "archive", "export", "--device", "export-a", "--from", Readings.T0.plusSeconds(3).toString(),
                "--to", Readings.T0.plusSeconds(9).toString(), "--out", file.toString());
        Run toStdout = run(environment(bucket), "archive", "export", "--device", "export-b", "--from", Readings.T0.toString(),
                "--to", Readings.T0.plusSeconds(3600).toString());

        assertThat(toFile.status()).as(toFile.err()).isZero();
        assertThat(toFile.out()).as("values go to the file only").isEmpty();
        assertThat(toFile.err().strip()).isEqualTo("archive export: 6 readings of export-a");
        List<JsonNode> lines = Files.readAllLines(file).stream().map(ArchiveCommandsTest::json).toList();
        assertThat(lines).extracting(line -> line.get("readingId").asText())
                .containsExactly("export-a:7:2", "export-a:7:4", "export-a:7:6", "export-a:7:102", "export-a:7:103", "export-a:7:104");
        JsonNode one = lines.get(0);
        assertThat(one.get("deviceTime").asText()).isEqualTo(Readings.T0.plusSeconds(2).toString());
        assertThat(one.get("jws").asText()).startsWith("eyJ");
        assertThat(one.get("archive").get("object").asText()).isEqualTo("lumee.raw/3/00000000000000000000-00000000000000000020");
        assertThat(one.get("archive").get("offset").asLong()).isEqualTo(2);
        assertThat(toStdout.status()).isZero();
        assertThat(toStdout.out().lines()).hasSize(10).allSatisfy(line -> assertThat(json(line).get("deviceId").asText()).isEqualTo("export-b"));

        String damagedKey = "lumee.raw/4/00000000000000000000-00000000000000000005";
        byte[] ciphertext = testbed.s3.getObjectAsBytes(request -> request.bucket(bucket).key(damagedKey)).asByteArray();
        ciphertext[ciphertext.length / 2] ^= 1;
        Map<String, String> metadata = testbed.s3.headObject(request -> request.bucket(bucket).key(damagedKey)).metadata();
        testbed.s3.putObject(request -> request.bucket(bucket).key(damagedKey).metadata(metadata), RequestBody.fromBytes(ciphertext));
        Run damaged = run(environment(bucket), "archive", "export", "--device", "export-a", "--from", Readings.T0.toString(),
                "--to", Readings.T0.plusSeconds(3600).toString());
        assertThat(damaged.status()).isEqualTo(ArchiveCommand.EXIT_ARCHIVE_PROBLEMS);
        assertThat(damaged.err()).startsWith("archive export: decrypt: " + damagedKey + ": ");
    }

    private static Map<String, String> environment(String bucket) {
        Map<String, String> environment = new HashMap<>(testbed.access(bucket));
        environment.put("LUMEE_MASTER_SECRET_FILES", masterSecrets);
        return environment;
    }

    private static List<LumeeReading> readings(String deviceId, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> Readings.hs256(deviceId, i, Readings.MASTER_V2)).toList();
    }

    private static Run verify(Map<String, String> environment) {
        return run(environment, "archive", "verify");
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AdminCli.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static String base64Of(byte fill) {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, fill);
        return Base64.getEncoder().encodeToString(secret);
    }
}
