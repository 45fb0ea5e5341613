package io.lumee.clinical.validation;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.ValidationException;
import ca.uhn.hl7v2.validation.impl.AbstractMessageRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Every OBX, not only the first, holds what the interface promises. A terser rule names one
 * repetition; this walks them all.
 */
final class ObservationRule extends AbstractMessageRule {

    private static final long serialVersionUID = 1L;

    private record Required(int field, int component, String name) {
    }

    private static final List<Required> REQUIRED = List.of(
            new Required(1, 1, "set id"),
            new Required(3, 1, "observation identifier"),
            new Required(3, 3, "observation coding system"),
            new Required(5, 1, "observation value"),
            new Required(6, 1, "units"),
            new Required(14, 1, "observation date/time"),
            new Required(18, 1, "equipment instance identifier"));

    @Override
    public ValidationException[] apply(Message message) {
        if (!(message instanceof ORU_R01 oru)) {
            return failed("not a v2.5.1 ORU^R01");
        }
        List<ValidationException> problems = new ArrayList<>();
        try {
            List<ORU_R01_OBSERVATION> observations = oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONAll();
            if (observations.isEmpty() || observations.get(0).getOBX().isEmpty()) {
                return failed("at least one OBX is required");
            }
            for (int i = 0; i < observations.size(); i++) {
                check(observations.get(i).getOBX(), i + 1, problems);
            }
        } catch (HL7Exception e) {
            return failed("the OBSERVATION groups cannot be read");
        }
        return problems.toArray(new ValidationException[0]);
    }

    private static void check(OBX obx, int number, List<ValidationException> problems) throws HL7Exception {
        for (Required required : REQUIRED) {
            String value = Terser.get(obx, required.field(), 0, required.component(), 1);
            if (value == null || value.isBlank()) {
                problems.add(problem(number, "OBX-" + required.field() + "." + required.component()
                        + " (" + required.name() + ") is required"));
            }
        }
        expect(obx, 2, "NM", number, problems);
        expect(obx, 11, "F", number, problems);
        if (!"UCUM".equals(Terser.get(obx, 6, 0, 3, 1))) {
            problems.add(problem(number, "OBX-6.3 (units coding system) must be UCUM"));
        }
    }

    private static void expect(OBX obx, int field, String expected, int number, List<ValidationException> problems)
            throws HL7Exception {
        if (!expected.equals(Terser.get(obx, field, 0, 1, 1))) {
            problems.add(problem(number, "OBX-" + field + " must be " + expected));
        }
    }

    private static ValidationException problem(int obxNumber, String text) {
        ValidationException problem = new ValidationException("OBX #" + obxNumber + ": " + text);
        problem.setSegmentName("OBX");
        problem.setSegmentRepetition(obxNumber);
        return problem;
    }
}
