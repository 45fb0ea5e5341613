package io.lumee.processor.dedup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcomes of one device's readings, as runs of consecutive sequences (within an epoch) with the
 * same outcome. Sequences step by one per reading, so a device delivering in order costs one run per
 * epoch however many readings it sends; gaps and out-of-order arrivals cost a run each. Each run keeps
 * the latest device time in it, so what falls out of the window is forgotten, and the oldest runs go
 * first when a device exceeds its bound.
 */
final class DeviceHistory {
    private record Position(int epoch, long sequence) implements Comparable<Position> {
        private static final Comparator<Position> ORDER =
                Comparator.comparingInt(Position::epoch).thenComparingLong(Position::sequence);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    private record Run(int epoch, long first, long last, Outcome outcome, long latestDeviceTime) {
        Position start() {
            return new Position(epoch, first);
        }
    }

    private final TreeMap<Position, Run> runs = new TreeMap<>();

    static DeviceHistory decode(byte[] bytes) {
        DeviceHistory decoded = new DeviceHistory();
        if (bytes == null) {
            return decoded;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                Run run = new Run(in.readInt(), in.readLong(), in.readLong(), Outcome.ofCode(in.readByte()), in.readLong());
                decoded.runs.put(run.start(), run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt duplicate-filter entry", e);
        }
        return decoded;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + runs.size() * 29);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(runs.size());
            for (Run run : runs.values()) {
                out.writeInt(run.epoch());
                out.writeLong(run.first());
                out.writeLong(run.last());
                out.writeByte(run.outcome().code());
                out.writeLong(run.latestDeviceTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    int size() {
        return runs.size();
    }

    Optional<Outcome> outcomeOf(int epoch, long sequence) {
        return containing(epoch, sequence).map(Run::outcome);
    }

    void record(int epoch, long sequence, Outcome outcome, long deviceTime) {
        long latest = deviceTime;
        Optional<Run> current = containing(epoch, sequence);
        if (current.isPresent()) {
            Run run = current.get();
            runs.remove(run.start());
            if (run.first() < sequence) {
                put(new Run(epoch, run.first(), sequence - 1, run.outcome(), run.latestDeviceTime()));
            }
            if (run.last() > sequence) {
                put(new Run(epoch, sequence + 1, run.last(), run.outcome(), run.latestDeviceTime()));
            }
            latest = Math.max(latest, run.latestDeviceTime());
        }
        Run merged = new Run(epoch, sequence, sequence, outcome, latest);
        Map.Entry<Position, Run> before = runs.lowerEntry(merged.start());
        if (before != null && before.getValue().epoch() == epoch && before.getValue().last() == sequence - 1
                && before.getValue().outcome() == outcome) {
            Run left = runs.remove(before.getKey());
            merged = new Run(epoch, left.first(), merged.last(), outcome, Math.max(left.latestDeviceTime(), latest));
        }
        Run after = runs.get(new Position(epoch, sequence + 1));
        if (after != null && after.outcome() == outcome) {
            runs.remove(after.start());
            merged = new Run(epoch, merged.first(), after.last(), outcome,
                    Math.max(after.latestDeviceTime(), merged.latestDeviceTime()));
        }
        put(merged);
    }

    /**
     * Forgets runs whose latest device time is before {@code cutoff}, then, while more than
     * {@code maxRuns} remain, the oldest ones: memory per device stays bounded whatever it sends.
     */
    void forget(long cutoff, int maxRuns) {
        runs.values().removeIf(run -> run.latestDeviceTime() < cutoff);
        if (runs.size() > maxRuns) {
            List<Run> byAge = new ArrayList<>(runs.values());
            byAge.sort(Comparator.comparingLong(Run::latestDeviceTime));
            Iterator<Run> oldest = byAge.iterator();
            while (runs.size() > maxRuns) {
                runs.remove(oldest.next().start());
            }
        }
    }

    private void put(Run run) {
        runs.put(run.start(), run);
    }

    private Optional<Run> containing(int epoch, long sequence) {
        Map.Entry<Position, Run> floor = runs.floorEntry(new Position(epoch, sequence));
        if (floor == null) {
            return Optional.empty();
        }
        Run run = floor.getValue();
        return run.epoch() == epoch && run.last() >= sequence ? Optional.of(run) : Optional.empty();
    }
}
