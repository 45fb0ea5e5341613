package io.lumee.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The field rules of a reading, shared by {@link Reading}'s constructor and {@link ReadingParser}. */
final class ReadingRules {

    static final int MAX_UNITS_LENGTH = 32;
    static final int MAX_VERSION_LENGTH = 64;

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /*
     * Exactly milliseconds: the Avro deviceTime is timestamp-millis and the processor checks that
     * the Avro fields equal the signed payload, so finer digits could never match. Only upper-case
     * Z: an offset would be a second spelling of the same instant.
     */
    private static final Pattern TIMESTAMP_SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    // STRICT refuses February 30th, hour 24 and second 60 instead of rolling them over.
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withResolverStyle(ResolverStyle.STRICT)
            .withZone(ZoneOffset.UTC);
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private ReadingRules() {}

    static boolean isDeviceId(String deviceId) {
        return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
    }

    static Optional<Instant> parseTimestamp(String text) {
        if (!TIMESTAMP_SHAPE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, TIMESTAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    static String formatTimestamp(Instant timestamp) {
        return TIMESTAMP.format(timestamp);
    }

    /**
     * Every rule broken by the given values; a null value is skipped, because the caller has
     * already reported it as missing or of the wrong JSON type.
     */
    static List<String> problems(String deviceId, Long epoch, Long sequence, Instant timestamp,
            Double tissueO2, String units, Double signalQuality, String sdkVersion, String firmware) {
        List<String> problems = new ArrayList<>();
        check(problems, ReadingField.DEVICE_ID, deviceId, ReadingRules::isDeviceId);
        check(problems, ReadingField.EPOCH, epoch, e -> e >= 0 && e <= Integer.MAX_VALUE);
        check(problems, ReadingField.SEQUENCE, sequence, s -> s >= 0);
        check(problems, ReadingField.TIMESTAMP, timestamp, ReadingRules::isMillisecondTimestamp);
        check(problems, ReadingField.TISSUE_O2, tissueO2, Double::isFinite);
        check(problems, ReadingField.UNITS, units, u -> isText(u, MAX_UNITS_LENGTH));
        check(problems, ReadingField.SIGNAL_QUALITY, signalQuality, q -> q >= 0 && q <= 1);
        check(problems, ReadingField.SDK_VERSION, sdkVersion, v -> isText(v, MAX_VERSION_LENGTH));
        check(problems, ReadingField.FIRMWARE, firmware, f -> isText(f, MAX_VERSION_LENGTH));
        return problems;
    }

    private static <T> void check(List<String> problems, ReadingField field, T value, Predicate<T> rule) {
        if (value != null && !rule.test(value)) {
            problems.add(field.invalid());
        }
    }

    // Within the four-digit years RFC 3339 can spell, and nothing finer than the wire carries.
    private static boolean isMillisecondTimestamp(Instant timestamp) {
        return timestamp.getNano() % 1_000_000 == 0
                && !timestamp.isBefore(FIRST) && !timestamp.isAfter(LAST);
    }

    /*
     * Counted in code points, so the limit means the same in every language's SDK. A lone
     * surrogate (a legal JSON escape such as \ud800) is no character: Avro's UTF-8 strings would
     * replace it, and the stored field would no longer equal the signed one.
     */
    private static boolean isText(String text, int maxLength) {
        return !text.isBlank()
                && text.codePointCount(0, text.length()) <= maxLength
                && text.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE);
    }
}
