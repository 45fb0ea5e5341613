package io.lumee.fhirsink;

import ca.uhn.fhir.context.FhirContext;
import io.lumee.schemas.topics.Topic;
import io.lumee.schemas.topics.Topics;
import java.util.Locale;

/** The FHIR versions the sink can drain, each from its own topic into its own server. */
public enum FhirVersion {
    R4,
    R5;

    public Topic<String, String> topic(Topics topics) {
        return this == R4 ? topics.fhirR4() : topics.fhirR5();
    }

    /** A context of its own per sink: the sink sets its HTTP client factory on it. */
    public FhirContext newContext() {
        return this == R4 ? FhirContext.forR4() : FhirContext.forR5();
    }

    /** {@code r4} or {@code r5}, for names: {@code fhir-r4}, {@code LUMEE_FHIR_R4_BASE_URL}. */
    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
