package io.lumee.clinical.fhir;

/**
 * The extensions a Lumee Observation carries. Each has a StructureDefinition (context Observation)
 * under {@code lumee/fhir/<version>/} on the classpath, so the validator checks them instead of waving
 * them through.
 */
public enum LumeeExtension {
    /** valueDecimal in [0, 1]: the device's signal quality. */
    SIGNAL_QUALITY("signal-quality"),
    /** valueString: the device SDK's version. */
    SDK_VERSION("sdk-version"),
    /** valueString: the device's firmware version at the time of the reading. */
    FIRMWARE_VERSION("firmware-version"),
    /** valueQuantity: the value and free-text unit as reported, when the processor converted them. */
    ORIGINAL_VALUE("original-value"),
    /** valueString: the version of the reading schema the reading arrived in. */
    SCHEMA_VERSION("schema-version"),
    /** valueString: the version of the pipeline that mapped the reading. */
    PIPELINE_VERSION("pipeline-version"),
    /** valueReference(Consent), by identifier: the consent in force for the patient assignment. */
    CONSENT("consent");

    /** Where our StructureDefinitions are published; extension URLs are this plus the slug. */
    public static final String BASE = "https://lumee.io/fhir/StructureDefinition/";

    private final String slug;

    LumeeExtension(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public String url() {
        return BASE + slug;
    }
}
