package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwsSignerTest {

    private static final MasterSecret MASTER = MasterSecret.of(7, new byte[32]);

    @Test
    void hs256HeaderIsExactlyAlgAndHkdfKid() {
        String jws = JwsSigner.hs256(MASTER, "lumee-0001").sign(SampleReadings.json());

        assertThat(decoded(Jws.parts(jws)[0])).isEqualTo("{\"alg\":\"HS256\",\"kid\":\"hkdf:7\"}");
    }

    @Test
    void es256HeaderIsExactlyAlgAndTheJwkKid() throws Exception {
        String jws = JwsSigner.es256(Jws.newP256Key("k-\"1\"")).sign(SampleReadings.json());

        assertThat(decoded(Jws.parts(jws)[0])).isEqualTo("{\"alg\":\"ES256\",\"kid\":\"k-\\\"1\\\"\"}");
    }

    @Test
    void payloadIsTheGivenBytesUntouched() {
        byte[] deviceWritten = "{ \"deviceId\" : \"lumee-0001\",\n \"extra\":[1, 2.50] }\n".getBytes(StandardCharsets.UTF_8);

        String jws = JwsSigner.hs256(MASTER, "lumee-0001").sign(deviceWritten);

        assertThat(Base64.getUrlDecoder().decode(Jws.parts(jws)[1])).isEqualTo(deviceWritten);
    }

    @Test
    void signingAReadingSignsItsJson() {
        JwsSigner signer = JwsSigner.hs256(MASTER, "lumee-0001");

        assertThat(signer.sign(SampleReadings.reading())).isEqualTo(signer.sign(SampleReadings.json()));
    }

    @Test
    void aDeviceHoldingOnlyItsKeySignsLikeTheMasterHolder() {
        JwsSigner device = JwsSigner.hs256(7, MASTER.deviceKey("lumee-0001"));

        assertThat(device.sign(SampleReadings.json()))
                .isEqualTo(JwsSigner.hs256(MASTER, "lumee-0001").sign(SampleReadings.json()));
    }

    @Test
    void es256SignatureIsRawRAndSNotDer() throws Exception {
        String jws = JwsSigner.es256(Jws.newP256Key("k1")).sign(SampleReadings.json());

        assertThat(Base64.getUrlDecoder().decode(Jws.parts(jws)[2])).hasSize(64);
    }

    @Test
    void refusesAnHs256KeyOfTheWrongLength() {
        assertThatThrownBy(() -> JwsSigner.hs256(1, new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void refusesAMasterVersionBelowOne() {
        assertThatThrownBy(() -> JwsSigner.hs256(0, new byte[32])).hasMessageContaining("version must be >= 1");
    }

    @Test
    void refusesAPublicOnlyJwk() throws Exception {
        ECKey publicOnly = Jws.newP256Key("k1").toPublicJWK();

        assertThatThrownBy(() -> JwsSigner.es256(publicOnly)).hasMessageContaining("no private part");
    }

    @Test
    void refusesAJwkOffCurveP256() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();

        assertThatThrownBy(() -> JwsSigner.es256(p384)).hasMessageContaining("not on curve P-256");
    }

    @Test
    void refusesAJwkWithoutKid() throws Exception {
        ECKey noKid = new ECKeyGenerator(Curve.P_256).generate();

        assertThatThrownBy(() -> JwsSigner.es256(noKid)).hasMessageContaining("no kid");
    }

    @Test
    void refusesAJwkMeantForEncryption() throws Exception {
        ECKey forEncryption = new ECKeyGenerator(Curve.P_256).keyID("k1").keyUse(KeyUse.ENCRYPTION).generate();

        assertThatThrownBy(() -> JwsSigner.es256(forEncryption)).hasMessageContaining("not sig");
    }

    @Test
    void toStringShowsHeaderButNoKey() {
        assertThat(JwsSigner.hs256(MASTER, "lumee-0001").toString()).isEqualTo("JwsSigner[JwsHeader[algorithm=HS256, kid=hkdf:7]]");
    }

    private static String decoded(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
