package io.lumee.archive.store;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What every PutObject asks of S3 Object Lock: COMPLIANCE mode (no one, root included, can shorten or
 * remove it) until now + {@code retention}, and a legal hold when configured. {@code locked} is false only
 * for a development store without Object Lock, which refuses lock headers outright.
 */
public record LockPolicy(boolean locked, Period retention, boolean legalHold) {
    public LockPolicy {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
    }

    /** Calendar arithmetic in UTC, so seven years end on the same date seven years on. */
    public Instant retainUntil(Instant now) {
        return now.atOffset(ZoneOffset.UTC).plus(retention).toInstant();
    }
}
