package io.lumee.clinical;

import java.util.Objects;

/**
 * The range a deployment's clinicians call normal, in one UCUM unit. It applies only to readings
 * whose canonical unit is that unit: a range is never converted.
 */
public record ReferenceRange(double low, double high, String ucumUnit) {

    /** Where a value falls, with its HL7 table 0078 code. */
    public enum Flag {
        LOW("L"), NORMAL("N"), HIGH("H");

        private final String hl7Code;

        Flag(String hl7Code) {
            this.hl7Code = hl7Code;
        }

        /** The table 0078 / v3 ObservationInterpretation code: L, N or H. */
        public String code() {
            return hl7Code;
        }
    }

    public ReferenceRange {
        Objects.requireNonNull(ucumUnit, "ucumUnit");
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("reference range needs finite low <= high");
        }
        TextRules.requireText(ucumUnit, "reference range unit", 32);
    }

    public boolean appliesTo(MeasuredValue value) {
        return value.unit().equals(ucumUnit);
    }

    public Flag classify(double value) {
        if (value < low) {
            return Flag.LOW;
        }
        return value > high ? Flag.HIGH : Flag.NORMAL;
    }
}
