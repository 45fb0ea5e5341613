package io.lumee.processor.completeness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How complete each device's stream was over an interval. Sequences step by one per reading, so a
 * device's completeness within an epoch is distinct readings received / (last sequence - first
 * sequence + 1). In memory and per task: it is a gauge of the recent past, not accounting, and a
 * restart only starts a fresh interval.
 */
public final class CompletenessTracker {
    private record DeviceEpoch(String deviceId, int epoch) {}

    private static final class Span {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long distinct;

        void add(long sequence) {
            first = Math.min(first, sequence);
            last = Math.max(last, sequence);
            distinct++;
        }

        double ratio() {
            return Math.min(1.0, (double) distinct / (last - first + 1));
        }
    }

    private final Map<DeviceEpoch, Span> spans = new HashMap<>();

    /** A reading seen for the first time (the duplicate filter let it through). */
    public void received(String deviceId, int epoch, long sequence) {
        spans.computeIfAbsent(new DeviceEpoch(deviceId, epoch), k -> new Span()).add(sequence);
    }

    /** Ends the interval: one ratio per device and epoch seen in it, then starts afresh. */
    public List<Double> closeInterval() {
        List<Double> ratios = new ArrayList<>(spans.size());
        spans.values().forEach(span -> ratios.add(span.ratio()));
        spans.clear();
        return ratios;
    }
}
