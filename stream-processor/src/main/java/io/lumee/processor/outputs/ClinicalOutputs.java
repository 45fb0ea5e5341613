package io.lumee.processor.outputs;

import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.fhir.r4.R4BundleMapper;
import io.lumee.clinical.fhir.r5.R5BundleMapper;
import io.lumee.clinical.hl7.OruR01Mapper;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Step 9: a processed reading as each enabled output's text, through {@code clinical/}. */
public final class ClinicalOutputs {
    private final Set<OutputKind> enabled;
    private final MappingConfig mapping;
    private final R4BundleMapper r4;
    private final R5BundleMapper r5;
    private final OruR01Mapper hl7;

    public ClinicalOutputs(Set<OutputKind> enabled, MappingConfig mapping) {
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("at least one output must be enabled");
        }
        this.enabled = Set.copyOf(enabled);
        this.mapping = mapping;
        this.r4 = enabled.contains(OutputKind.FHIR_R4) ? new R4BundleMapper() : null;
        this.r5 = enabled.contains(OutputKind.FHIR_R5) ? new R5BundleMapper() : null;
        this.hl7 = enabled.contains(OutputKind.HL7V2) ? new OruR01Mapper() : null;
    }

    public Set<OutputKind> enabled() {
        return enabled;
    }

    /** Every enabled output, mapped; a mapping failure throws before anything is forwarded. */
    public Map<OutputKind, String> map(ProcessedReading reading) {
        Map<OutputKind, String> mapped = new EnumMap<>(OutputKind.class);
        if (r4 != null) {
            mapped.put(OutputKind.FHIR_R4, r4.mapToJson(reading, mapping));
        }
        if (r5 != null) {
            mapped.put(OutputKind.FHIR_R5, r5.mapToJson(reading, mapping));
        }
        if (hl7 != null) {
            mapped.put(OutputKind.HL7V2, hl7.mapToEr7(reading, mapping));
        }
        return mapped;
    }
}
