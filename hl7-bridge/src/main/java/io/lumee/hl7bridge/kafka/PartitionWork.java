package io.lumee.hl7bridge.kafka;

import io.lumee.hl7bridge.delivery.CancellationLatch;
import io.lumee.schemas.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition's work in progress, kept by the consumer thread: which offsets are finished,
 * how many records the lanes hold, what was last committed, and the rejections waiting for the
 * commit that passes their offset.
 */
final class PartitionWork {
    final TopicPartition partition;
    final OffsetTracker tracker = new OffsetTracker();
    /** The claim the lanes check: revoked when the partition goes to another consumer or the bridge stops. */
    final CancellationLatch claim = new CancellationLatch();
    private final TreeMap<Long, ProducerRecord<String, Rejection>> rejections = new TreeMap<>();
    private int outstanding;
    private long committed = -1;

    PartitionWork(TopicPartition partition) {
        this.partition = partition;
    }

    void handedOver(long offset) {
        tracker.started(offset);
        outstanding++;
    }

    /** A lane gave the record back: finished (done or rejected) or abandoned unfinished. */
    void returned(long offset, boolean finished) {
        outstanding--;
        if (finished) {
            tracker.finished(offset);
        }
    }

    void rejected(long offset, ProducerRecord<String, Rejection> rejection) {
        rejections.put(offset, rejection);
    }

    int outstanding() {
        return outstanding;
    }

    /** The offset to commit now, when it moves past the last commit. */
    OptionalLong commitDue() {
        OptionalLong next = tracker.committable();
        return next.isPresent() && next.getAsLong() > committed ? next : OptionalLong.empty();
    }

    /** The rejections below {@code offset}: they must be written in the transaction that commits it, and only then. */
    List<ProducerRecord<String, Rejection>> rejectionsBelow(long offset) {
        return new ArrayList<>(rejections.headMap(offset).values());
    }

    void committed(long offset) {
        committed = offset;
        rejections.headMap(offset).clear();
    }

    void revoke() {
        claim.cancel();
    }
}
