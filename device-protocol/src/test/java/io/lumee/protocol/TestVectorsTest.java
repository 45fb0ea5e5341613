package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The published vectors hold for this code; {@link DeviceProtocolDocTest} holds the docs to them. */
class TestVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode HS256 = TestVectors.hs256();
    private static final JsonNode ES256 = TestVectors.es256();

    @Test
    void hs256DeviceKeyIsReproducedExactly() {
        MasterSecret master = hs256Master();

        assertThat(HEX.formatHex(master.deviceKey(HS256.get("deviceId").asText())))
                .isEqualTo(HS256.get("deviceKeyHex").asText());
        assertThat(HEX.formatHex(Hkdf.extract(TestVectors.bytes(HS256.get("hkdfSalt")), masterBytes())))
                .isEqualTo(HS256.get("hkdfPrkHex").asText());
    }

    @Test
    void hs256JwsIsReproducedExactly() {
        JwsSigner signer = JwsSigner.hs256(hs256Master(), HS256.get("deviceId").asText());

        assertThat(signer.sign(TestVectors.bytes(HS256.get("payload")))).isEqualTo(HS256.get("jws").asText());
        assertThat(new String(signer.header().toJson(), StandardCharsets.UTF_8))
                .isEqualTo(HS256.get("protectedHeader").asText());
    }

    /** The vector's JWS recomputed with nothing but the JDK, so the vector does not merely echo our code. */
    @Test
    void hs256JwsFollowsFromTheDeviceKeyByPlainHmac() throws Exception {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64url.encodeToString(TestVectors.bytes(HS256.get("protectedHeader"))) + "."
                + base64url.encodeToString(TestVectors.bytes(HS256.get("payload")));
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(HEX.parseHex(HS256.get("deviceKeyHex").asText()), "HmacSHA256"));

        String expected = signingInput + "." + base64url.encodeToString(
                hmac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

        assertThat(HS256.get("jws").asText()).isEqualTo(expected);
    }

    @Test
    void hs256VectorVerifies() {
        Verification verification = new JwsVerifier(MasterSecrets.of(hs256Master()))
                .verify(HS256.get("jws").asText(), RegisteredKey.hs256(HS256.get("deviceId").asText()));

        assertThat(verification).isInstanceOfSatisfying(VerifiedJws.class, verified -> assertThat(verified.payload())
                .isEqualTo(TestVectors.bytes(HS256.get("payload"))));
    }

    @Test
    void hs256PayloadIsWhatReadingWritesForItself() {
        Reading reading = ((ReadingParse.Valid) ReadingParser.parse(TestVectors.bytes(HS256.get("payload")))).reading();

        assertThat(reading.toJson()).isEqualTo(TestVectors.bytes(HS256.get("payload")));
    }

    @Test
    void es256KeyPairIsOnePair() {
        ECKey privateJwk = TestVectors.jwk(ES256.get("privateJwk"));

        assertThat(privateJwk.isPrivate()).isTrue();
        assertThat(privateJwk.toPublicJWK()).isEqualTo(TestVectors.jwk(ES256.get("publicJwk")));
    }

    @Test
    void es256ValidJwsVerifies() {
        Verification verification = verifier().verify(ES256.get("validJws").asText(), TestVectors.es256Registration());

        assertThat(verification).isInstanceOfSatisfying(VerifiedJws.class, verified -> {
            assertThat(verified.payload()).isEqualTo(TestVectors.bytes(ES256.get("payload")));
            assertThat(verified.reading().deviceId()).isEqualTo(ES256.get("deviceId").asText());
        });
    }

    @Test
    void es256TamperedJwssFailForTheirStatedReasons() {
        Map<String, JsonNode> tampered = TestVectors.MAPPER.convertValue(ES256.get("tampered"),
                TestVectors.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class));

        assertThat(tampered).hasSize(7);
        tampered.forEach((name, vector) -> assertThat(verifier().verify(vector.get("jws").asText(),
                        TestVectors.es256Registration()))
                .as(name)
                .isInstanceOfSatisfying(JwsFailure.class, failure -> assertThat(failure.reason().name())
                        .as(name + ": " + failure.detail())
                        .isEqualTo(vector.get("failsWith").asText())));
    }

    @Test
    void tamperedVectorsCoverEveryAttackTheBriefNames() {
        assertThat(ES256.get("tampered").findValuesAsText("failsWith")).containsAll(List.of(
                "BAD_SIGNATURE", "UNSUPPORTED_ALGORITHM", "ALGORITHM_MISMATCH", "UNKNOWN_KEY_ID"));
    }

    @Test
    void signingTheEs256PayloadWithThePrivateJwkVerifies() {
        String fresh = JwsSigner.es256(TestVectors.jwk(ES256.get("privateJwk"))).sign(TestVectors.bytes(ES256.get("payload")));

        assertThat(verifier().verify(fresh, TestVectors.es256Registration())).isInstanceOf(VerifiedJws.class);
    }

    private static JwsVerifier verifier() {
        return new JwsVerifier(MasterSecrets.of());
    }

    private static MasterSecret hs256Master() {
        return MasterSecret.of(HS256.get("masterSecretVersion").asInt(), masterBytes());
    }

    private static byte[] masterBytes() {
        return Base64.getDecoder().decode(HS256.get("masterSecretBase64").asText());
    }
}
