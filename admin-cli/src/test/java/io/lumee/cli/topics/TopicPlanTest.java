package io.lumee.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicPlanTest {
    private static final Set<String> CO_PARTITIONED = Set.of("lumee.raw", "lumee.devices");

    private static DesiredTopic desired(String name, int partitions) {
        return new DesiredTopic(name, partitions, (short) 1, Map.of("retention.ms", "604800000", "min.insync.replicas", "1"));
    }

    private static ExistingTopic existing(String name, int partitions) {
        return new ExistingTopic(name, partitions, 1, Map.of("retention.ms", "604800000", "min.insync.replicas", "1"));
    }

    @Test
    void missingTopicsAreCreated() {
        TopicPlan plan = TopicPlan.of(List.of(desired("lumee.raw", 12), desired("lumee.devices", 12)), Map.of(),
                CO_PARTITIONED, false);

        assertThat(plan.refused()).isFalse();
        assertThat(plan.changes()).extracting(TopicChange::topic).containsExactly("lumee.raw", "lumee.devices");
        assertThat(plan.changes()).allMatch(change -> change instanceof TopicChange.Create);
    }

    @Test
    void topicsAlreadyAsDesiredNeedNoChange() {
        TopicPlan plan = TopicPlan.of(List.of(desired("lumee.audit", 3)), Map.of("lumee.audit", existing("lumee.audit", 3)),
                CO_PARTITIONED, false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void shrinkingIsRefusedEvenWithMigrate() {
        TopicPlan plan = TopicPlan.of(List.of(desired("lumee.audit", 2)), Map.of("lumee.audit", existing("lumee.audit", 3)),
                CO_PARTITIONED, true);

        assertThat(plan.refusals()).singleElement().asString().contains("lumee.audit", "cannot shrink");
    }

    @Test
    void growingACoPartitionedTopicNeedsMigrate() {
        List<DesiredTopic> desired = List.of(desired("lumee.raw", 24), desired("lumee.devices", 24));
        Map<String, ExistingTopic> existing = Map.of("lumee.raw", existing("lumee.raw", 12),
                "lumee.devices", existing("lumee.devices", 12));

        TopicPlan refused = TopicPlan.of(desired, existing, CO_PARTITIONED, false);
        TopicPlan migrated = TopicPlan.of(desired, existing, CO_PARTITIONED, true);

        assertThat(refused.refusals()).hasSize(2).allMatch(line -> line.contains("--migrate"));
        assertThat(migrated.refused()).isFalse();
        assertThat(migrated.changes()).containsExactly(
                new TopicChange.AddPartitions("lumee.raw", 12, 24), new TopicChange.AddPartitions("lumee.devices", 12, 24));
    }

    @Test
    void growingAnOrdinaryTopicNeedsNoMigrate() {
        TopicPlan plan = TopicPlan.of(List.of(desired("lumee.fhir.r4", 24)),
                Map.of("lumee.fhir.r4", existing("lumee.fhir.r4", 12)), CO_PARTITIONED, false);

        assertThat(plan.changes()).containsExactly(new TopicChange.AddPartitions("lumee.fhir.r4", 12, 24));
    }

    @Test
    void unequalCoPartitionedCountsAreRefusedEvenForNewTopics() {
        TopicPlan plan = TopicPlan.of(List.of(desired("lumee.raw", 12), desired("lumee.devices", 6)), Map.of(),
                CO_PARTITIONED, true);

        assertThat(plan.refusals()).singleElement().asString().contains("lumee.raw=12", "lumee.devices=6");
    }

    @Test
    void onlyDifferingConfigsAreSet() {
        DesiredTopic wanted = new DesiredTopic("lumee.audit", 3, (short) 1,
                Map.of("retention.ms", "1000", "min.insync.replicas", "1"));

        TopicPlan plan = TopicPlan.of(List.of(wanted), Map.of("lumee.audit", existing("lumee.audit", 3)),
                CO_PARTITIONED, false);

        assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(TopicChange.AlterConfigs.class, alter -> {
            assertThat(alter.set()).containsExactly(Map.entry("retention.ms", "1000"));
            assertThat(alter.describe()).isEqualTo("update lumee.audit: retention.ms 604800000 -> 1000");
        });
    }

    @Test
    void replicationFactorDifferenceIsReportedNotChanged() {
        DesiredTopic wanted = new DesiredTopic("lumee.audit", 3, (short) 3,
                Map.of("retention.ms", "604800000", "min.insync.replicas", "1"));

        TopicPlan plan = TopicPlan.of(List.of(wanted), Map.of("lumee.audit", existing("lumee.audit", 3)),
                CO_PARTITIONED, false);

        assertThat(plan.refused()).isFalse();
        assertThat(plan.changes()).singleElement().isInstanceOf(TopicChange.Notice.class);
    }
}
