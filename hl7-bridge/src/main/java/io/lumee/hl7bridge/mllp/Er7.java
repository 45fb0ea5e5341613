package io.lumee.hl7bridge.mllp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Just enough of HL7 v2's ER7 encoding to read a few fields: the bridge routes on MSH and checks MSA
 * without parsing whole messages, so an acknowledgement in any HL7 version, with extra segments or
 * fields, is read the same way. Separators come from the message's own MSH-1 and MSH-2.
 */
public final class Er7 {
    private static final Pattern SEGMENT_END = Pattern.compile("[\r\n]+");

    private final List<String[]> segments;
    private final char component;
    private final char repetition;
    private final char escape;
    private final char subcomponent;
    private final String fieldSeparator;

    private Er7(List<String[]> segments, char field, String encoding) {
        this.segments = segments;
        this.fieldSeparator = String.valueOf(field);
        this.component = encoding.charAt(0);
        this.repetition = encoding.charAt(1);
        this.escape = encoding.charAt(2);
        this.subcomponent = encoding.charAt(3);
    }

    /** The message, or empty when it does not start with an MSH segment declaring its separators. */
    public static Optional<Er7> parse(String text) {
        if (text == null || text.length() < 8 || !text.startsWith("MSH")) {
            return Optional.empty();
        }
        char field = text.charAt(3);
        String encoding = text.substring(4, 8);
        if (Character.isLetterOrDigit(field) || encoding.chars().anyMatch(c -> c == field || Character.isLetterOrDigit(c))) {
            return Optional.empty();
        }
        List<String[]> segments = new ArrayList<>();
        for (String line : SEGMENT_END.split(text)) {
            if (!line.isEmpty()) {
                segments.add(line.split(Pattern.quote(String.valueOf(field)), -1));
            }
        }
        return Optional.of(new Er7(segments, field, encoding));
    }

    /**
     * Component {@code component} (from 1) of the first repetition of field {@code field} of the first
     * {@code segment}, unescaped; empty when absent or blank. MSH fields are numbered as the standard
     * numbers them (MSH-1 is the field separator itself).
     */
    public Optional<String> value(String segment, int field, int component) {
        return rawField(segment, field)
                .map(raw -> split(split(raw, repetition)[0], this.component))
                .filter(components -> components.length >= component)
                .map(components -> unescape(split(components[component - 1], subcomponent)[0]))
                .filter(value -> !value.isBlank());
    }

    /** Every occurrence of {@code segment}, each as its fields from field 1 on, unescaped, joined by " | ". */
    public List<String> segmentTexts(String segment) {
        return segments.stream()
                .filter(fields -> fields[0].equals(segment))
                .map(fields -> String.join(" | ", Arrays.stream(fields, 1, fields.length).map(this::unescape).toList()))
                .toList();
    }

    /** Every non-blank component and subcomponent of fields {@code fromField..toField} of every {@code segment}, unescaped. */
    public List<String> values(String segment, int fromField, int toField) {
        List<String> values = new ArrayList<>();
        for (String[] fields : segments) {
            if (!fields[0].equals(segment)) {
                continue;
            }
            for (int f = fromField; f < fields.length && f <= toField; f++) {
                for (String repeated : split(fields[f], repetition)) {
                    for (String part : split(repeated, component)) {
                        for (String sub : split(part, subcomponent)) {
                            String value = unescape(sub);
                            if (!value.isBlank()) {
                                values.add(value);
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private Optional<String> rawField(String segment, int field) {
        // MSH-1 is the separator between "MSH" and MSH-2, so MSH-n sits one place left of other segments' n
        int index = segment.equals("MSH") ? field - 1 : field;
        return segments.stream()
                .filter(fields -> fields[0].equals(segment))
                .findFirst()
                .filter(fields -> index >= 1 && index < fields.length)
                .map(fields -> fields[index]);
    }

    /** The standard's escapes for the delimiters; other escapes (formatting, hex) are kept as written. */
    private String unescape(String raw) {
        if (raw.indexOf(escape) < 0) {
            return raw;
        }
        StringBuilder text = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            int end = c == escape ? raw.indexOf(escape, i + 1) : -1;
            if (end == i + 2) {
                char meaning = switch (raw.charAt(i + 1)) {
                    case 'F' -> fieldSeparator.charAt(0);
                    case 'S' -> component;
                    case 'T' -> subcomponent;
                    case 'R' -> repetition;
                    case 'E' -> escape;
                    default -> 0;
                };
                if (meaning != 0) {
                    text.append(meaning);
                    i = end + 1;
                    continue;
                }
            }
            text.append(c);
            i++;
        }
        return text.toString();
    }

    private static String[] split(String text, char separator) {
        return text.split(Pattern.quote(String.valueOf(separator)), -1);
    }
}
