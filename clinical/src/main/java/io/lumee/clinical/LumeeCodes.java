package io.lumee.clinical;

/**
 * The concepts of the Lumee CodeSystem ({@code lumee/fhir/<version>/CodeSystem-lumee-observation.json} on the classpath),
 * used as FHIR codings and as HL7 v2 coded elements alike.
 */
public enum LumeeCodes {
    TISSUE_O2("tissue-o2", "Tissue oxygen"),
    SIGNAL_QUALITY("signal-quality", "Signal quality"),
    LOW_SIGNAL_QUALITY("low-signal-quality", "Low signal quality");

    private final String code;
    private final String display;

    LumeeCodes(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
