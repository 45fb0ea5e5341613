package io.lumee.processor.dedup;

/** What became of a reading, as the duplicate filter remembers it. */
public enum Outcome {
    HELD, REJECTED, DELIVERED;

    private static final Outcome[] BY_CODE = values();

    byte code() {
        return (byte) ordinal();
    }

    static Outcome ofCode(byte code) {
        return BY_CODE[code];
    }
}
