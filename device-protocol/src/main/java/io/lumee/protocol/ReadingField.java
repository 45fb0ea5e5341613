package io.lumee.protocol;

/**
 * The members of a reading, with what each must be. Problem messages name the member and the
 * rule, never the value: reading values are PHI-adjacent and problems end up in logs and DLQs.
 */
enum ReadingField {
    DEVICE_ID("deviceId", "1-64 characters of [A-Za-z0-9._-]"),
    EPOCH("epoch", "an integer in [0, 2^31)"),
    SEQUENCE("sequence", "an integer in [0, 2^63)"),
    TIMESTAMP("timestamp", "RFC 3339 UTC with exactly three fractional digits, like 2026-01-18T14:32:12.345Z"),
    TISSUE_O2("tissueO2", "a finite number"),
    UNITS("units", "a non-blank string of at most " + ReadingRules.MAX_UNITS_LENGTH + " characters"),
    SIGNAL_QUALITY("signalQuality", "a number in [0, 1]"),
    SDK_VERSION("sdkVersion", "a non-blank string of at most " + ReadingRules.MAX_VERSION_LENGTH + " characters"),
    FIRMWARE("firmware", "a non-blank string of at most " + ReadingRules.MAX_VERSION_LENGTH + " characters");

    private final String jsonName;
    private final String requirement;

    ReadingField(String jsonName, String requirement) {
        this.jsonName = jsonName;
        this.requirement = requirement;
    }

    String jsonName() {
        return jsonName;
    }

    String invalid() {
        return jsonName + ": must be " + requirement;
    }

    String missing() {
        return jsonName + ": missing";
    }
}
