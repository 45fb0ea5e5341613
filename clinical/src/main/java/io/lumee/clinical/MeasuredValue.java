package io.lumee.clinical;

import java.util.Objects;

/**
 * A numeric value with its unit: the canonical reading (unit is a UCUM code) or the value as the
 * device reported it before conversion (unit is the SDK's free text).
 *
 * @param value finite
 * @param unit non-blank, at most 32 characters
 */
public record MeasuredValue(double value, String unit) {

    public MeasuredValue {
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("measured value must be finite");
        }
        if (unit.isBlank() || unit.length() > 32) {
            throw new IllegalArgumentException("unit must be 1-32 non-blank characters");
        }
    }

    /** The unit only: a reading value must never reach a log line. */
    @Override
    public String toString() {
        return "MeasuredValue[unit=" + unit + "]";
    }
}
