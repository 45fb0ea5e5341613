package io.lumee.fhirsink.bundle;

import io.lumee.platform.kafka.ReadingHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * A record read from {@code lumee.fhir.r4} or {@code .r5}: where it sits, its key (the patient key), its
 * value bytes exactly as read (a rejection carries them for replay) and its reading headers, when it
 * has them. {@link #toString()} names the coordinates only: the value holds a patient identifier.
 */
public record SourceRecord(String topic, int partition, long offset, String key, byte[] value,
        Optional<ReadingHeaders> headers) {

    public SourceRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(headers, "headers");
    }

    @Override
    public String toString() {
        return "SourceRecord[" + topic + "/" + partition + "/" + offset + "]";
    }
}
