package io.lumee.processor.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceHistoryTest {

    @Test
    void inOrderDeliveriesCostOneRun() {
        DeviceHistory history = new DeviceHistory();
        for (long sequence = 0; sequence < 10_000; sequence++) {
            history.record(7, sequence, Outcome.DELIVERED, sequence);
        }

        assertThat(history.size()).isEqualTo(1);
        assertThat(history.outcomeOf(7, 9_999)).contains(Outcome.DELIVERED);
        assertThat(history.outcomeOf(7, 10_000)).isEmpty();
        assertThat(history.outcomeOf(8, 5)).as("another epoch").isEmpty();
    }

    @Test
    void gapsAreExactAndFillingThemMergesRuns() {
        DeviceHistory history = new DeviceHistory();
        history.record(1, 1, Outcome.DELIVERED, 1);
        history.record(1, 3, Outcome.DELIVERED, 3);

        assertThat(history.outcomeOf(1, 2)).isEmpty();
        assertThat(history.size()).isEqualTo(2);
        history.record(1, 2, Outcome.DELIVERED, 2);
        assertThat(history.size()).isEqualTo(1);
    }

    @Test
    void changingAnOutcomeInsideARunSplitsIt() {
        DeviceHistory history = new DeviceHistory();
        for (long sequence = 1; sequence <= 5; sequence++) {
            history.record(1, sequence, Outcome.HELD, sequence);
        }

        history.record(1, 3, Outcome.DELIVERED, 3);

        assertThat(history.outcomeOf(1, 2)).contains(Outcome.HELD);
        assertThat(history.outcomeOf(1, 3)).contains(Outcome.DELIVERED);
        assertThat(history.outcomeOf(1, 4)).contains(Outcome.HELD);
        assertThat(history.size()).isEqualTo(3);
    }

    @Test
    void memoryPerDeviceIsBoundedOldestFirst() {
        DeviceHistory history = new DeviceHistory();
        for (long sequence = 0; sequence < 2_000; sequence += 2) {
            history.record(1, sequence, Outcome.DELIVERED, sequence);
        }

        history.forget(Long.MIN_VALUE, 100);

        assertThat(history.size()).isEqualTo(100);
        assertThat(history.outcomeOf(1, 1_998)).contains(Outcome.DELIVERED);
        assertThat(history.outcomeOf(1, 0)).isEmpty();
    }

    @Test
    void runsOlderThanTheWindowAreForgotten() {
        DeviceHistory history = new DeviceHistory();
        history.record(1, 1, Outcome.DELIVERED, 1_000);
        history.record(2, 1, Outcome.REJECTED, 5_000);

        history.forget(2_000, 100);

        assertThat(history.outcomeOf(1, 1)).isEmpty();
        assertThat(history.outcomeOf(2, 1)).contains(Outcome.REJECTED);
    }

    @Test
    void encodingRoundTrips() {
        DeviceHistory history = new DeviceHistory();
        history.record(3, 10, Outcome.HELD, 42);
        history.record(3, 11, Outcome.DELIVERED, 43);
        history.record(9, 0, Outcome.REJECTED, 44);

        DeviceHistory decoded = DeviceHistory.decode(history.encode());

        assertThat(decoded.outcomeOf(3, 10)).contains(Outcome.HELD);
        assertThat(decoded.outcomeOf(3, 11)).contains(Outcome.DELIVERED);
        assertThat(decoded.outcomeOf(9, 0)).contains(Outcome.REJECTED);
        assertThat(decoded.size()).isEqualTo(3);
    }
}
