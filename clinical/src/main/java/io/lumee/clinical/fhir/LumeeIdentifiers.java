package io.lumee.clinical.fhir;

/** The identifier systems the Lumee pipeline names its own things with. */
public final class LumeeIdentifiers {

    /** A reading, value {@code <deviceId>:<epoch>:<sequence>}: Observation.identifier and Provenance entity. */
    public static final String READING = "urn:lumee:reading";
    /** A device, value the deviceId. */
    public static final String DEVICE = "urn:lumee:device";
    /** A Kafka record, value {@code <topic>/<partition>/<offset>}. */
    public static final String SOURCE_RECORD = "urn:lumee:kafka-record";
    /** This software, value {@code lumee-pipeline/<version>}. */
    public static final String SOFTWARE = "urn:lumee:software";
    /** A consent, value the consent reference recorded with the patient assignment. */
    public static final String CONSENT = "urn:lumee:consent";

    private LumeeIdentifiers() {
    }

    /** The {@link #SOFTWARE} identifier value of a pipeline version. */
    public static String softwareValue(String pipelineVersion) {
        return "lumee-pipeline/" + pipelineVersion;
    }
}
