package io.lumee.protocol;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * What an EC JWK must be to sign or verify readings: P-256 with a kid, and where the JWK limits
 * its own use ({@code alg}, {@code use}, {@code key_ops}), limited to ES256 signatures.
 */
final class Es256Jwk {

    private Es256Jwk() {}

    static ECKey requireSigningKey(ECKey jwk) {
        requireEs256(jwk, KeyOperation.SIGN);
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException(describe(jwk) + " has no private part to sign with");
        }
        return jwk;
    }

    // A registration holding the private half would mean the device key has leaked.
    static ECKey requireVerificationKey(ECKey jwk) {
        requireEs256(jwk, KeyOperation.VERIFY);
        if (jwk.isPrivate()) {
            throw new IllegalArgumentException(describe(jwk) + " holds a private key; register the public JWK only");
        }
        return jwk;
    }

    private static void requireEs256(ECKey jwk, KeyOperation operation) {
        if (jwk == null) {
            throw new IllegalArgumentException("an ES256 JWK is required");
        }
        if (jwk.getKeyID() == null || jwk.getKeyID().isEmpty()) {
            throw new IllegalArgumentException("ES256 JWK has no kid");
        }
        if (!Curve.P_256.equals(jwk.getCurve())) {
            throw new IllegalArgumentException(describe(jwk) + " is not on curve P-256");
        }
        if (jwk.getAlgorithm() != null && !JwsAlgorithm.ES256.name().equals(jwk.getAlgorithm().getName())) {
            throw new IllegalArgumentException(describe(jwk) + " is for alg " + jwk.getAlgorithm() + ", not ES256");
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException(describe(jwk) + " is for use " + jwk.getKeyUse() + ", not sig");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(operation)) {
            throw new IllegalArgumentException(describe(jwk) + " does not permit key operation " + operation);
        }
    }

    private static String describe(ECKey jwk) {
        return "ES256 JWK " + jwk.getKeyID();
    }
}
