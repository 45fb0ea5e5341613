package io.lumee.clinical;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deployment choices for the FHIR and HL7 v2 mappings. Everything that differs between hospitals
 * lives here; everything else is fixed by the interface specs in {@code docs/}.
 *
 * @param codeSystemUrl the URL of the Lumee CodeSystem the observation code comes from
 * @param extraCodings standard codes added to the observation code; empty unless a deployment's
 *     terminology team mapped one (the mappings invent no LOINC code)
 * @param subjectMode how the FHIR Observation names its patient
 * @param sendingApplication MSH-3.1
 * @param sendingFacility MSH-4.1
 * @param receivingApplication MSH-5.1 (MSH-6 comes from the device's facility)
 * @param processingId MSH-11: P (production), T (training) or D (debugging)
 * @param assigningAuthorities PID-3 authority per FHIR patient identifier system; a system not
 *     listed is sent as its own universal id
 * @param referenceRange the normal range (OBX-7, OBX-8, Observation.referenceRange), or null
 * @param signalQualityObx whether the ORU carries signal quality as a second OBX
 * @param hl7CodingSystem the HL7 v2 name (table 0396 local form) of the Lumee CodeSystem
 * @param pipelineVersion the version of the software producing the mapping
 * @param schemaVersion the version of the {@code LumeeReading} schema the reading arrived in
 */
public record MappingConfig(
        String codeSystemUrl,
        List<MappedCoding> extraCodings,
        SubjectMode subjectMode,
        String sendingApplication,
        String sendingFacility,
        String receivingApplication,
        String processingId,
        Map<String, AssigningAuthority> assigningAuthorities,
        ReferenceRange referenceRange,
        boolean signalQualityObx,
        String hl7CodingSystem,
        String pipelineVersion,
        String schemaVersion) {

    /** The URL the bundled Lumee CodeSystem is published under. */
    public static final String LUMEE_CODE_SYSTEM = "https://lumee.io/fhir/CodeSystem/lumee-observation";

    private static final Set<String> PROCESSING_IDS = Set.of("P", "T", "D");

    public MappingConfig {
        Objects.requireNonNull(codeSystemUrl, "codeSystemUrl");
        Objects.requireNonNull(subjectMode, "subjectMode");
        if (!TextRules.isAbsoluteUri(codeSystemUrl)) {
            throw new IllegalArgumentException("codeSystemUrl must be an absolute URI");
        }
        extraCodings = List.copyOf(Objects.requireNonNull(extraCodings, "extraCodings"));
        TextRules.requireText(sendingApplication, "sendingApplication", 20);
        TextRules.requireText(sendingFacility, "sendingFacility", 20);
        TextRules.requireText(receivingApplication, "receivingApplication", 20);
        if (!PROCESSING_IDS.contains(processingId)) {
            throw new IllegalArgumentException("processingId must be P, T or D");
        }
        assigningAuthorities = Map.copyOf(Objects.requireNonNull(assigningAuthorities, "assigningAuthorities"));
        Objects.requireNonNull(hl7CodingSystem, "hl7CodingSystem");
        if (!hl7CodingSystem.matches("99[A-Za-z0-9]{3}|L")) {
            throw new IllegalArgumentException("hl7CodingSystem must be a local table 0396 name: 99zzz or L");
        }
        TextRules.requireText(pipelineVersion, "pipelineVersion", 64);
        TextRules.requireText(schemaVersion, "schemaVersion", 64);
    }

    /** Defaults that work in the embedded stack; deployments override what their EHR expects. */
    public static MappingConfig defaults(String pipelineVersion, String schemaVersion) {
        return builder(pipelineVersion, schemaVersion).build();
    }

    /** A builder starting from {@link #defaults}. */
    public static Builder builder(String pipelineVersion, String schemaVersion) {
        return new Builder(pipelineVersion, schemaVersion);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(pipelineVersion, schemaVersion).codeSystemUrl(codeSystemUrl).extraCodings(extraCodings)
                .subjectMode(subjectMode).sendingApplication(sendingApplication).sendingFacility(sendingFacility)
                .receivingApplication(receivingApplication).processingId(processingId)
                .assigningAuthorities(assigningAuthorities).referenceRange(referenceRange)
                .signalQualityObx(signalQualityObx).hl7CodingSystem(hl7CodingSystem);
    }

    /** PID-3's authority for a patient identifier system: configured, else the system itself. */
    public AssigningAuthority assigningAuthorityFor(String system) {
        AssigningAuthority configured = assigningAuthorities.get(system);
        return configured != null ? configured : AssigningAuthority.fromSystem(system);
    }

    /** Collects settings; {@link #build} validates them all at once. */
    public static final class Builder {
        private final String pipelineVersion;
        private final String schemaVersion;
        private String codeSystemUrl = LUMEE_CODE_SYSTEM;
        private List<MappedCoding> extraCodings = List.of();
        private SubjectMode subjectMode = SubjectMode.LOOKUP;
        private String sendingApplication = "LUMEE";
        private String sendingFacility = "LUMEE";
        private String receivingApplication = "EHR";
        private String processingId = "P";
        private Map<String, AssigningAuthority> assigningAuthorities = Map.of();
        private ReferenceRange referenceRange;
        private boolean signalQualityObx = true;
        private String hl7CodingSystem = "99LUM";

        private Builder(String pipelineVersion, String schemaVersion) {
            this.pipelineVersion = pipelineVersion;
            this.schemaVersion = schemaVersion;
        }

        public Builder codeSystemUrl(String url) {
            this.codeSystemUrl = url;
            return this;
        }

        public Builder extraCodings(List<MappedCoding> codings) {
            this.extraCodings = codings;
            return this;
        }

        public Builder subjectMode(SubjectMode mode) {
            this.subjectMode = mode;
            return this;
        }

        public Builder sendingApplication(String application) {
            this.sendingApplication = application;
            return this;
        }

        public Builder sendingFacility(String facility) {
            this.sendingFacility = facility;
            return this;
        }

        public Builder receivingApplication(String application) {
            this.receivingApplication = application;
            return this;
        }

        public Builder processingId(String id) {
            this.processingId = id;
            return this;
        }

        public Builder assigningAuthorities(Map<String, AssigningAuthority> authorities) {
            this.assigningAuthorities = authorities;
            return this;
        }

        /** Null for none. */
        public Builder referenceRange(ReferenceRange range) {
            this.referenceRange = range;
            return this;
        }

        public Builder signalQualityObx(boolean include) {
            this.signalQualityObx = include;
            return this;
        }

        public Builder hl7CodingSystem(String name) {
            this.hl7CodingSystem = name;
            return this;
        }

        public MappingConfig build() {
            return new MappingConfig(codeSystemUrl, extraCodings, subjectMode, sendingApplication, sendingFacility,
                    receivingApplication, processingId, assigningAuthorities, referenceRange, signalQualityObx,
                    hl7CodingSystem, pipelineVersion, schemaVersion);
        }
    }
}
