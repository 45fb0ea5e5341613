package io.lumee.protocol;

import java.util.Objects;

/**
 * Why a JWS was not accepted. The detail is one short line that names rules and fields and may
 * name a deviceId, but never quotes a reading value.
 */
public record JwsFailure(Reason reason, String detail) implements Verification, JwsParse, JwsDecoding {

    /**
     * {@link #MALFORMED} and {@link #PAYLOAD_SHAPE} say the input is not a well-formed reading
     * JWS; the others say it is not authentic for the registered device.
     */
    public enum Reason {
        /** Not a compact JWS: wrong part count, bad base64url, a header without alg or kid, or too long. */
        MALFORMED,
        /** {@code alg} is neither HS256 nor ES256 ({@code none} included). */
        UNSUPPORTED_ALGORITHM,
        /** The protected header has members besides {@code alg} and {@code kid}. */
        UNEXPECTED_HEADER,
        /** {@code alg} is not the one the device is registered with. */
        ALGORITHM_MISMATCH,
        /** HS256: no active master secret has this kid. ES256: the kid is not the registered JWK's. */
        UNKNOWN_KEY_ID,
        /** The signature does not verify. */
        BAD_SIGNATURE,
        /** The payload is not a valid reading; the detail lists the problems. */
        PAYLOAD_SHAPE,
        /** The signed payload's deviceId is not the device whose key verified it. */
        DEVICE_MISMATCH
    }

    public JwsFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
