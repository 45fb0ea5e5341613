package io.lumee.hl7bridge.delivery;

import io.lumee.hl7bridge.mllp.Ack;
import io.lumee.hl7bridge.mllp.Er7;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An acknowledgement's codes and text, fit for {@code lumee.rejected} (whose detail must never hold a
 * patient identifier or a reading value). Engines often quote what they refused ("patient MRN-000123
 * not found", "value 42.5 out of range"), so every value of the sent message's PID segment, its OBX-5
 * values and the numbers of its NTE comments are replaced by {@value #MASK} wherever they appear.
 */
final class AckText {
    static final String MASK = "***";
    static final int MAX_LENGTH = 1_000;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    private AckText() {
    }

    static String describe(Ack ack, String sentEr7) {
        StringBuilder text = new StringBuilder();
        if (!ack.text().isBlank()) {
            text.append("; MSA-3: ").append(ack.text());
        }
        ack.errors().forEach(error -> text.append("; ERR: ").append(error));
        // the code is ours to keep: an identifier that happens to read "AE" must not mask it
        String scrubbed = ack.code().name() + scrub(text.toString(), sentEr7);
        return scrubbed.length() <= MAX_LENGTH ? scrubbed : scrubbed.substring(0, MAX_LENGTH - 3) + "...";
    }

    static String scrub(String text, String sentEr7) {
        Er7 sent = Er7.parse(sentEr7).orElse(null);
        if (sent == null) {
            return text;
        }
        String scrubbed = text;
        // PID-1 is a set id ("1"); everything after it may identify the patient
        for (String identifier : longestFirst(sent.values("PID", 2, Integer.MAX_VALUE))) {
            if (identifier.length() >= 2) {
                scrubbed = scrubbed.replace(identifier, MASK);
            }
        }
        Set<String> numbers = new LinkedHashSet<>(sent.values("OBX", 5, 5));
        sent.values("NTE", 3, 3).forEach(comment -> {
            Matcher number = NUMBER.matcher(comment);
            while (number.find()) {
                numbers.add(number.group());
            }
        });
        for (String number : longestFirst(numbers)) {
            // a whole number only: the value 5 must not take the 5 out of "2.5.1"
            scrubbed = scrubbed.replaceAll("(?<![0-9.])" + Pattern.quote(number) + "(?![0-9]|\\.[0-9])", MASK);
        }
        return scrubbed;
    }

    private static Iterable<String> longestFirst(Iterable<String> values) {
        Set<String> unique = new LinkedHashSet<>();
        values.forEach(unique::add);
        return unique.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
