package io.lumee.clinical;

import java.math.BigDecimal;

/** How a double becomes the decimal text both FHIR and HL7 v2 carry. */
public final class Decimals {

    private Decimals() {
    }

    /**
     * The shortest decimal that reads back as the same double, never in exponent form: HL7 v2 NM
     * has none, and plain digits read the same to every FHIR and HL7 consumer.
     */
    public static BigDecimal exact(double value) {
        BigDecimal decimal = new BigDecimal(Double.toString(value));
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }

    /** {@link #exact} as plain text, e.g. {@code 42.5}. */
    public static String text(double value) {
        return exact(value).toPlainString();
    }
}
