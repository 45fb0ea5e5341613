package io.lumee.processor.orphans;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Readings on hold, in a state store of the task that owns their device, so a registration update on
 * the co-partitioned {@code lumee.devices} finds them and releases them.
 */
public final class OrphanHold {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, byte[]> store;

    public OrphanHold(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    public void hold(HeldReading reading) {
        store.put(reading.storeKey(), reading.encode());
    }

    public void remove(HeldReading reading) {
        store.delete(reading.storeKey());
    }

    /** Everything held for the device, oldest arrival first within each reading. */
    public List<HeldReading> heldFor(String deviceId) {
        List<HeldReading> held = new ArrayList<>();
        // deviceIds cannot contain ':', so the prefix matches this device only
        try (KeyValueIterator<String, byte[]> matching = store.prefixScan(deviceId + ":", KEYS)) {
            matching.forEachRemaining(entry -> held.add(HeldReading.decode(entry.value)));
        }
        return held;
    }

    /** Holds that began more than {@code period} before {@code now}. */
    public List<HeldReading> expired(Instant now, Duration period) {
        Instant cutoff = now.minus(period);
        List<HeldReading> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                HeldReading held = HeldReading.decode(entry.value);
                if (!held.heldAt().isAfter(cutoff)) {
                    expired.add(held);
                }
            }
        }
        return expired;
    }

    public long count() {
        long count = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }
}
