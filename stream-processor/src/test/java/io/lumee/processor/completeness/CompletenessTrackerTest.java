package io.lumee.processor.completeness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletenessTrackerTest {

    @Test
    void gapsLowerTheRatioPerDeviceAndEpoch() {
        CompletenessTracker tracker = new CompletenessTracker();
        for (long sequence : new long[] {10, 11, 12, 13}) {
            tracker.received("a", 1, sequence);
        }
        for (long sequence : new long[] {0, 2, 4, 6}) {
            tracker.received("b", 1, sequence);
        }
        tracker.received("b", 2, 0);

        assertThat(tracker.closeInterval()).containsExactlyInAnyOrder(1.0, 4.0 / 7, 1.0);
    }

    @Test
    void eachIntervalStartsAfresh() {
        CompletenessTracker tracker = new CompletenessTracker();
        tracker.received("a", 1, 0);
        tracker.received("a", 1, 9);
        assertThat(tracker.closeInterval()).containsExactly(0.2);

        assertThat(tracker.closeInterval()).isEmpty();
    }
}
