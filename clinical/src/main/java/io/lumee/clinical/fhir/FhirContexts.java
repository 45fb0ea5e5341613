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

    /**
     * Our Bundles reference their entries by {@code urn:uuid} text, never by a resource object, so HAPI's
     * search for reference targets to contain (a walk of the whole Bundle before every encode) never finds
     * one: about a tenth of an R4 Bundle's encoding in the processor (docs/PERFORMANCE.md). The JSON is the
     * same either way.
     */
    private static FhirContext withoutAutoContain(FhirContext context) {
        context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        return context;
    }

    // Holder classes: a process that only ever maps R4 never pays for the R5 model.
    private static final class R4 {
        static final FhirContext CONTEXT = withoutAutoContain(FhirContext.forR4());
    }

    private static final class R5 {
        static final FhirContext CONTEXT = withoutAutoContain(FhirContext.forR5());
    }
}
