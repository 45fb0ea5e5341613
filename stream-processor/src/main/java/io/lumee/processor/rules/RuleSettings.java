package io.lumee.processor.rules;

import io.lumee.clinical.MappingConfig;
import io.lumee.processor.outputs.OutputKind;
import io.lumee.processor.plausibility.PlausibilityRules;
import io.lumee.processor.units.PressureUnit;
import io.lumee.protocol.MasterSecrets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the topology's rules are configured with; the processor's config builds it from the
 * environment, tests build it directly.
 *
 * @param rawPartitions the partition count of {@code lumee.raw}, for the partition check
 * @param duplicateWindow how long readingIds are remembered; older readings are STALE
 * @param maxRunsPerDevice bound on a device's duplicate-filter entry (runs of consecutive sequences)
 * @param orphanHold how long a reading may wait for a registration or assignment
 * @param orphanCheckInterval how often expired holds are looked for (wall-clock)
 * @param completenessInterval the interval over which each device's completeness is measured (wall-clock)
 */
public record RuleSettings(
        int rawPartitions,
        MasterSecrets masterSecrets,
        Duration duplicateWindow,
        int maxRunsPerDevice,
        PressureUnit pressureUnit,
        PlausibilityRules plausibility,
        boolean consentRequired,
        Duration orphanHold,
        Duration orphanCheckInterval,
        Duration completenessInterval,
        Set<OutputKind> outputs,
        MappingConfig mapping) {

    public RuleSettings {
        if (rawPartitions < 1) {
            throw new IllegalArgumentException("rawPartitions must be at least 1");
        }
        Objects.requireNonNull(masterSecrets, "masterSecrets");
        requirePositive(duplicateWindow, "duplicateWindow");
        if (maxRunsPerDevice < 1) {
            throw new IllegalArgumentException("maxRunsPerDevice must be at least 1");
        }
        Objects.requireNonNull(pressureUnit, "pressureUnit");
        Objects.requireNonNull(plausibility, "plausibility");
        requirePositive(orphanHold, "orphanHold");
        requirePositive(orphanCheckInterval, "orphanCheckInterval");
        requirePositive(completenessInterval, "completenessInterval");
        outputs = Set.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("at least one output must be enabled");
        }
        Objects.requireNonNull(mapping, "mapping");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
