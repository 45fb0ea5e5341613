package io.lumee.clinical.fhir;

import java.math.BigDecimal;

/** A version-neutral extension on the Observation, one of the {@link LumeeExtension} kinds. */
public sealed interface ExtensionValue {

    LumeeExtension extension();

    record DecimalValue(LumeeExtension extension, BigDecimal value) implements ExtensionValue {
    }

    record StringValue(LumeeExtension extension, String value) implements ExtensionValue {
    }

    /** A quantity in a free-text unit (the unit as the device reported it; no UCUM code). */
    record QuantityValue(LumeeExtension extension, BigDecimal value, String unit) implements ExtensionValue {
    }

    /** A logical reference: type and identifier only, never a literal reference the server must resolve. */
    record ReferenceValue(LumeeExtension extension, String type, String system, String value)
            implements ExtensionValue {
    }
}
