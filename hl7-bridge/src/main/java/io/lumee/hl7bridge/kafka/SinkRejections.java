package io.lumee.hl7bridge.kafka;

import io.lumee.hl7bridge.metrics.BridgeMetrics;
import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A message the EHR refused, as a {@code lumee.rejected} record: {@code SINK_REJECTED}, keyed by
 * deviceId like every DLQ record, carrying the reading's headers, the original ER7 (for replay) and a
 * detail that holds the acknowledgement's codes and scrubbed text, never a patient identifier or value.
 */
final class SinkRejections {
    private SinkRejections() {
    }

    static ProducerRecord<String, Rejection> of(ConsumerRecord<String, String> record, String detail, String topic, Instant now) {
        Optional<ReadingHeaders> headers = headersOf(record);
        byte[] original = record.value() == null ? new byte[0] : record.value().getBytes(StandardCharsets.UTF_8);
        Rejection rejection = Rejection.newBuilder()
                .setReadingId(headers.map(ReadingHeaders::readingId).orElse(null))
                .setDeviceId(headers.map(ReadingHeaders::deviceId).orElse(null))
                .setReason(RejectionReason.SINK_REJECTED)
                .setDetail(detail)
                .setStage(BridgeMetrics.STAGE)
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setOriginal(ByteBuffer.wrap(original))
                .setAt(now)
                .build();
        return headers.map(h -> h.producerRecord(topic, h.deviceId(), rejection))
                .orElseGet(() -> new ProducerRecord<>(topic, null, rejection));
    }

    /** The reading's headers, or empty for a record without them (produced by hand, or by something else). */
    static Optional<ReadingHeaders> headersOf(ConsumerRecord<?, ?> record) {
        try {
            return Optional.of(ReadingHeaders.readFrom(record.headers()));
        } catch (IllegalArgumentException missing) {
            return Optional.empty();
        }
    }
}
