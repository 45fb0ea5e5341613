package io.lumee.devstack;

import java.time.Duration;

/**
 * How the simulated fleet behaves: how many devices, how often each reads, for how long (zero: until
 * stopped), and whether faults are injected (duplicates, replays, out-of-order sends, forged JWS,
 * unknown and revoked devices, bad units, a skewed clock, an epoch bump, a reassignment).
 */
record FleetPlan(int devices, double readingsPerSecond, Duration duration, boolean faults) {
    FleetPlan {
        if (devices < 1 || devices > 5000) {
            throw new IllegalArgumentException("--devices must be 1-5000, got " + devices);
        }
        if (!(readingsPerSecond > 0 && readingsPerSecond <= 50)) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 50 readings a second per device");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("--duration must not be negative");
        }
    }

    Duration tick() {
        return Duration.ofNanos((long) (1_000_000_000L / readingsPerSecond));
    }
}
