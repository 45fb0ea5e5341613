package io.lumee.hl7bridge.kafka;

import io.lumee.hl7bridge.delivery.Courier;
import io.lumee.hl7bridge.delivery.OutboundMessage;
import io.lumee.hl7bridge.delivery.Outcome;
import io.lumee.hl7bridge.lanes.PatientLanes;
import io.lumee.hl7bridge.metrics.BridgeMetrics;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's data path. One thread owns the consumer and the transactional producer: it polls
 * {@code lumee.hl7v2.oru}, hands each record to the lane of its patient key, collects what the lanes
 * finished, and every commit interval commits, per partition, up to the lowest offset not yet done or
 * rejected, in one transaction with the rejections below that offset. A crash therefore loses
 * nothing: what was not committed is read and sent again (same bytes, same MSH-10), and a rejection is
 * written exactly when its offset is committed, so it is written once.
 */
public final class Hl7Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Bridge.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** The bridge's own settings around its clients. */
    public record Settings(String groupId, int maxInFlight, Duration commitInterval, Duration releaseTimeout) {
        public Settings {
            Objects.requireNonNull(groupId, "groupId");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1");
            }
            Objects.requireNonNull(commitInterval, "commitInterval");
            Objects.requireNonNull(releaseTimeout, "releaseTimeout");
        }
    }

    /** A record handed to a lane, with the claim of its partition. */
    private record Pending(ConsumerRecord<String, String> record, PartitionWork work) {
        String patientKey() {
            return record.key() == null ? "" : record.key();
        }
    }

    private record Completion(Pending pending, Outcome outcome) { }

    /** A Kafka error after which this producer can do nothing more: another instance took over, or access was revoked. */
    private static final class FatalKafkaError extends RuntimeException {
        FatalKafkaError(KafkaException cause) {
            super(cause);
        }
    }

    private final Settings settings;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, Rejection> producer;
    private final Topic<String, String> source;
    private final Topic<String, Rejection> rejected;
    private final List<Courier> couriers;
    private final PatientLanes<Pending> lanes;
    private final BridgeMetrics metrics;
    private final Runnable onFatal;
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final AtomicLong lag = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean alive;
    private int inFlight;
    private long lastCommit = System.nanoTime();

    /**
     * @param couriers one per lane
     * @param onFatal called (from the bridge's thread) when it stops on an unrecoverable Kafka error
     */
    public Hl7Bridge(Settings settings, KafkaConsumer<String, String> consumer, KafkaProducer<String, Rejection> producer,
                     Topic<String, String> source, Topic<String, Rejection> rejected, List<Courier> couriers,
                     BridgeMetrics metrics, Runnable onFatal) {
        this.settings = settings;
        this.consumer = consumer;
        this.producer = producer;
        this.source = source;
        this.rejected = rejected;
        this.couriers = List.copyOf(couriers);
        this.metrics = metrics;
        this.onFatal = onFatal;
        this.lanes = new PatientLanes<>(this.couriers.size(), Pending::patientKey,
                lane -> pending -> deliver(this.couriers.get(lane), pending));
        metrics.lag(settings.groupId(), source.name(), lag);
        this.thread = new Thread(this::run, "hl7-bridge-consumer");
    }

    /** Sets up transactions (fencing an earlier instance with the same transactional id) and starts consuming. */
    public void start() {
        producer.initTransactions();
        consumer.subscribe(List.of(source.name()), new Rebalance());
        alive = true;
        thread.start();
    }

    /** Consuming and able to commit; false once stopped or failed. */
    public boolean isRunning() {
        return alive;
    }

    /** Stops consuming, lets every lane give back its record, commits what is done, and closes the clients. */
    @Override
    public void close() {
        running = false;
        if (!alive && thread.getState() == Thread.State.NEW) {
            // never started: nothing to release
            closeClients();
            return;
        }
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            // the caller gives up waiting; the bridge's thread still finishes its release
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean failed = false;
        try {
            try {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        handOver(record);
                    }
                    drainCompletions();
                    applyBackpressure();
                    if (System.nanoTime() - lastCommit >= settings.commitInterval().toNanos()) {
                        commit(partitions.values());
                        updateLag();
                    }
                }
            } catch (WakeupException stopping) {
                // close() cut a poll short
            }
            release(new ArrayList<>(partitions.values()), true);
        } catch (RuntimeException failure) {
            // FatalKafkaError: another instance with our transactional id took over, or access was revoked
            LOG.error("stopping: the bridge cannot go on", failure instanceof FatalKafkaError ? failure.getCause() : failure);
            failed = true;
            releaseQuietly();
        } finally {
            alive = false;
            closeClients();
        }
        if (failed) {
            onFatal.run();
        }
    }

    /** Stops the lanes' deliveries without committing: what they held is read again by the next owner. */
    private void releaseQuietly() {
        try {
            release(new ArrayList<>(partitions.values()), false);
        } catch (RuntimeException again) {
            LOG.warn("releasing partitions after a failure failed too: {}", again.toString());
        }
    }

    private void handOver(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionWork work = partitions.computeIfAbsent(partition, PartitionWork::new);
        work.handedOver(record.offset());
        inFlight++;
        lanes.submit(new Pending(record, work));
    }

    /** On a lane's thread. */
    private void deliver(Courier courier, Pending pending) {
        Outcome outcome;
        if (pending.work().claim.cancelled()) {
            outcome = new Outcome.Abandoned();
        } else {
            outcome = OutboundMessage.of(pending.record().value())
                    .map(message -> courier.deliver(message, pending.work().claim))
                    .orElseGet(() -> new Outcome.Rejected("not an HL7 v2 message with an MSH-10; nothing was sent", 0));
        }
        completions.add(new Completion(pending, outcome));
    }

    private void drainCompletions() {
        for (Completion completion = completions.poll(); completion != null; completion = completions.poll()) {
            complete(completion);
        }
    }

    private void complete(Completion completion) {
        inFlight--;
        ConsumerRecord<String, String> record = completion.pending().record();
        PartitionWork work = completion.pending().work();
        if (partitions.get(work.partition) != work) {
            // a record of a partition already released; its next owner sends it again
            return;
        }
        Instant now = Instant.now();
        Outcome outcome = completion.outcome();
        if (outcome instanceof Outcome.Delivered) {
            work.returned(record.offset(), true);
            metrics.delivered(SinkRejections.headersOf(record).orElse(null), now);
        } else if (outcome instanceof Outcome.Rejected refused) {
            work.returned(record.offset(), true);
            work.rejected(record.offset(), SinkRejections.of(record, refused.detail(), rejected.name(), now));
            metrics.rejected();
        } else {
            work.returned(record.offset(), false);
        }
    }

    /** Bounds what the lanes hold: pause every partition above the bound, resume below half of it. */
    private void applyBackpressure() {
        if (inFlight >= settings.maxInFlight()) {
            consumer.pause(consumer.assignment());
        } else if (inFlight <= settings.maxInFlight() / 2 && !consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /**
     * Commits, for each partition whose committable offset moved, that offset together with the
     * rejections below it, in one transaction. On an abortable failure nothing is committed and
     * nothing is lost: the same offsets and rejections are tried again next time.
     */
    private void commit(Collection<PartitionWork> works) {
        lastCommit = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<ProducerRecord<String, Rejection>> rejections = new ArrayList<>();
        for (PartitionWork work : works) {
            OptionalLong next = work.commitDue();
            if (next.isPresent()) {
                offsets.put(work.partition, new OffsetAndMetadata(next.getAsLong()));
                rejections.addAll(work.rejectionsBelow(next.getAsLong()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            rejections.forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException fatal) {
            throw new FatalKafkaError(fatal);
        } catch (KafkaException failed) {
            LOG.warn("commit failed; it is retried at the next interval: {}", failed.toString());
            abort();
            return;
        }
        for (PartitionWork work : works) {
            OffsetAndMetadata offset = offsets.get(work.partition);
            if (offset != null) {
                work.committed(offset.offset());
            }
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException cannotAbort) {
            throw new FatalKafkaError(cannotAbort);
        }
    }

    /**
     * Gives up partitions: their deliveries are cancelled (an exchange in progress is cut short),
     * queued records withdrawn, and once the lanes have given back every record, what is finished is
     * committed (unless the partitions were lost, when another consumer may already own them).
     */
    private void release(List<PartitionWork> works, boolean commit) {
        if (works.isEmpty()) {
            return;
        }
        works.forEach(PartitionWork::revoke);
        lanes.withdraw(pending -> works.contains(pending.work()))
                .forEach(pending -> complete(new Completion(pending, new Outcome.Abandoned())));
        long deadline = System.nanoTime() + settings.releaseTimeout().toNanos();
        while (works.stream().anyMatch(work -> work.outstanding() > 0) && System.nanoTime() < deadline) {
            couriers.forEach(Courier::abortIfCancelled);
            try {
                Completion completion = completions.poll(50, TimeUnit.MILLISECONDS);
                if (completion != null) {
                    complete(completion);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (commit) {
            commit(works);
        }
        works.forEach(work -> partitions.remove(work.partition));
    }

    private void updateLag() {
        long total = 0;
        for (PartitionWork work : partitions.values()) {
            total += work.tracker.unfinishedCount();
        }
        for (TopicPartition partition : consumer.assignment()) {
            total += consumer.currentLag(partition).orElse(0);
        }
        lag.set(total);
    }

    private void closeClients() {
        lanes.close();
        couriers.forEach(Courier::close);
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer failed: {}", e.toString());
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("closing the producer failed: {}", e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            release(worksOf(revoked), true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            release(worksOf(lost), false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assigned.forEach(partition -> partitions.computeIfAbsent(partition, PartitionWork::new));
        }

        private List<PartitionWork> worksOf(Collection<TopicPartition> partitionsGone) {
            return partitionsGone.stream().map(partitions::get).filter(Objects::nonNull).toList();
        }
    }
}
