package io.lumee.archive.sink;

import io.lumee.archive.format.ArchivedRecord;
import io.lumee.archive.store.ArchiveListing;
import io.lumee.archive.store.ArchiveRange;
import io.lumee.archive.store.LockedPut;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains topics into the archive, exactly once per offset. The bucket, not the consumer group, says where
 * each partition resumes: on assignment (and after any failed write) the partition is paused, its last
 * archived range found in the bucket, and consumption restarts at that range's end. Offsets are committed
 * only after an object is stored, so a crash between the two leaves an object the restart sees and resumes
 * after, never an overlapping one.
 *
 * <p>One thread does everything (poll, batch, encrypt, put, commit), as a Kafka consumer must be used from
 * one thread; partitions are archived one object at a time, in offset order.
 */
public final class ArchiveSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSink.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final ArchiveListing listing;
    private final BatchArchiver archiver;
    private final BatchLimits limits;
    private final ArchiveMetrics metrics;
    private final Clock clock;
    private final Runnable onFatal;
    private final Map<TopicPartition, PartitionBatch> batches = new HashMap<>();
    /** Paused partitions and when to try resuming them from the bucket. */
    private final Map<TopicPartition, Instant> resumeAt = new HashMap<>();
    private final Map<TopicPartition, Duration> backoff = new HashMap<>();
    private final Thread worker;
    private volatile boolean running = true;
    private volatile boolean assigned;

    /** @param onFatal called when the loop dies of an error it cannot handle (the service then stops) */
    public ArchiveSink(Consumer<byte[], byte[]> consumer, List<String> topics, ArchiveListing listing, BatchArchiver archiver,
                       BatchLimits limits, ArchiveMetrics metrics, Clock clock, Runnable onFatal) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topics = List.copyOf(topics);
        this.listing = Objects.requireNonNull(listing, "listing");
        this.archiver = Objects.requireNonNull(archiver, "archiver");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onFatal = Objects.requireNonNull(onFatal, "onFatal");
        this.worker = new Thread(this::run, "lumee-archive-sink");
    }

    public void start() {
        worker.start();
    }

    /** Ready once the group has given this instance its partitions. */
    public boolean assigned() {
        return assigned && worker.isAlive();
    }

    /** Stops after archiving what is batched (a SIGTERM); unarchived records stay for the next owner. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        boolean stopping = false;
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                resumeDuePartitions();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (TopicPartition partition : records.partitions()) {
                    append(partition, records.records(partition));
                }
                flushFullOrDue();
                reportLag();
            }
            stopping = true;
        } catch (WakeupException closing) {
            stopping = true;
        } catch (RuntimeException fatal) {
            LOG.error("archive-sink stopped: {}", fatal.toString(), fatal);
            onFatal.run();
        } finally {
            try {
                if (stopping) {
                    flushAll();
                } else {
                    // a dying sink writes nothing more, not even on the revocation close() triggers
                    batches.clear();
                }
            } finally {
                // leaves the group at once; nothing is committed that was not stored
                consumer.close();
            }
        }
    }

    private void append(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        PartitionBatch batch = batches.get(partition);
        if (batch == null) {
            return;  // paused for a resume: these will be fetched again from where the bucket says
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (batch.full(limits)) {
                // the next object begins at this record
                if (!flush(partition, batch, record.offset())) {
                    return;
                }
                batch = batches.get(partition);
            }
            batch.add(ArchivedRecord.of(record), clock.instant());
        }
    }

    private void flushFullOrDue() {
        Instant now = clock.instant();
        for (Map.Entry<TopicPartition, PartitionBatch> entry : new ArrayList<>(batches.entrySet())) {
            if (entry.getValue().full(limits) || entry.getValue().due(limits, now)) {
                // every record this partition returned is in the batch: the next object begins at the position
                flush(entry.getKey(), entry.getValue(), consumer.position(entry.getKey()));
            }
        }
    }

    private void flushAll() {
        for (Map.Entry<TopicPartition, PartitionBatch> entry : new ArrayList<>(batches.entrySet())) {
            if (!entry.getValue().isEmpty()) {
                flush(entry.getKey(), entry.getValue(), consumer.position(entry.getKey()));
            }
        }
    }

    /**
     * Stores the batch as {@code [start, next)}, then commits {@code next}. A failed store pauses the partition
     * and schedules a resume from the bucket (the put may have succeeded without our hearing of it).
     *
     * @return whether the object was stored
     */
    private boolean flush(TopicPartition partition, PartitionBatch batch, long next) {
        if (batch.isEmpty()) {
            return true;
        }
        ArchiveRange range = batch.range(next);
        BatchArchiver.Stored stored;
        try {
            stored = archiver.archive(range, batch.records());
        } catch (Exception failed) {
            LOG.atWarn().setMessage("archiving failed; resuming from the bucket later").addKeyValue("range", range.toString())
                    .addKeyValue("error", failed.toString()).log();
            scheduleResume(partition, true);
            return false;
        }
        if (stored.outcome() == LockedPut.Outcome.ALREADY_STORED) {
            LOG.atInfo().setMessage("range already archived by an earlier attempt").addKeyValue("range", range.toString()).log();
        }
        metrics.stored(range, stored.bytes());
        batches.put(partition, new PartitionBatch(partition, next));
        backoff.remove(partition);
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        } catch (KafkaException notCommitted) {
            // the bucket, not the group, is where a restart resumes: a lost commit costs nothing
            LOG.atWarn().setMessage("offset commit failed after the object was stored").addKeyValue("range", range.toString())
                    .addKeyValue("error", notCommitted.toString()).log();
        }
        return true;
    }

    private void scheduleResume(TopicPartition partition, boolean afterFailure) {
        consumer.pause(Set.of(partition));
        batches.remove(partition);
        Duration wait = Duration.ZERO;
        if (afterFailure) {
            wait = backoff.getOrDefault(partition, FIRST_BACKOFF);
            Duration doubled = wait.multipliedBy(2);
            backoff.put(partition, doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled);
        }
        resumeAt.put(partition, clock.instant().plus(wait));
    }

    private void resumeDuePartitions() {
        Instant now = clock.instant();
        for (Map.Entry<TopicPartition, Instant> entry : new ArrayList<>(resumeAt.entrySet())) {
            if (entry.getValue().isAfter(now)) {
                continue;
            }
            TopicPartition partition = entry.getKey();
            try {
                long start = resumePoint(partition);
                consumer.seek(partition, start);
                batches.put(partition, new PartitionBatch(partition, start));
                resumeAt.remove(partition);
                consumer.resume(Set.of(partition));
            } catch (RuntimeException failed) {
                LOG.atWarn().setMessage("cannot find where the archive of a partition ends; retrying")
                        .addKeyValue("partition", partition.toString()).addKeyValue("error", failed.toString()).log();
                scheduleResume(partition, true);
            }
        }
    }

    /**
     * Where the partition's archive ends. The committed offset is only the search's starting hint; with no
     * object at all, the archive starts at the committed offset or, without one, at the log start.
     */
    private long resumePoint(TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        long logStart = consumer.beginningOffsets(Set.of(partition)).get(partition);
        long hint = committed != null ? committed.offset() : consumer.endOffsets(Set.of(partition)).get(partition);
        Optional<ArchiveRange> last = listing.last(partition.topic(), partition.partition(), hint);
        long start = last.map(ArchiveRange::next).orElse(committed != null ? committed.offset() : logStart);
        if (last.isPresent() && committed != null && committed.offset() != start) {
            LOG.atInfo().setMessage("resuming where the bucket says, not where the group committed")
                    .addKeyValue("partition", partition.toString()).addKeyValue("archived-up-to", start)
                    .addKeyValue("committed", committed.offset()).log();
        }
        if (start < logStart) {
            LOG.atWarn().setMessage("records were deleted by retention before they were archived: archive verify will report the gap")
                    .addKeyValue("partition", partition.toString()).addKeyValue("from", start).addKeyValue("to", logStart).log();
            start = logStart;
        }
        last.ifPresent(range -> metrics.archivedUpTo(partition, range.next()));
        return start;
    }

    private void reportLag() {
        Map<String, Long> lagByTopic = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            lagByTopic.merge(partition.topic(), lag.orElse(0), Long::sum);
        }
        lagByTopic.forEach(metrics::lag);
    }

    /** Runs inside {@code poll}, on the worker thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> scheduleResume(partition, false));
            assigned = true;
        }

        /** Hands over cleanly: what is batched is archived and committed before the next owner starts. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                PartitionBatch batch = batches.remove(partition);
                if (batch != null) {
                    try {
                        flush(partition, batch, consumer.position(partition));
                    } catch (RuntimeException failed) {
                        LOG.atWarn().setMessage("could not archive a revoked partition's batch; its next owner will")
                                .addKeyValue("partition", partition.toString()).addKeyValue("error", failed.toString()).log();
                    }
                }
                forget(partition);
            }
        }

        /** Another member may own these already: writing now could overlap its objects. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> {
                batches.remove(partition);
                forget(partition);
            });
        }

        private void forget(TopicPartition partition) {
            batches.remove(partition);
            resumeAt.remove(partition);
            backoff.remove(partition);
        }
    }
}
