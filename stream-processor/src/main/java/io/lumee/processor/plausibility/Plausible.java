package io.lumee.processor.plausibility;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A plausible reading's flags: low quality, and the clock correction when its device time ran ahead and
 * the policy corrects rather than refuses.
 */
public record Plausible(boolean lowQuality, Optional<Duration> clockCorrection) {
    public Plausible {
        Objects.requireNonNull(clockCorrection, "clockCorrection");
    }
}
