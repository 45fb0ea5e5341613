package io.lumee.fhirsink.kafka;

import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.delivery.ParallelDelivery;
import io.lumee.fhirsink.rejection.Rejected;
import io.lumee.fhirsink.rejection.Rejections;
import io.lumee.schemas.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one FHIR topic: poll, deliver the poll's bundles ({@link ParallelDelivery}), then write the
 * refused readings to {@code lumee.rejected} and commit the offsets in one Kafka transaction
 * ({@code sendOffsetsToTransaction}). So offsets move only after the server stored a reading or its
 * rejection is written, and a crash between the two never writes a rejection twice: the next owner
 * of the partition does the whole batch again, which the server absorbs (conditional creates, PUT).
 *
 * <p>While a batch waits for the server, which may be away for as long as it takes, the thread keeps
 * polling with every partition paused: the group keeps it as a member and the backlog stays in Kafka.
 * A rebalance meanwhile is harmless: offsets and rejections of partitions no longer owned are dropped
 * (their new owner does them again), and partitions that come back are paused and re-positioned.
 */
public final class TopicDrain implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicDrain.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, Rejection> producer;
    private final BundleReader reader;
    private final ParallelDelivery delivery;
    private final Rejections rejections;
    private final AtomicLong lag = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean joined;
    private java.util.function.Consumer<Throwable> onFatal = failure -> { };
    // touched by the polling thread only (rebalance callbacks run inside poll)
    private boolean inBatch;
    private boolean rebalancedInBatch;

    public TopicDrain(String topic, Consumer<String, byte[]> consumer,
            Producer<String, Rejection> producer, BundleReader reader, ParallelDelivery delivery, Rejections rejections) {
        this.topic = topic;
        this.consumer = consumer;
        this.producer = producer;
        this.reader = reader;
        this.delivery = delivery;
        this.rejections = rejections;
        this.thread = new Thread(this::run, "drain-" + topic);
    }

    /** Starts polling; {@code onFatal} hears of a failure no retry cures (a fenced producer, lost authorization). */
    public void start(java.util.function.Consumer<Throwable> onFatal) {
        this.onFatal = onFatal;
        thread.start();
    }

    /** Running and a member of its group. */
    public boolean ready() {
        return thread.isAlive() && joined && !closing;
    }

    /** Records behind the end of the topic over the assigned partitions, as of the last poll. */
    public long lag() {
        return lag.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalances());
            producer.initTransactions();
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                updateLag();
                if (!records.isEmpty()) {
                    drain(PollBatch.read(records, reader));
                }
            }
        } catch (WakeupException | InterruptedException stopped) {
            if (!closing) {
                onFatal.accept(stopped);
            }
        } catch (RuntimeException | Error failed) {
            if (!closing) {
                LOG.atError().setMessage("drain stopped").addKeyValue("topic", topic)
                        .addKeyValue("failure", failed.getClass().getName()).log();
                onFatal.accept(failed);
            }
        } finally {
            producer.close(CLOSE_TIMEOUT);
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void drain(PollBatch batch) throws InterruptedException {
        inBatch = true;
        rebalancedInBatch = false;
        List<Rejected> rejected = new ArrayList<>(batch.unreadable());
        try {
            rejected.addAll(awaitKeepingMembership(delivery.deliver(batch.groups())));
        } finally {
            inBatch = false;
            consumer.resume(consumer.paused());
        }
        commit(batch, rejected);
    }

    private List<Rejected> awaitKeepingMembership(CompletableFuture<List<Rejected>> delivered) throws InterruptedException {
        while (true) {
            try {
                return delivered.get(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                // max.poll.interval.ms applies while the server is away: poll, paused, to stay in the group
                consumer.pause(consumer.assignment());
                rewind(consumer.poll(Duration.ZERO));
                updateLag();
            } catch (ExecutionException failed) {
                if (closing) {
                    throw new InterruptedException("closing");
                }
                throw new IllegalStateException("delivery failed", failed.getCause());
            }
        }
    }

    /** Writes the rejections and commits the offsets of the partitions still owned, all or nothing. */
    private void commit(PollBatch batch, List<Rejected> rejected) {
        Set<TopicPartition> owned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(batch.next());
        offsets.keySet().retainAll(owned);
        if (offsets.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        try {
            producer.beginTransaction();
            for (Rejected reading : rejected) {
                if (owned.contains(new TopicPartition(reading.source().topic(), reading.source().partition()))) {
                    producer.send(rejections.record(reading.source(), reading.detail(), now));
                }
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            if (rebalancedInBatch) {
                // a partition that came back mid-batch was re-positioned to its old commit
                offsets.forEach((partition, offset) -> consumer.seek(partition, offset.offset()));
            }
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException fatal) {
            throw fatal;
        } catch (KafkaException abortable) {
            LOG.atWarn().setMessage("commit failed; the batch will be delivered again").addKeyValue("topic", topic)
                    .addKeyValue("failure", abortable.getClass().getSimpleName()).log();
            producer.abortTransaction();
            batch.first().forEach((partition, offset) -> {
                if (owned.contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
        }
    }

    /** Records a keep-alive poll returned anyway are fetched again after the batch. */
    private void rewind(ConsumerRecords<String, byte[]> stray) {
        for (TopicPartition partition : stray.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = stray.records(partition);
            consumer.seek(partition, records.get(0).offset());
        }
    }

    private void updateLag() {
        long sum = 0;
        for (TopicPartition partition : consumer.assignment()) {
            sum += consumer.currentLag(partition).orElse(0);
        }
        lag.set(sum);
    }

    /** Stops polling; a batch in flight is abandoned uncommitted, to be delivered again by the next owner. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        delivery.close();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis() * 3);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            rebalancedInBatch |= inBatch;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joined = true;
            if (inBatch) {
                rebalancedInBatch = true;
                consumer.pause(partitions);
            }
        }
    }
}
