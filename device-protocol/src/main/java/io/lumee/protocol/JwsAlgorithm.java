package io.lumee.protocol;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Optional;

/** The only two JWS algorithms a reading may be signed with; {@code none} and all others are refused. */
public enum JwsAlgorithm {
    HS256(JWSAlgorithm.HS256),
    ES256(JWSAlgorithm.ES256);

    private final JWSAlgorithm nimbus;

    JwsAlgorithm(JWSAlgorithm nimbus) {
        this.nimbus = nimbus;
    }

    /** The algorithm with exactly this {@code alg} name; names are case-sensitive (RFC 7515 4.1.1). */
    public static Optional<JwsAlgorithm> byName(String alg) {
        for (JwsAlgorithm algorithm : values()) {
            if (algorithm.name().equals(alg)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    JWSAlgorithm nimbus() {
        return nimbus;
    }
}
