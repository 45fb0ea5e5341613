package io.lumee.archive.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * When a partition's batch becomes an object: at {@code records} records or {@code bytes} bytes of keys,
 * values and headers, or once its oldest record has waited {@code age}, whichever comes first.
 */
public record BatchLimits(int records, long bytes, Duration age) {
    public BatchLimits {
        if (records < 1) {
            throw new IllegalArgumentException("records must be >= 1, was " + records);
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be >= 1, was " + bytes);
        }
        Objects.requireNonNull(age, "age");
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("age must be positive, was " + age);
        }
    }
}
