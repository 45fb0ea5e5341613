package io.lumee.processor.outputs;

/** The clinical outputs a deployment switches on. */
public enum OutputKind {
    FHIR_R4, FHIR_R5, HL7V2
}
