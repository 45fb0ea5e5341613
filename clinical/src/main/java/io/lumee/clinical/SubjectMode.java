package io.lumee.clinical;

/** How a FHIR Observation names its patient. */
public enum SubjectMode {
    /**
     * The default: the subject is the conditional reference {@code Patient?identifier=system|value},
     * resolved by the FHIR server, which refuses the whole transaction when no such Patient exists
     * (the reading then ends as {@code SINK_REJECTED}): the hospital owns patient registration.
     */
    LOOKUP,
    /**
     * The Bundle also conditionally creates a minimal Patient holding only the identifier (like
     * iomt-fhir's Create mode), for stores that nobody else populates.
     */
    CREATE
}
