package io.lumee.protocol;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds JWSs by hand, headers included, to play devices that break the rules. */
final class Jws {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Jws() {}

    static String part(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String part(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /** A JWS with this exact header text, signed by the given nimbus signer for the given alg. */
    static String signed(String headerJson, byte[] payload, JWSSigner signer, JWSAlgorithm alg) throws Exception {
        String signingInput = part(headerJson) + "." + part(payload);
        return signingInput + "." + signer.sign(new JWSHeader(alg), signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    static String es256Signed(String headerJson, byte[] payload, ECKey key) throws Exception {
        return signed(headerJson, payload, new ECDSASigner(key), JWSAlgorithm.ES256);
    }

    static ECKey newP256Key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    static String[] parts(String compact) {
        return compact.split("\\.", -1);
    }
}
