package io.lumee.fhirsink.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * How long to wait before the next attempt at a transaction the server could not take now: exponential
 * backoff from {@code initialDelay}, doubling per attempt, with "equal jitter" (half fixed, half random,
 * so many sinks restarting together spread out without ever retrying at once), at least the server's
 * {@code Retry-After}, and never more than {@code maxDelay}: a Retry-After longer than that is cut, so
 * a misconfigured proxy cannot park the sink for hours while the backlog waits in Kafka.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must be positive, the maximum at least the initial delay");
        }
    }

    /**
     * @param attempt the attempt that just failed, from 1
     * @param retryAfter the server's Retry-After, if it sent one
     * @param random a uniform draw from [0, 1)
     */
    public Duration delay(int attempt, Optional<Duration> retryAfter, double random) {
        long max = maxDelay.toMillis();
        long exponential = initialDelay.toMillis();
        for (int i = 1; i < attempt && exponential < max; i++) {
            exponential *= 2;
        }
        exponential = Math.min(exponential, max);
        long jittered = exponential / 2 + (long) (random * (exponential - exponential / 2));
        // capped before converting: a Retry-After of 10^17 seconds would overflow toMillis() and kill the lane
        long wanted = Math.max(jittered, retryAfter.map(after -> after.compareTo(maxDelay) > 0 ? max : after.toMillis()).orElse(0L));
        return Duration.ofMillis(Math.min(wanted, max));
    }

    /** A Retry-After header: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3); empty when neither. */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
