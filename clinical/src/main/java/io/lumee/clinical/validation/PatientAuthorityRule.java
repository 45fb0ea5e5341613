package io.lumee.clinical.validation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.ValidationException;
import ca.uhn.hl7v2.validation.impl.AbstractMessageRule;

/** PID-3.4 needs a namespace id or a universal id with its type: one of two, which a terser rule cannot say. */
final class PatientAuthorityRule extends AbstractMessageRule {

    private static final long serialVersionUID = 1L;

    @Override
    public ValidationException[] apply(Message message) {
        try {
            Terser terser = new Terser(message);
            String namespace = terser.get("/PATIENT_RESULT/PATIENT/PID-3-4-1");
            String universalId = terser.get("/PATIENT_RESULT/PATIENT/PID-3-4-2");
            String universalIdType = terser.get("/PATIENT_RESULT/PATIENT/PID-3-4-3");
            boolean named = namespace != null && !namespace.isBlank();
            boolean universal = universalId != null && !universalId.isBlank()
                    && universalIdType != null && !universalIdType.isBlank();
            return named || universal ? passed() : failed("PID-3.4 (assigning authority) is missing");
        } catch (HL7Exception e) {
            return failed("PID-3 cannot be read");
        }
    }
}
