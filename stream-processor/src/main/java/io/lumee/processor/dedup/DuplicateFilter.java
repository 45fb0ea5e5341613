package io.lumee.processor.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers each readingId with its outcome for the duplicate window, per DESIGN.md: a reading already
 * delivered or rejected is a duplicate; a released orphan or a DLQ replay goes through when the
 * remembered outcome is held or rejected, so a reading is never lost as a duplicate of itself. Only
 * authentic readings (signature verified) are remembered: a forgery must not be able to block the
 * genuine reading by claiming its id first.
 *
 * <p>Entries are keyed by deviceId and hold a {@link DeviceHistory}, so the store grows with gaps, not
 * with readings, and each device's entry is bounded.
 */
public final class DuplicateFilter {
    /** How the reading arrived, which decides whether a remembered outcome lets it through. */
    public enum Arrival { NEW, RELEASED, REPLAYED }

    private final KeyValueStore<String, byte[]> store;
    private final Duration window;
    private final int maxRunsPerDevice;

    public DuplicateFilter(KeyValueStore<String, byte[]> store, Duration window, int maxRunsPerDevice) {
        this.store = store;
        this.window = window;
        this.maxRunsPerDevice = maxRunsPerDevice;
    }

    public Optional<Outcome> remembered(String deviceId, int epoch, long sequence) {
        return DeviceHistory.decode(store.get(deviceId)).outcomeOf(epoch, sequence);
    }

    public boolean isDuplicate(String deviceId, int epoch, long sequence, Arrival arrival) {
        Optional<Outcome> outcome = remembered(deviceId, epoch, sequence);
        if (outcome.isEmpty() || outcome.get() == Outcome.HELD) {
            return false;
        }
        if (outcome.get() == Outcome.DELIVERED) {
            return true;
        }
        return arrival == Arrival.NEW;
    }

    /** Records the outcome and forgets what has fallen out of the window as of {@code receivedAt}. */
    public void remember(String deviceId, int epoch, long sequence, Outcome outcome, Instant deviceTime,
                         Instant receivedAt) {
        DeviceHistory history = DeviceHistory.decode(store.get(deviceId));
        history.record(epoch, sequence, outcome, deviceTime.toEpochMilli());
        history.forget(receivedAt.minus(window).toEpochMilli(), maxRunsPerDevice);
        store.put(deviceId, history.encode());
    }

    /** Forgets what fell out of the window for devices that went quiet (their entries are not touched otherwise). */
    public int forgetOlderThan(Instant now) {
        long cutoff = now.minus(window).toEpochMilli();
        int dropped = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                DeviceHistory runs = DeviceHistory.decode(entry.value);
                int before = runs.size();
                runs.forget(cutoff, maxRunsPerDevice);
                if (runs.isEmpty()) {
                    store.delete(entry.key);
                    dropped++;
                } else if (runs.size() != before) {
                    store.put(entry.key, runs.encode());
                }
            }
        }
        return dropped;
    }
}
