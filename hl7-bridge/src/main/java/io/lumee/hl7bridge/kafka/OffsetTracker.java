package io.lumee.hl7bridge.kafka;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Which offset of one partition may be committed. Records start in offset order but finish in any
 * order (lanes run in parallel, and a retrying message finishes late), and committing past a record
 * that is still retrying would lose it in a crash. So the committable offset is the lowest offset
 * still unfinished, or one past the highest started when all are finished: everything below it is
 * done or rejected. Offsets may have gaps (transaction markers, compaction); they do not matter.
 */
public final class OffsetTracker {
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long highestStarted = -1;

    /** A record was handed over for delivery; offsets must come in increasing order. */
    public void started(long offset) {
        if (offset <= highestStarted) {
            throw new IllegalArgumentException("offset " + offset + " started after " + highestStarted);
        }
        highestStarted = offset;
        unfinished.add(offset);
    }

    /** A started record is done or rejected. */
    public void finished(long offset) {
        if (!unfinished.remove(offset)) {
            throw new IllegalArgumentException("offset " + offset + " was not started or already finished");
        }
    }

    /** The offset to commit (the next record to read after a restart); empty before anything started. */
    public OptionalLong committable() {
        if (highestStarted < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(unfinished.isEmpty() ? highestStarted + 1 : unfinished.first());
    }

    /** How many started records are not finished. */
    public int unfinishedCount() {
        return unfinished.size();
    }
}
