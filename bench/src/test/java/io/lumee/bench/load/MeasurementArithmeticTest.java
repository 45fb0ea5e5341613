package io.lumee.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic every row relies on, checked without starting anything (the measurements run from bench/run). */
class MeasurementArithmeticTest {

    @Test
    void steadyRateSkipsTheStartAndTheFlatTailAfterTheGoal() {
        // nothing for 3 s (start-up), a slow first second, then 1,000/s until 10,000, then flat
        List<double[]> samples = List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {2, 0}, new double[] {3, 0},
                new double[] {4, 100}, new double[] {5, 1_100}, new double[] {6, 2_100}, new double[] {7, 3_100},
                new double[] {8, 4_100}, new double[] {9, 5_100}, new double[] {10, 6_100}, new double[] {11, 7_100},
                new double[] {12, 8_100}, new double[] {13, 9_100}, new double[] {14, 10_000}, new double[] {15, 10_000},
                new double[] {16, 10_000});
        assertThat(KafkaProgress.steadyRate(samples, Duration.ofSeconds(2))).isCloseTo(990, within(20.0));
    }

    @Test
    void aCounterThatNeverMovesHasNoRate() {
        assertThat(KafkaProgress.steadyRate(List.of(new double[] {0, 5}, new double[] {1, 5}), Duration.ofSeconds(1))).isZero();
    }

    @Test
    void aRunTooShortToSkipItsWarmUpIsMeasuredWhole() {
        List<double[]> samples = List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {2, 5_000}, new double[] {3, 10_000});
        assertThat(KafkaProgress.steadyRate(samples, Duration.ofSeconds(5))).isCloseTo(5_000, within(1.0));
    }

    @Test
    void aTargetRelativeToTheBaselineIsScaledByIt() {
        Row processor = new Row("processor", "", 3_000, "records/s", ">= 0.15 of pass-through", false, "pass-through", 40_000, 140_000, "");
        Row gateway = new Row("gateway", "", 12_000, "readings/s", ">= 10,000 readings/s", true, "", Double.NaN, Double.NaN, "");
        assertThat(Charts.targetValue(processor)).isCloseTo(6_000, within(0.1));
        assertThat(Charts.targetValue(gateway)).isEqualTo(10_000);
        assertThat(processor.ratio()).isCloseTo(0.075, within(1e-9));
        assertThat(gateway.ratio()).isNaN();
    }

    @Test
    void othersAreTheMachinesBusyTimeLessOurTree() {
        // the machine was busy 20 core-seconds in 10 s, our bench and services 5 of them
        assertThat(Machine.othersCores(new Machine.CpuSnapshot(100, 10), new Machine.CpuSnapshot(120, 15), 10)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aReadingThatNeverArrivedIsLostNotFast() {
        org.HdrHistogram.Histogram all = new org.HdrHistogram.Histogram(3_600_000L, 3);
        org.HdrHistogram.Histogram window = new org.HdrHistogram.Histogram(3_600_000L, 3);
        assertThat(LatencyRow.record(null, 1_000, all, window)).isEqualTo(1);
        assertThat(LatencyRow.record(1_180L, 1_000, all, window)).isZero();
        assertThat(all.getTotalCount()).isEqualTo(1);
        assertThat(window.getMaxValue()).isEqualTo(180);
    }
}
