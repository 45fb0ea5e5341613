package io.lumee.clinical;

import java.util.Objects;
import java.util.Set;

/**
 * How HL7 v2 names the authority behind a patient identifier (PID-3.4, an HD) and the identifier's
 * type (PID-3.5, table 0203). The EHR matches patients on these, so deployments configure one per
 * FHIR identifier system.
 *
 * @param namespaceId HD.1, the name the EHR knows the authority by, or null
 * @param universalId HD.2, an OID or URI, or null
 * @param universalIdType HD.3 (table 0301: ISO, URI, ...), required with universalId
 * @param identifierTypeCode PID-3.5, e.g. MR
 */
public record AssigningAuthority(String namespaceId, String universalId, String universalIdType,
        String identifierTypeCode) {

    private static final Set<String> UNIVERSAL_ID_TYPES =
            Set.of("DNS", "GUID", "HCD", "HL7", "ISO", "L", "M", "N", "Random", "URI", "UUID", "x400", "x500");

    public AssigningAuthority {
        if (namespaceId == null && universalId == null) {
            throw new IllegalArgumentException("assigning authority needs a namespace id or a universal id");
        }
        if (namespaceId != null) {
            TextRules.requireText(namespaceId, "assigning authority namespace id", 20);
        }
        if (universalId != null) {
            TextRules.requireText(universalId, "assigning authority universal id", 199);
            if (!UNIVERSAL_ID_TYPES.contains(universalIdType)) {
                throw new IllegalArgumentException("universal id type must be one of HL7 table 0301");
            }
        } else if (universalIdType != null) {
            throw new IllegalArgumentException("universal id type given without a universal id");
        }
        TextRules.requireText(identifierTypeCode, "identifier type code", 5);
    }

    /** An authority the EHR knows by name, for medical record numbers. */
    public static AssigningAuthority medicalRecordNumbers(String namespaceId) {
        return new AssigningAuthority(namespaceId, null, null, "MR");
    }

    /**
     * For a system nobody configured: the system itself as the universal id (an OID as ISO, anything
     * else as URI), typed PI (patient internal identifier), so the EHR can still match exactly.
     */
    public static AssigningAuthority fromSystem(String system) {
        Objects.requireNonNull(system, "system");
        if (system.startsWith("urn:oid:")) {
            return new AssigningAuthority(null, system.substring("urn:oid:".length()), "ISO", "PI");
        }
        return new AssigningAuthority(null, system, "URI", "PI");
    }
}
