package io.lumee.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.schemas.topics.TopicTable;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicOverridesTest {
    private static final Set<String> KNOWN =
            TopicTable.ALL.stream().map(spec -> spec.name()).collect(Collectors.toCollection(java.util.TreeSet::new));

    @Test
    void defaultsComeFromTheTopicTable() {
        DesiredTopic raw = TopicOverrides.parse(KNOWN, List.of(), List.of(), List.of())
                .apply(TopicTable.RAW, (short) 3, 2);

        assertThat(raw.partitions()).isEqualTo(12);
        assertThat(raw.replicationFactor()).isEqualTo((short) 3);
        assertThat(raw.configs()).containsEntry("min.insync.replicas", "2")
                .containsEntry("retention.ms", "604800000").containsEntry("cleanup.policy", "delete");
    }

    @Test
    void flagsOverrideTheTable() {
        TopicOverrides overrides = TopicOverrides.parse(KNOWN, List.of("lumee.fhir.r4=6"),
                List.of("lumee.audit=365d", "lumee.rejected=-1"), List.of("lumee.audit:compression.type=zstd"));

        assertThat(overrides.errors()).isEmpty();
        assertThat(overrides.apply(TopicTable.FHIR_R4, (short) 1, 1).partitions()).isEqualTo(6);
        assertThat(overrides.apply(TopicTable.AUDIT, (short) 1, 1).configs())
                .containsEntry("retention.ms", String.valueOf(365L * 24 * 3600 * 1000))
                .containsEntry("compression.type", "zstd");
        assertThat(overrides.apply(TopicTable.REJECTED, (short) 1, 1).configs()).containsEntry("retention.ms", "-1");
    }

    @Test
    void everyBadFlagIsReportedByName() {
        TopicOverrides overrides = TopicOverrides.parse(KNOWN, List.of("lumee.raw=zero", "lumee.nope=3", "garbage"),
                List.of("lumee.audit=forever"), List.of("lumee.audit=zstd"));

        assertThat(overrides.errors()).containsExactly(
                "--partitions lumee.raw=zero: expected a positive partition count, got \"zero\"",
                "--partitions lumee.nope=3: unknown topic \"lumee.nope\"; known: " + String.join(", ", KNOWN),
                "--partitions garbage: expected <topic>=<count>",
                "--retention lumee.audit=forever: expected a duration such as 7d, 12h, 30m, 90s, 500ms or -1, got \"forever\"",
                "--config lumee.audit=zstd: expected <topic>:<key>=<value>");
    }
}
