package io.lumee.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers every record about a reading carries, so sinks measure latency and report without
 * parsing payloads: {@code lumee-reading-id}, {@code lumee-device-id}, and {@code lumee-device-time},
 * {@code lumee-received-at} as epoch milliseconds in decimal text. Times keep millisecond precision,
 * as on the wire.
 *
 * <p>The record timestamp is {@code receivedAt}, never the device clock: brokers refuse timestamps far
 * in the future, and Streams outputs inherit their input's timestamp.
 */
public record ReadingHeaders(String readingId, String deviceId, Instant deviceTime, Instant receivedAt) {

    public static final String READING_ID = "lumee-reading-id";
    public static final String DEVICE_ID = "lumee-device-id";
    public static final String DEVICE_TIME = "lumee-device-time";
    public static final String RECEIVED_AT = "lumee-received-at";

    public ReadingHeaders {
        if (readingId == null || readingId.isEmpty()) {
            throw new IllegalArgumentException("readingId must not be empty");
        }
        if (deviceId == null || deviceId.isEmpty()) {
            throw new IllegalArgumentException("deviceId must not be empty");
        }
        deviceTime = Objects.requireNonNull(deviceTime, "deviceTime").truncatedTo(ChronoUnit.MILLIS);
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A record to {@code topic} timestamped {@code receivedAt} and carrying these headers; Kafka's partitioner picks the partition. */
    public <K, V> ProducerRecord<K, V> producerRecord(String topic, K key, V value) {
        ProducerRecord<K, V> record = new ProducerRecord<>(topic, null, receivedAt.toEpochMilli(), key, value);
        writeTo(record.headers());
        return record;
    }

    /** Sets the four headers, replacing earlier values so a forwarded record carries one of each. */
    public void writeTo(Headers headers) {
        put(headers, READING_ID, readingId);
        put(headers, DEVICE_ID, deviceId);
        put(headers, DEVICE_TIME, Long.toString(deviceTime.toEpochMilli()));
        put(headers, RECEIVED_AT, Long.toString(receivedAt.toEpochMilli()));
    }

    /** Reads the four headers (the last value of each); a missing or malformed one is named in the exception. */
    public static ReadingHeaders readFrom(Headers headers) {
        return new ReadingHeaders(
                text(headers, READING_ID),
                text(headers, DEVICE_ID),
                epochMillis(headers, DEVICE_TIME),
                epochMillis(headers, RECEIVED_AT));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            throw new IllegalArgumentException("record lacks header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Instant epochMillis(Headers headers, String name) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(text(headers, name)));
        } catch (NumberFormatException notDecimal) {
            throw new IllegalArgumentException("header " + name + ": expected epoch milliseconds as decimal text");
        }
    }
}
