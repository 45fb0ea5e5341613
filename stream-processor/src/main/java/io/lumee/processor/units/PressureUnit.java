package io.lumee.processor.units;

/** The UCUM unit partial-pressure readings are normalized to, by deployment. */
public enum PressureUnit {
    MM_HG("mm[Hg]"),
    KPA("kPa");

    private final String ucum;

    PressureUnit(String ucum) {
        this.ucum = ucum;
    }

    public String ucum() {
        return ucum;
    }
}
