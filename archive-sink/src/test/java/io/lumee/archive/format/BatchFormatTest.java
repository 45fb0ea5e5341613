package io.lumee.archive.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.archive.store.ArchiveMetadata;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.DeviceRegistration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The archive object's plaintext: an Avro container file that gives back every byte, header and coordinate. */
class BatchFormatTest {
    private static final ArchiveRange RANGE = new ArchiveRange("lumee.devices", 3, 10, 20);

    @Test
    void recordsComeBackByteForByteWithTheirSchemasAndRange() {
        ArchivedRecord withEverything = new ArchivedRecord("lumee.devices", 3, 11, Instant.parse("2026-11-20T10:00:01Z"), "CreateTime",
                "device-1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 7, 1, 2},
                List.of(new ArchivedRecord.ArchivedHeader("lumee-reading-id", "r".getBytes(StandardCharsets.UTF_8)),
                        new ArchivedRecord.ArchivedHeader("lumee-reading-id", null)));
        ArchivedRecord tombstone = new ArchivedRecord("lumee.devices", 3, 17, Instant.parse("2026-11-19T23:59:59Z"), "LogAppendTime",
                null, null, List.of());

        EncodedBatch batch = BatchWriter.write(RANGE, List.of(withEverything, tombstone),
                Map.of(7, DeviceRegistration.getClassSchema().toString(), 8, AuditRecord.getClassSchema().toString()));
        DecodedBatch decoded = BatchReader.read(batch.content());

        assertThat(decoded.declaredRange()).isEqualTo(RANGE);
        assertThat(decoded.records()).hasSize(2);
        ArchivedRecord first = decoded.records().get(0);
        assertThat(first.offset()).isEqualTo(11);
        assertThat(first.key()).isEqualTo(withEverything.key());
        assertThat(first.value()).isEqualTo(withEverything.value());
        assertThat(first.headers()).extracting(ArchivedRecord.ArchivedHeader::key).containsExactly("lumee-reading-id", "lumee-reading-id");
        assertThat(first.headers().get(1).value()).isNull();
        assertThat(decoded.records().get(1).value()).isNull();
        assertThat(decoded.records().get(1).timestampType()).isEqualTo("LogAppendTime");
        assertThat(decoded.writerSchemas()).containsOnlyKeys(7, 8);
        assertThat(decoded.writerSchemas().get(7)).isEqualTo(DeviceRegistration.getClassSchema());
        ArchiveMetadata metadata = batch.metadata();
        assertThat(metadata.records()).isEqualTo(2);
        assertThat(metadata.firstRecordDate()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(metadata.minTimestamp()).isEqualTo(tombstone.timestamp());
        assertThat(metadata.sha256()).isEqualTo(BatchWriter.sha256(batch.content()));
        assertThat(ArchiveMetadata.fromMap(metadata.toMap()).orElseThrow().sha256Hex()).isEqualTo(metadata.sha256Hex());
    }

    @Test
    void aRecordOutsideTheRangeIsRefusedAndGarbageIsNotABatch() {
        ArchivedRecord outside = new ArchivedRecord("lumee.devices", 3, 20, Instant.EPOCH, "CreateTime", null, null, List.of());

        assertThatThrownBy(() -> BatchWriter.write(RANGE, List.of(outside), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> BatchReader.read("not avro".getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedBatchException.class);
    }
}
