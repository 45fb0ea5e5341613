package io.lumee.clinical;

import io.lumee.clinical.validation.FhirResourceValidator;
import io.lumee.clinical.validation.OruR01Validator;

/**
 * One validator of each kind per test JVM: the FHIR ones take seconds to warm up (R5 ~12 s), so
 * every test class and the property test share these.
 */
public final class SharedValidators {

    private SharedValidators() {
    }

    public static FhirResourceValidator r4() {
        return R4.VALIDATOR;
    }

    public static FhirResourceValidator r5() {
        return R5.VALIDATOR;
    }

    public static OruR01Validator hl7() {
        return Hl7.VALIDATOR;
    }

    private static final class R4 {
        static final FhirResourceValidator VALIDATOR = FhirResourceValidator.r4();
    }

    private static final class R5 {
        static final FhirResourceValidator VALIDATOR = FhirResourceValidator.r5();
    }

    private static final class Hl7 {
        static final OruR01Validator VALIDATOR = new OruR01Validator();
    }
}
