package io.lumee.testkit.fhir;

/** The FHIR versions the testkit's server speaks; one server (and JVM) per version. */
public enum FhirVersion {
    R4,
    R5
}
