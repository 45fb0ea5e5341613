package io.lumee.clinical.fhir;

/** A version-neutral coding: the R4 and R5 mappers each turn it into their model's Coding. */
public record Code(String system, String code, String display) {

    public static final String UCUM = "http://unitsofmeasure.org";

    /**
     * {@code exam}, not {@code vital-signs}: tissue oxygen is not one of the core vital signs, and
     * that category obliges the vital-signs profile, whose code binding wants a LOINC vital-sign
     * code we must not invent. The binding is preferred, so {@code exam} ("observations ... using
     * simple instruments ... directly on the patient's body") is allowed and is the closest fit.
     */
    public static final Code CATEGORY_EXAM =
            new Code("http://terminology.hl7.org/CodeSystem/observation-category", "exam", "Exam");

    /** The device originated the content it signed. */
    public static final Code AGENT_AUTHOR =
            new Code("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author");

    /** The pipeline assembled the Observation from the device's reading. */
    public static final Code AGENT_ASSEMBLER =
            new Code("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler");

    /** ASTM E1762 "Source Signature": the signature of the entity the data came from. */
    public static final Code SIGNATURE_SOURCE =
            new Code("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.14", "Source Signature");

    /** v3 ObservationInterpretation for a value outside the configured reference range. */
    public static final Code INTERPRETATION_LOW =
            new Code("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "L", "Low");

    public static final Code INTERPRETATION_HIGH =
            new Code("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High");
}
