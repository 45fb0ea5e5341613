package io.lumee.clinical;

import java.util.Objects;

/**
 * The patient a reading belongs to, as the hospital identifies them: a FHIR identifier system
 * (an absolute URI, e.g. the MRN namespace) and the value within it.
 */
public record PatientIdentifier(String system, String value) {

    public PatientIdentifier {
        Objects.requireNonNull(system, "patient identifier system");
        Objects.requireNonNull(value, "patient identifier value");
        if (!TextRules.isAbsoluteUri(system)) {
            throw new IllegalArgumentException("patient identifier system must be an absolute URI without spaces");
        }
        TextRules.requireText(value, "patient identifier value", 128);
    }

    /** The system only: a patient identifier value must never reach a log line. */
    @Override
    public String toString() {
        return "PatientIdentifier[system=" + system + "]";
    }
}
