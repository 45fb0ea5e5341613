package io.lumee.fhirsink.rejection;

import io.lumee.fhirsink.bundle.SourceRecord;
import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The {@code lumee.rejected} record of a reading the FHIR server refused: {@code SINK_REJECTED}, keyed by
 * deviceId, carrying the original bundle bytes for replay and the reading headers, so a replayed record
 * measures latency like any other.
 */
public final class Rejections {
    public static final String STAGE = "fhir-sink";

    private final String topic;

    public Rejections(String topic) {
        this.topic = topic;
    }

    /** @param detail already free of patient identifiers ({@link OutcomeRedactor}) */
    public ProducerRecord<String, Rejection> record(SourceRecord source, String detail, Instant at) {
        Rejection rejection = Rejection.newBuilder()
                .setReadingId(source.headers().map(ReadingHeaders::readingId).orElse(null))
                .setDeviceId(source.headers().map(ReadingHeaders::deviceId).orElse(null))
                .setReason(RejectionReason.SINK_REJECTED)
                .setDetail(detail)
                .setStage(STAGE)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginal(ByteBuffer.wrap(source.value()))
                .setAt(at)
                .build();
        String deviceId = rejection.getDeviceId();
        return source.headers()
                .map(headers -> headers.producerRecord(topic, deviceId, rejection))
                .orElseGet(() -> new ProducerRecord<>(topic, deviceId, rejection));
    }
}
