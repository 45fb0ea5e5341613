package io.lumee.processor.schema;

import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Step 1: the record on {@code lumee.raw} is a {@code LumeeReading} in the Confluent wire format, keyed by
 * its deviceId and in the partition Kafka's default partitioner gives that key. Device state lives in the
 * task owning the key's partition, so a record anywhere else would be judged against the wrong state.
 */
public final class RawRecordCheck {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Producers set the record timestamp to receivedAt; a minute covers one that stamps the record first. */
    static final Duration RECEIPT_TOLERANCE = Duration.ofMinutes(1);

    private final Deserializer<LumeeReading> deserializer;
    private final int partitions;

    /** @param partitions the partition count of {@code lumee.raw} */
    public RawRecordCheck(Deserializer<LumeeReading> deserializer, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        this.deserializer = deserializer;
        this.partitions = partitions;
    }

    /**
     * @param timestamp the record's own timestamp, which the broker accepted: {@code receivedAt} may not lie
     *     after it (beyond {@link #RECEIPT_TOLERANCE}) nor before 1970, since every output and refusal is
     *     timestamped {@code receivedAt} and Kafka refuses negative or far-future timestamps
     */
    public Verdict<LumeeReading> check(String topic, byte[] key, byte[] value, int partition, long timestamp) {
        if (value == null || value.length == 0) {
            return Verdict.reject(RejectionReason.SCHEMA, "empty value");
        }
        LumeeReading reading;
        try {
            reading = deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            return Verdict.reject(RejectionReason.SCHEMA,
                    "not a LumeeReading in the Confluent wire format (" + e.getClass().getSimpleName() + ")");
        }
        if (reading == null) {
            return Verdict.reject(RejectionReason.SCHEMA, "value decodes to nothing");
        }
        String deviceId = reading.getDeviceId();
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            return Verdict.reject(RejectionReason.SCHEMA, "deviceId is not 1-64 of [A-Za-z0-9._-]");
        }
        if (!reading.getReadingId().equals(deviceId + ":" + reading.getEpoch() + ":" + reading.getSequence())) {
            return Verdict.reject(RejectionReason.SCHEMA, "readingId is not <deviceId>:<epoch>:<sequence>");
        }
        if (reading.getEpoch() < 0 || reading.getSequence() < 0) {
            return Verdict.reject(RejectionReason.SCHEMA, "epoch and sequence must not be negative");
        }
        long receivedAt = reading.getReceivedAt().toEpochMilli();
        if (receivedAt < 0 || receivedAt > timestamp + RECEIPT_TOLERANCE.toMillis()) {
            return Verdict.reject(RejectionReason.SCHEMA, "receivedAt is before 1970 or after the record's timestamp");
        }
        byte[] expectedKey = deviceId.getBytes(StandardCharsets.UTF_8);
        if (key == null || !Arrays.equals(key, expectedKey)) {
            return Verdict.reject(RejectionReason.SCHEMA, "record key is not the reading's deviceId");
        }
        int expectedPartition = Utils.toPositive(Utils.murmur2(expectedKey)) % partitions;
        if (partition != expectedPartition) {
            return Verdict.reject(RejectionReason.SCHEMA, "record is in partition " + partition
                    + " but murmur2 of its key gives " + expectedPartition + " of " + partitions);
        }
        return Verdict.pass(reading);
    }
}
