package io.lumee.clinical;

/**
 * Where the reading was read from: the Kafka record on {@code lumee.raw} (or a replay of it), so
 * the FHIR Provenance can point back at the archived original.
 */
public record SourceCoordinates(String topic, int partition, long offset) {

    public SourceCoordinates {
        TextRules.requireText(topic, "source topic", 249);
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("source partition and offset must be >= 0");
        }
    }

    /** {@code <topic>/<partition>/<offset>}, the form the Provenance entity and the docs use. */
    public String text() {
        return topic + "/" + partition + "/" + offset;
    }
}
