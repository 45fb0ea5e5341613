package io.lumee.processor.plausibility;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What counts as plausible: a range per canonical UCUM unit, how far a device clock may run ahead of
 * receipt and what happens beyond that, and the signal quality below which a reading flows flagged as
 * low quality.
 */
public record PlausibilityRules(Map<String, Range> ranges, Duration maxClockSkew, ClockSkewPolicy clockSkewPolicy,
                                double lowQualityBelow) {

    public record Range(double min, double max) {
        public Range {
            if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
                throw new IllegalArgumentException("a range needs finite min <= max");
            }
        }

        boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    public PlausibilityRules {
        ranges = Map.copyOf(ranges);
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(clockSkewPolicy, "clockSkewPolicy");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        if (!(lowQualityBelow >= 0 && lowQualityBelow <= 1)) {
            throw new IllegalArgumentException("lowQualityBelow must be in [0, 1]");
        }
    }

    /** Physiological bounds wide enough for any tissue reading: 0-100 %, 0-760 mm[Hg] (one atmosphere), 0-101.325 kPa. */
    public static PlausibilityRules defaults() {
        return new PlausibilityRules(
                Map.of("%", new Range(0, 100), "mm[Hg]", new Range(0, 760), "kPa", new Range(0, 101.325)),
                Duration.ofMinutes(5), ClockSkewPolicy.REJECT, 0.7);
    }
}
