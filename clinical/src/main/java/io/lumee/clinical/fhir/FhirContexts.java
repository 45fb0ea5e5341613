package io.lumee.clinical.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * One {@link FhirContext} per FHIR version per process: building one scans the whole resource
 * model (seconds), and a built one is thread-safe for parsing, encoding and validation.
 */
public final class FhirContexts {

    private FhirContexts() {
    }

    public static FhirContext r4() {
        return R4.CONTEXT;
    }

    public static FhirContext r5() {
        return R5.CONTEXT;
    }

    // Holder classes: a process that only ever maps R4 never pays for the R5 model.
    private static final class R4 {
        static final FhirContext CONTEXT = FhirContext.forR4();
    }

    private static final class R5 {
        static final FhirContext CONTEXT = FhirContext.forR5();
    }
}
