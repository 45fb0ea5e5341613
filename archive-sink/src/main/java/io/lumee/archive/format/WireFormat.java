package io.lumee.archive.format;

import java.nio.ByteBuffer;
import java.util.OptionalInt;

/** The Confluent wire format of Avro values: magic byte 0, the 4-byte registry content id, Avro binary. */
public final class WireFormat {
    public static final int HEADER_BYTES = 5;
    private static final byte MAGIC = 0;

    private WireFormat() {}

    /** The content id, when the value is framed; empty for a tombstone or anything else. */
    public static OptionalInt contentId(byte[] value) {
        if (value == null || value.length < HEADER_BYTES || value[0] != MAGIC) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(ByteBuffer.wrap(value, 1, 4).getInt());
    }
}
