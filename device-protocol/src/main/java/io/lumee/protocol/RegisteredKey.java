package io.lumee.protocol;

import com.nimbusds.jose.jwk.ECKey;
import java.text.ParseException;

/**
 * How a device is registered to sign, as its registration says. The verifier accepts only this
 * algorithm for the device, so an HS256 JWS can never pass for an ES256 device (alg confusion).
 */
public sealed interface RegisteredKey permits RegisteredKey.Hs256, RegisteredKey.Es256 {

    String deviceId();

    JwsAlgorithm algorithm();

    static RegisteredKey hs256(String deviceId) {
        return new Hs256(deviceId);
    }

    static RegisteredKey es256(String deviceId, ECKey publicJwk) {
        return new Es256(deviceId, publicJwk);
    }

    /**
     * From a registration's fields as stored: the alg name and, for ES256, the public JWK as JSON.
     *
     * @throws IllegalArgumentException with one line when the registration cannot be used
     */
    static RegisteredKey of(String deviceId, String alg, String publicKeyJwk) {
        JwsAlgorithm algorithm = JwsAlgorithm.byName(alg).orElseThrow(() -> new IllegalArgumentException(
                "device " + deviceId + " is registered for alg " + alg + "; only HS256 and ES256 are accepted"));
        if (algorithm == JwsAlgorithm.HS256) {
            return new Hs256(deviceId);
        }
        if (publicKeyJwk == null) {
            throw new IllegalArgumentException("device " + deviceId + " is registered for ES256 without a public JWK");
        }
        try {
            return new Es256(deviceId, ECKey.parse(publicKeyJwk));
        } catch (ParseException e) {
            throw new IllegalArgumentException("device " + deviceId + " has a public JWK that is not an EC JWK", e);
        }
    }

    /** The device key is derived from an active master secret and the deviceId; nothing per device is stored. */
    record Hs256(String deviceId) implements RegisteredKey {
        public Hs256 {
            requireDeviceId(deviceId);
        }

        @Override
        public JwsAlgorithm algorithm() {
            return JwsAlgorithm.HS256;
        }
    }

    /** The device's own P-256 key pair; the registration holds the public JWK, its kid is the JWS kid. */
    record Es256(String deviceId, ECKey publicJwk) implements RegisteredKey {
        public Es256 {
            requireDeviceId(deviceId);
            Es256Jwk.requireVerificationKey(publicJwk);
        }

        @Override
        public JwsAlgorithm algorithm() {
            return JwsAlgorithm.ES256;
        }
    }

    private static void requireDeviceId(String deviceId) {
        if (!ReadingRules.isDeviceId(deviceId)) {
            throw new IllegalArgumentException(ReadingField.DEVICE_ID.invalid());
        }
    }
}
