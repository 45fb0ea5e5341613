package io.lumee.protocol;

import com.nimbusds.jose.JWSHeader;
import java.util.Objects;

/** The protected header of a reading's JWS: {@code alg} and {@code kid}, and nothing else. */
public record JwsHeader(JwsAlgorithm algorithm, String kid) {

    public JwsHeader {
        Objects.requireNonNull(algorithm, "algorithm");
        if (kid == null || kid.isEmpty()) {
            throw new IllegalArgumentException("a JWS header needs a non-empty kid");
        }
    }

    /** Exactly {@code {"alg":"<alg>","kid":"<kid>"}}: compact, in this order, UTF-8. */
    public byte[] toJson() {
        return StrictJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("alg", algorithm.name());
            json.writeStringField("kid", kid);
            json.writeEndObject();
        });
    }

    JWSHeader toNimbus() {
        return new JWSHeader.Builder(algorithm.nimbus()).keyID(kid).build();
    }
}
