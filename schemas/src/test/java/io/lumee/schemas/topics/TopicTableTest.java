package io.lumee.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicTableTest {

    @Test
    void devicesIsCoPartitionedWithRaw() {
        assertThat(TopicTable.DEVICES.partitions()).isEqualTo(TopicTable.RAW.partitions());
        assertThat(TopicTable.CO_PARTITIONED).containsExactly(TopicTable.RAW, TopicTable.DEVICES);
    }

    @Test
    void devicesIsCompactedNoSoonerThanAWeekSoTheArchiveSeesEveryVersion() {
        assertThat(TopicTable.DEVICES.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Long.parseLong(TopicTable.DEVICES.configs().get("min.compaction.lag.ms")))
                .isGreaterThanOrEqualTo(Duration.ofDays(7).toMillis());
    }

    @Test
    void tableMatchesTheWireContract() {
        assertThat(TopicTable.ALL).extracting(TopicSpec::name).containsExactly(
                "lumee.raw", "lumee.devices", "lumee.fhir.r4", "lumee.fhir.r5", "lumee.hl7v2.oru",
                "lumee.rejected", "lumee.orphans", "lumee.audit");
        assertThat(TopicTable.ALL).extracting(TopicSpec::partitions).containsExactly(12, 12, 12, 12, 12, 3, 12, 3);
        assertThat(TopicTable.REJECTED.configs()).containsEntry("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()));
        assertThat(TopicTable.AUDIT.configs()).containsEntry("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()));
        assertThat(TopicTable.RAW.configs()).containsEntry("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()));
    }

    @Test
    void topicsAreFoundByName() {
        assertThat(TopicTable.byName("lumee.audit")).contains(TopicTable.AUDIT);
        assertThat(TopicTable.byName("lumee.nope")).isEmpty();
    }
}
