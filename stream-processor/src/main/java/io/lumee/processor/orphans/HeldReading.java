package io.lumee.processor.orphans;

import io.lumee.clinical.SourceCoordinates;
import io.lumee.processor.rules.HoldReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A reading waiting for its device's registration or patient assignment: the record's original bytes
 * (replayed through every rule on release) and what the accounting needs without decoding them.
 *
 * @param heldAt wall-clock time the hold began; holds expire on wall-clock time, since stream time stops
 *     when input stops
 */
public record HeldReading(String readingId, String deviceId, Instant deviceTime, Instant receivedAt,
                          byte[] value, SourceCoordinates source, Instant heldAt, HoldReason reason) {

    public HeldReading {
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceTime, "deviceTime");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(heldAt, "heldAt");
        Objects.requireNonNull(reason, "reason");
    }

    /** Unique per arrival: the same reading sent twice while on hold is held twice, and both are accounted. */
    String storeKey() {
        return deviceId + ":" + readingId + "@" + source.partition() + ":" + source.offset();
    }

    public HeldReading withReason(HoldReason newReason) {
        return new HeldReading(readingId, deviceId, deviceTime, receivedAt, value, source, heldAt, newReason);
    }

    /** The epoch part of the readingId, which the raw-record check has already validated. */
    public int epoch() {
        return Integer.parseInt(readingId.substring(deviceId.length() + 1, readingId.lastIndexOf(':')));
    }

    public long sequence() {
        return Long.parseLong(readingId.substring(readingId.lastIndexOf(':') + 1));
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(readingId);
            out.writeUTF(deviceId);
            out.writeLong(deviceTime.toEpochMilli());
            out.writeLong(receivedAt.toEpochMilli());
            out.writeUTF(source.topic());
            out.writeInt(source.partition());
            out.writeLong(source.offset());
            out.writeLong(heldAt.toEpochMilli());
            out.writeUTF(reason.name());
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static HeldReading decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String readingId = in.readUTF();
            String deviceId = in.readUTF();
            Instant deviceTime = Instant.ofEpochMilli(in.readLong());
            Instant receivedAt = Instant.ofEpochMilli(in.readLong());
            SourceCoordinates source = new SourceCoordinates(in.readUTF(), in.readInt(), in.readLong());
            Instant heldAt = Instant.ofEpochMilli(in.readLong());
            HoldReason reason = HoldReason.valueOf(in.readUTF());
            byte[] value = in.readNBytes(in.readInt());
            return new HeldReading(readingId, deviceId, deviceTime, receivedAt, value, source, heldAt, reason);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt orphan-hold entry", e);
        }
    }

    @Override
    public String toString() {
        return "HeldReading[" + readingId + ", " + reason + "]";
    }
}
