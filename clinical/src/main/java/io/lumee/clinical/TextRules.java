package io.lumee.clinical;

import java.util.regex.Pattern;

/** The text shapes the clinical records accept, shared by their compact constructors. */
final class TextRules {

    private static final Pattern ABSOLUTE_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");

    private TextRules() {
    }

    static boolean isAbsoluteUri(String text) {
        return ABSOLUTE_URI.matcher(text).matches();
    }

    /** No control characters: they would break an HL7 segment or a FHIR string. */
    static boolean isPrintable(String text) {
        return text.codePoints().noneMatch(Character::isISOControl);
    }

    /** 1 to maxLength printable characters, not starting or ending with whitespace. */
    static String requireText(String text, String name, int maxLength) {
        if (text == null || text.isBlank() || text.length() > maxLength || !isPrintable(text)
                || !text.strip().equals(text)) {
            throw new IllegalArgumentException(name + " must be 1-" + maxLength
                    + " printable characters without surrounding whitespace");
        }
        return text;
    }
}
