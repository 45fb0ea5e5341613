package io.lumee.processor.plausibility;

import io.lumee.clinical.MeasuredValue;
import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Step 7: a signal quality in [0, 1], a value inside the range for its canonical unit, and a device
 * clock not further ahead of receipt than the allowed skew (beyond it: refused, or corrected to the
 * receipt time, by policy). Low quality is not a refusal: the reading flows, flagged.
 */
public final class PlausibilityCheck {
    private final PlausibilityRules rules;

    public PlausibilityCheck(PlausibilityRules rules) {
        this.rules = rules;
    }

    public Verdict<Plausible> check(MeasuredValue canonical, double signalQuality, Instant deviceTime, Instant receivedAt) {
        if (!(signalQuality >= 0 && signalQuality <= 1)) {
            return Verdict.reject(RejectionReason.OUT_OF_RANGE, "signalQuality outside [0, 1]");
        }
        PlausibilityRules.Range range = rules.ranges().get(canonical.unit());
        if (range == null || !range.contains(canonical.value())) {
            return Verdict.reject(RejectionReason.OUT_OF_RANGE, "tissueO2 outside the plausible range for "
                    + canonical.unit() + (range == null ? " (no range configured)" : " [" + range.min() + ", " + range.max() + "]"));
        }
        boolean lowQuality = signalQuality < rules.lowQualityBelow();
        Duration ahead = Duration.between(receivedAt, deviceTime);
        if (ahead.compareTo(rules.maxClockSkew()) <= 0) {
            return Verdict.pass(new Plausible(lowQuality, Optional.empty()));
        }
        if (rules.clockSkewPolicy() == ClockSkewPolicy.CORRECT) {
            return Verdict.pass(new Plausible(lowQuality, Optional.of(ahead)));
        }
        return Verdict.reject(RejectionReason.CLOCK_SKEW, "device clock " + ahead.toSeconds()
                + " s ahead of receipt, more than the allowed " + rules.maxClockSkew().toSeconds() + " s");
    }
}
