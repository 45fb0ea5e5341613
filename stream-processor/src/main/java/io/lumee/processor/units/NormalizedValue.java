package io.lumee.processor.units;

import io.lumee.clinical.MeasuredValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A value in its canonical UCUM unit, with the value and unit as reported when a conversion changed
 * the number (a renamed unit such as {@code mmHg} to {@code mm[Hg]} is not a conversion).
 */
public record NormalizedValue(MeasuredValue canonical, Optional<MeasuredValue> original) {
    public NormalizedValue {
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(original, "original");
    }
}
