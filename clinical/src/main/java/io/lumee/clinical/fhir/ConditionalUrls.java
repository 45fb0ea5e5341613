package io.lumee.clinical.fhir;

import io.lumee.clinical.PatientIdentifier;
import java.nio.charset.StandardCharsets;

/**
 * The search strings of conditional creates ({@code ifNoneExist}) and conditional references,
 * escaped so that any identifier value stays one token parameter.
 */
public final class ConditionalUrls {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ConditionalUrls() {
    }

    /** {@code identifier=<system>|<value>}, for {@code Bundle.entry.request.ifNoneExist}. */
    public static String identifierQuery(String system, String value) {
        // a value's '/' is escaped too: HAPI's official validator (8.8) throws on a conditional reference
        // ending in '/' (it splits the reference on '/'), and servers decode %2F back to '/'
        return "identifier=" + urlEscape(tokenEscape(system)) + "|" + urlEscape(tokenEscape(value)).replace("/", "%2F");
    }

    /** {@code Patient?identifier=<system>|<value>}: the server resolves it when storing. */
    public static String patientReference(PatientIdentifier patient) {
        return "Patient?" + identifierQuery(patient.system(), patient.value());
    }

    /** FHIR search escapes {@code \ | , $} inside a token with a backslash. */
    private static String tokenEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '|' || c == ',' || c == '$') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Percent-encodes everything but unreserved characters and the URI punctuation servers take
     * literally in a query ({@code : / @ ! ' ( ) * ; , $}), so {@code & # + = ?}, spaces, the token
     * escapes and non-ASCII never split or end the parameter.
     */
    private static String urlEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean literal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:/@!'()*;,$".indexOf(c) >= 0;
            if (literal) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
