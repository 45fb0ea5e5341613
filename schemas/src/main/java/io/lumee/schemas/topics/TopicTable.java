package io.lumee.schemas.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DESIGN.md's topic table, the one place that names each topic with its partitions and cleanup. */
public final class TopicTable {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    public static final TopicSpec RAW = deleteAfter("lumee.raw", 12, WEEK);
    /**
     * Co-partitioned with {@link #RAW}: a registration change must reach the task holding the device's
     * state. Compaction waits a week so the archive-sink sees every version, signing keys included.
     */
    public static final TopicSpec DEVICES = new TopicSpec("lumee.devices", 12, Map.of(
            "cleanup.policy", "compact",
            "min.compaction.lag.ms", millis(WEEK)));
    public static final TopicSpec FHIR_R4 = deleteAfter("lumee.fhir.r4", 12, WEEK);
    public static final TopicSpec FHIR_R5 = deleteAfter("lumee.fhir.r5", 12, WEEK);
    public static final TopicSpec HL7V2_ORU = deleteAfter("lumee.hl7v2.oru", 12, WEEK);
    public static final TopicSpec REJECTED = deleteAfter("lumee.rejected", 3, MONTH);
    public static final TopicSpec ORPHANS = deleteAfter("lumee.orphans", 12, WEEK);
    public static final TopicSpec AUDIT = deleteAfter("lumee.audit", 3, MONTH);

    public static final List<TopicSpec> ALL =
            List.of(RAW, DEVICES, FHIR_R4, FHIR_R5, HL7V2_ORU, REJECTED, ORPHANS, AUDIT);

    /** Topics whose partition count holds per-device state: changing it strands that state. */
    public static final List<TopicSpec> CO_PARTITIONED = List.of(RAW, DEVICES);

    private TopicTable() {}

    public static Optional<TopicSpec> byName(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    private static TopicSpec deleteAfter(String name, int partitions, Duration retention) {
        return new TopicSpec(name, partitions, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", millis(retention)));
    }

    private static String millis(Duration duration) {
        return String.valueOf(duration.toMillis());
    }
}
