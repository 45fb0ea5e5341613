package io.lumee.gateway.audit;

import io.lumee.schemas.AuditAction;
import io.lumee.schemas.AuditRecord;
import io.lumee.schemas.topics.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link AuditRecord}s to {@code lumee.audit} off the caller's thread: refusals happen on TLS and
 * request threads, which must not wait for Kafka. The queue is bounded so a flood of refused handshakes
 * cannot exhaust memory; what does not fit is counted ({@code lumee_gateway_audit_dropped_total}) and
 * logged, never lost silently.
 */
public final class AuditTrail implements AutoCloseable {

    public static final String SERVICE = "edge-gateway";
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int QUEUE = 10_000;

    private final Producer<String, AuditRecord> producer;
    private final Topic<String, AuditRecord> topic;
    private final ThreadPoolExecutor sender;
    private final Counter dropped;

    public AuditTrail(Producer<String, AuditRecord> producer, Topic<String, AuditRecord> topic, MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "lumee-audit");
            thread.setDaemon(true);
            return thread;
        });
        this.dropped = Counter.builder("lumee.gateway.audit.dropped")
                .description("Audit records that could not be queued or sent").register(meters);
    }

    /** A refusal or event worth an audit line; {@code deviceId}, {@code peer} and {@code reason} may be null. */
    public void record(AuditAction action, String outcome, String deviceId, String peer, String reason, String detail) {
        AuditRecord record = AuditRecord.newBuilder()
                .setAt(Instant.now())
                .setService(SERVICE)
                .setAction(action)
                .setOutcome(outcome)
                .setDeviceId(deviceId)
                .setPeer(peer)
                .setReason(reason)
                .setDetail(detail)
                .build();
        try {
            sender.execute(() -> send(record));
        } catch (RejectedExecutionException full) {
            dropped.increment();
            LOG.warn("audit queue full or closed; dropped {} {} for {}", action, reason, peer);
        }
    }

    private void send(AuditRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, record.getAt().toEpochMilli(), record.getDeviceId(), record), (metadata, failure) -> {
                if (failure != null) {
                    dropped.increment();
                    LOG.warn("audit record {} {} not written: {}", record.getAction(), record.getReason(), failure.toString());
                }
            });
        } catch (RuntimeException failure) {
            dropped.increment();
            LOG.warn("audit record {} {} not written: {}", record.getAction(), record.getReason(), failure.toString());
        }
    }

    /** Sends what is queued, then flushes; the producer itself is closed by its owner. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }
}
