package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class UnverifiedJwsTest {

    private static final JwsSigner SIGNER = JwsSigner.hs256(MasterSecret.of(4, new byte[32]), "lumee-0001");

    @Test
    void gatewayReadsHeaderAndReadingWithoutAnyKey() {
        JwsParse parse = UnverifiedJws.parse(SIGNER.sign(SampleReadings.json()));

        assertThat(parse).isInstanceOfSatisfying(UnverifiedJws.class, jws -> {
            assertThat(jws.header()).isEqualTo(new JwsHeader(JwsAlgorithm.HS256, "hkdf:4"));
            assertThat(jws.reading().deviceId()).isEqualTo("lumee-0001");
            assertThat(jws.payload()).isEqualTo(SampleReadings.json());
        });
    }

    @Test
    void signatureIsNotChecked() {
        String[] parts = Jws.parts(SIGNER.sign(SampleReadings.json()));
        String forged = parts[0] + "." + parts[1] + "." + Jws.part(new byte[32]);

        assertThat(UnverifiedJws.parse(forged)).isInstanceOf(UnverifiedJws.class);
    }

    @Test
    void payloadOfTheWrongShapeIsRefusedWithItsProblems() {
        JwsParse parse = UnverifiedJws.parse(SIGNER.sign(SampleReadings.without("units")));

        assertThat(parse).isEqualTo(new JwsFailure(JwsFailure.Reason.PAYLOAD_SHAPE, "units: missing"));
    }

    @Test
    void algNoneIsRefusedEvenWithoutVerifying() {
        String jws = Jws.part("{\"alg\":\"none\",\"kid\":\"hkdf:4\"}") + "." + Jws.part(SampleReadings.json()) + ".";

        assertThat(UnverifiedJws.parse(jws)).isInstanceOfSatisfying(JwsFailure.class,
                failure -> assertThat(failure.reason()).isEqualTo(JwsFailure.Reason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void notAJwsIsMalformed() {
        assertThat(UnverifiedJws.parse(Base64.getUrlEncoder().encodeToString(SampleReadings.json())))
                .isInstanceOfSatisfying(JwsFailure.class,
                        failure -> assertThat(failure.reason()).isEqualTo(JwsFailure.Reason.MALFORMED));
    }

    @Test
    void payloadAccessorReturnsACopy() {
        UnverifiedJws jws = (UnverifiedJws) UnverifiedJws.parse(SIGNER.sign(SampleReadings.json()));

        jws.payload()[0] = 'X';

        assertThat(jws.payload()).isEqualTo(SampleReadings.json());
    }

    @Test
    void toStringLeavesOutThePayload() {
        UnverifiedJws jws = (UnverifiedJws) UnverifiedJws.parse(SIGNER.sign(SampleReadings.json()));

        assertThat(jws.toString()).contains("lumee-0001:0:1842").doesNotContain("42.5");
    }
}
