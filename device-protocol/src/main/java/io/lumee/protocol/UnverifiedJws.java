package io.lumee.protocol;

import java.util.Objects;

/**
 * A reading JWS taken apart WITHOUT checking its signature: for the edge-gateway, which checks
 * shape and identity at the door and leaves verification to the processor. Nothing here is
 * authentic; use {@link JwsVerifier} for that.
 *
 * @param payload the payload bytes exactly as sent
 */
public record UnverifiedJws(JwsHeader header, byte[] payload, Reading reading) implements JwsParse {

    public UnverifiedJws {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(reading, "reading");
        payload = payload.clone();
    }

    /**
     * Checks the compact serialization, the header (alg HS256 or ES256, kid, nothing else) and the
     * payload's shape. Never throws for bad input.
     */
    public static JwsParse parse(String compactJws) {
        JwsDecoding decoded = CompactJws.decode(compactJws);
        if (decoded instanceof JwsFailure failure) {
            return failure;
        }
        CompactJws jws = (CompactJws) decoded;
        ReadingParse reading = ReadingParser.parse(jws.payload());
        if (reading instanceof ReadingParse.Invalid invalid) {
            return new JwsFailure(JwsFailure.Reason.PAYLOAD_SHAPE, invalid.summary());
        }
        return new UnverifiedJws(jws.header(), jws.payload(), ((ReadingParse.Valid) reading).reading());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Without the payload: it carries reading values, and this string may reach a log. */
    @Override
    public String toString() {
        return "UnverifiedJws[" + header + ", " + reading + "]";
    }
}
