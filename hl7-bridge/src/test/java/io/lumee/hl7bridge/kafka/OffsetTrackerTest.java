package io.lumee.hl7bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void nothingIsCommittableBeforeAnythingStarted() {
        assertThat(new OffsetTracker().committable()).isEmpty();
    }

    @Test
    void aRecordStillRetryingHoldsBackTheCommitWhileLaterOnesFinish() {
        OffsetTracker tracker = new OffsetTracker();
        for (long offset = 10; offset < 15; offset++) {
            tracker.started(offset);
        }
        tracker.finished(10);
        tracker.finished(12);
        tracker.finished(13);
        tracker.finished(14);

        assertThat(tracker.committable()).hasValue(11);

        tracker.finished(11);
        assertThat(tracker.committable()).hasValue(15);
    }

    @Test
    void gapsInOffsetsDoNotHoldBackTheCommit() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(3);
        tracker.started(7); // 4-6: transaction markers or aborted records, never delivered to us
        tracker.finished(3);
        assertThat(tracker.committable()).hasValue(7);
        tracker.finished(7);
        assertThat(tracker.committable()).hasValue(8);
    }

    @Test
    void refusesOffsetsOutOfOrderAndUnknownFinishes() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(5);
        assertThatThrownBy(() -> tracker.started(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.started(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.finished(6)).isInstanceOf(IllegalArgumentException.class);
        tracker.finished(5);
        assertThatThrownBy(() -> tracker.finished(5)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Whatever the offsets and the order in which lanes finish them: every offset below the
     * committable one is finished, the committable one is the lowest unfinished (or one past the
     * highest started), and it never moves back.
     */
    @Property(tries = 500)
    void theCommittableOffsetNeverPassesAnUnfinishedRecordAndNeverMovesBack(@ForAll("runs") Run run) {
        OffsetTracker tracker = new OffsetTracker();
        Random lanes = new Random(run.seed());
        List<Long> unfinished = new ArrayList<>();
        long highestStarted = -1;
        long previous = -1;
        int nextToStart = 0;
        List<Boolean> steps = new ArrayList<>(run.steps());
        // after the scripted steps, enough steps to start and finish everything
        steps.addAll(Collections.nCopies(2 * run.offsets().size(), false));
        for (boolean start : steps) {
            boolean canStart = nextToStart < run.offsets().size();
            if (start && canStart || unfinished.isEmpty() && canStart) {
                highestStarted = run.offsets().get(nextToStart++);
                tracker.started(highestStarted);
                unfinished.add(highestStarted);
            } else if (!unfinished.isEmpty()) {
                tracker.finished(unfinished.remove(lanes.nextInt(unfinished.size())));
            } else {
                continue;
            }
            long lowestUnfinished = unfinished.stream().mapToLong(Long::longValue).min().orElse(highestStarted + 1);
            OptionalLong committable = tracker.committable();
            assertThat(committable).hasValue(lowestUnfinished);
            assertThat(committable.getAsLong()).isGreaterThanOrEqualTo(previous);
            assertThat(tracker.unfinishedCount()).isEqualTo(unfinished.size());
            previous = committable.getAsLong();
        }
        assertThat(tracker.committable()).hasValue(run.offsets().get(run.offsets().size() - 1) + 1);
    }

    /** Increasing offsets with gaps, an interleaving of starts and finishes, and the seed of the finishing order. */
    record Run(List<Long> offsets, List<Boolean> steps, long seed) { }

    @Provide
    Arbitrary<Run> runs() {
        Arbitrary<List<Integer>> gaps = Arbitraries.integers().between(1, 4).list().ofMinSize(1).ofMaxSize(40);
        Arbitrary<List<Boolean>> steps = Arbitraries.of(true, false).list().ofMinSize(0).ofMaxSize(120);
        return Combinators.combine(gaps, steps, Arbitraries.longs()).as((gapList, stepList, seed) -> {
            List<Long> offsets = new ArrayList<>();
            long offset = 0;
            for (int gap : gapList) {
                offset += gap;
                offsets.add(offset);
            }
            return new Run(offsets, stepList, seed);
        });
    }
}
