package io.lumee.hl7bridge.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: {@code initial}, doubling per consecutive failure, capped at
 * {@code max}, then jittered down by up to half, so lanes that failed together (the EHR restarted) do
 * not all come back in the same instant.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /**
     * The wait after the {@code failures}-th consecutive failure (from 1).
     *
     * @param jitter a number in [0, 1): 0 waits the full step, values near 1 about half of it
     */
    public Duration delay(int failures, double jitter) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures counts from 1, got " + failures);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        // doubling 62 times would overflow a long; by then the cap has long been reached
        int doublings = Math.min(failures - 1, 62);
        long step = initialNanos > (maxNanos >> doublings) ? maxNanos : initialNanos << doublings;
        return Duration.ofNanos(step - (long) (step / 2 * jitter));
    }
}
