package io.lumee.gateway.ingest;

import java.time.Duration;
import java.util.Optional;

/** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}; times are {@link System#nanoTime()} values. */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long refilledAt;

    TokenBucket(int capacity, int perSecond, long now) {
        this.capacity = capacity;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes one token; empty when taken, else how long until one is there. */
    synchronized Optional<Duration> take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano)));
    }

    /** Full again: forgetting it changes nothing. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            refilledAt = now;
        }
    }
}
