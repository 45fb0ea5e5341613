package io.lumee.gateway.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per device, so one chatty or looping device cannot crowd out the rest. Buckets
 * that have refilled are forgotten once a minute, so the map holds only recently active devices.
 */
public final class DeviceRateLimiter {

    private static final long PRUNE_EVERY = Duration.ofMinutes(1).toNanos();

    private final IngestLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile long prunedAt;

    public DeviceRateLimiter(IngestLimits limits) {
        this(limits, System::nanoTime);
    }

    DeviceRateLimiter(IngestLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.prunedAt = nanoTime.getAsLong();
    }

    /** Takes one reading's token for the device; empty when granted, else how long until the next is. */
    public Optional<Duration> take(String deviceId) {
        long now = nanoTime.getAsLong();
        if (now - prunedAt > PRUNE_EVERY) {
            prunedAt = now;
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(deviceId, id -> new TokenBucket(limits.deviceBurst(), limits.deviceRatePerSecond(), now)).take(now);
    }

    int trackedDevices() {
        return buckets.size();
    }
}
