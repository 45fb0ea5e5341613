package io.lumee.protocol;

import java.util.Objects;

/**
 * A JWS whose signature verified with the registered device's key and whose payload is a valid
 * reading of that device.
 *
 * @param payload the signed bytes exactly as the device wrote them, unknown members included
 */
public record VerifiedJws(JwsHeader header, byte[] payload, Reading reading) implements Verification {

    public VerifiedJws {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(reading, "reading");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Without the payload: it carries reading values, and this string may reach a log. */
    @Override
    public String toString() {
        return "VerifiedJws[" + header + ", " + reading + "]";
    }
}
