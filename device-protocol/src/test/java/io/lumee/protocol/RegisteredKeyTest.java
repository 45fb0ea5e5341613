package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegisteredKeyTest {

    @Test
    void buildsFromAnHs256Registration() {
        assertThat(RegisteredKey.of("lumee-0001", "HS256", null)).isEqualTo(RegisteredKey.hs256("lumee-0001"));
    }

    @Test
    void buildsFromAnEs256RegistrationsJwkJson() throws Exception {
        ECKey publicJwk = Jws.newP256Key("k1").toPublicJWK();

        RegisteredKey key = RegisteredKey.of("lumee-0002", "ES256", publicJwk.toJSONString());

        assertThat(key.algorithm()).isEqualTo(JwsAlgorithm.ES256);
        assertThat(((RegisteredKey.Es256) key).publicJwk()).isEqualTo(publicJwk);
    }

    @Test
    void refusesARegistrationForAnotherAlgorithm() {
        assertThatThrownBy(() -> RegisteredKey.of("lumee-0001", "none", null)).hasMessageContaining("alg none");
        assertThatThrownBy(() -> RegisteredKey.of("lumee-0001", "RS256", null)).hasMessageContaining("alg RS256");
    }

    @Test
    void refusesAnEs256RegistrationWithoutAUsableJwk() {
        assertThatThrownBy(() -> RegisteredKey.of("lumee-0002", "ES256", null)).hasMessageContaining("without a public JWK");
        assertThatThrownBy(() -> RegisteredKey.of("lumee-0002", "ES256", "{\"kty\":\"RSA\"}"))
                .hasMessageContaining("not an EC JWK");
    }

    @Test
    void refusesARegisteredPrivateKey() throws Exception {
        ECKey withPrivatePart = Jws.newP256Key("k1");

        assertThatThrownBy(() -> RegisteredKey.es256("lumee-0002", withPrivatePart))
                .hasMessage("ES256 JWK k1 holds a private key; register the public JWK only");
    }

    @Test
    void refusesAJwkLimitedToAnotherAlgorithm() throws Exception {
        ECKey forEs384 = new ECKey.Builder(Jws.newP256Key("k1").toPublicJWK()).algorithm(JWSAlgorithm.ES384).build();

        assertThatThrownBy(() -> RegisteredKey.es256("lumee-0002", forEs384)).hasMessageContaining("not ES256");
    }

    @Test
    void refusesAJwkWhoseKeyOpsExcludeVerify() throws Exception {
        ECKey signOnly = new ECKey.Builder(Jws.newP256Key("k1").toPublicJWK()).keyOperations(Set.of(KeyOperation.SIGN))
                .build();

        assertThatThrownBy(() -> RegisteredKey.es256("lumee-0002", signOnly)).hasMessageContaining("verify");
    }

    @Test
    void acceptsAJwkThatDeclaresEs256AndSig() throws Exception {
        ECKey declared = new ECKey.Builder(Jws.newP256Key("k1").toPublicJWK()).algorithm(JWSAlgorithm.ES256)
                .keyUse(KeyUse.SIGNATURE).build();

        assertThat(RegisteredKey.es256("lumee-0002", declared).algorithm()).isEqualTo(JwsAlgorithm.ES256);
    }

    @Test
    void refusesAnInvalidDeviceId() throws Exception {
        ECKey valid = Jws.newP256Key("k1").toPublicJWK();

        assertThatThrownBy(() -> RegisteredKey.hs256("lumee 0001")).hasMessageContaining("deviceId: must be");
        assertThatThrownBy(() -> RegisteredKey.es256("lumee 0002", valid)).hasMessageContaining("deviceId: must be");
    }
}
