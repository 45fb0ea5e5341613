package io.lumee.cli.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A patient identifier and the consent covering the assignment, read from a file or standard input,
 * never from arguments (shell history and process lists keep those). The file is Java properties:
 *
 * <pre>
 * system=urn:oid:2.16.840.1.113883.19.5
 * value=MRN-0012345
 * consent=Consent/8812          (optional)
 * </pre>
 *
 * {@link #toString()} shows neither, so a patient in a log argument stays hidden.
 */
public record Patient(String system, String value, String consentRef) {

    public static final String STDIN = "-";

    public Patient {
        if (system == null || system.isBlank()) {
            throw new IllegalArgumentException("the patient file needs system=<identifier system>");
        }
        if (system.contains("|")) {
            throw new IllegalArgumentException("the patient identifier system must not contain '|'");
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the patient file needs value=<identifier value>");
        }
    }

    /** From {@code source}: a file path, or {@code -} for standard input. */
    public static Patient read(String source, InputStream stdin) throws IOException {
        Properties properties = new Properties();
        if (STDIN.equals(source)) {
            properties.load(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        } else {
            try (Reader in = Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8)) {
                properties.load(in);
            }
        }
        String consent = properties.getProperty("consent");
        return new Patient(trim(properties.getProperty("system")), trim(properties.getProperty("value")),
                consent == null || consent.isBlank() ? null : consent.trim());
    }

    private static String trim(String text) {
        return text == null ? null : text.trim();
    }

    @Override
    public String toString() {
        return "Patient[<not shown>]";
    }
}
