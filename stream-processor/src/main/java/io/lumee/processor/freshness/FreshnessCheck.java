package io.lumee.processor.freshness;

import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.RejectionReason;
import java.time.Duration;

/**
 * Step 4: a reading older than the duplicate window is refused as STALE: past the window the duplicate
 * filter has forgotten what it saw and could no longer tell a replay from a new reading. Age is measured
 * against {@code receivedAt}, not the processor's clock, so a backlog processed late is judged as it
 * arrived.
 */
public final class FreshnessCheck {
    private final Duration window;

    public FreshnessCheck(Duration window) {
        this.window = window;
    }

    public Verdict<LumeeReading> check(LumeeReading reading) {
        Duration age = Duration.between(reading.getDeviceTime(), reading.getReceivedAt());
        if (age.compareTo(window) > 0) {
            return Verdict.reject(RejectionReason.STALE, "device time is " + age.toHours()
                    + " h before receipt, beyond the duplicate window of " + window.toHours() + " h");
        }
        return Verdict.pass(reading);
    }
}
