package io.lumee.protocol;

/** Size bounds, so a receiver can refuse oversized input before parsing it. */
public final class ProtocolLimits {

    /**
     * The largest reading JSON accepted, in bytes. A reading is about 200 bytes; the headroom is
     * for the unknown members devices may add.
     */
    public static final int MAX_READING_BYTES = 8 * 1024;

    /** The longest compact JWS accepted, in characters: a largest payload in base64url, with room for header and signature. */
    public static final int MAX_JWS_CHARS = 16 * 1024;

    private ProtocolLimits() {}
}
