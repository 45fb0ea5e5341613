package io.lumee.platform.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: a whole number and a unit ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 7d}) or ISO-8601 ({@code PT30S}). Shared by settings and CLI flags.
 */
public final class DurationText {
    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {}

    /** A positive duration, or empty when the text is none. */
    public static Optional<Duration> parse(String raw) {
        Matcher matcher = SHORT_FORM.matcher(raw);
        try {
            Duration duration;
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                duration = Duration.parse(raw);
            }
            return duration.isNegative() || duration.isZero() ? Optional.empty() : Optional.of(duration);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException notADuration) {
            return Optional.empty();
        }
    }
}
