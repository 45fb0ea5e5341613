package io.lumee.clinical;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard code a deployment maps the Lumee observation to (a LOINC or SNOMED CT code its
 * terminology team chose). The mappings invent none; they send what is configured.
 *
 * @param system the code system URI, e.g. {@code http://loinc.org}
 * @param code the code
 * @param display its display text, or null
 */
public record MappedCoding(String system, String code, String display) {

    /** HL7 v2 table 0396 names for the systems an EHR is likely to match on. */
    private static final Map<String, String> HL7_CODING_SYSTEMS = Map.of(
            "http://loinc.org", "LN",
            "http://snomed.info/sct", "SCT");

    public MappedCoding {
        Objects.requireNonNull(system, "coding system");
        if (!TextRules.isAbsoluteUri(system)) {
            throw new IllegalArgumentException("coding system must be an absolute URI");
        }
        TextRules.requireText(code, "code", 64);
        if (display != null) {
            TextRules.requireText(display, "display", 199);
        }
    }

    /** The HL7 v2 coding-system name (table 0396), for the systems HL7 v2 names. */
    public Optional<String> hl7CodingSystem() {
        return Optional.ofNullable(HL7_CODING_SYSTEMS.get(system));
    }
}
