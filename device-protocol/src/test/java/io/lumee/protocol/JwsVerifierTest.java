package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwsVerifierTest {

    private static final MasterSecret VERSION_1 = randomMaster(1);
    private static final MasterSecret VERSION_2 = randomMaster(2);
    private static final JwsVerifier VERIFIER = new JwsVerifier(MasterSecrets.of(VERSION_1, VERSION_2));
    private static final RegisteredKey HS256_DEVICE = RegisteredKey.hs256("lumee-0001");
    private static final byte[] READING_0002 = SampleReadings.reading("lumee-0002").toJson();

    private static ECKey deviceKey;
    private static RegisteredKey es256Device;

    @BeforeAll
    static void registerEs256Device() throws Exception {
        deviceKey = Jws.newP256Key("lumee-0002-k1");
        es256Device = RegisteredKey.es256("lumee-0002", deviceKey.toPublicJWK());
    }

    @Test
    void hs256SignedReadingVerifies() {
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0001").sign(SampleReadings.json());

        Verification verification = VERIFIER.verify(jws, HS256_DEVICE);

        assertThat(verification).isInstanceOfSatisfying(VerifiedJws.class, verified -> {
            assertThat(verified.reading()).isEqualTo(SampleReadings.reading());
            assertThat(verified.payload()).isEqualTo(SampleReadings.json());
            assertThat(verified.header()).isEqualTo(new JwsHeader(JwsAlgorithm.HS256, "hkdf:1"));
        });
    }

    @Test
    void eitherActiveMasterVersionVerifiesDuringARotation() {
        String jws = JwsSigner.hs256(VERSION_2, "lumee-0001").sign(SampleReadings.json());

        assertThat(VERIFIER.verify(jws, HS256_DEVICE)).isInstanceOf(VerifiedJws.class);
    }

    @Test
    void unknownMasterVersionIsRefused() {
        String jws = JwsSigner.hs256(randomMaster(3), "lumee-0001").sign(SampleReadings.json());

        assertFailure(VERIFIER.verify(jws, HS256_DEVICE), JwsFailure.Reason.UNKNOWN_KEY_ID);
        assertThat(((JwsFailure) VERIFIER.verify(jws, HS256_DEVICE)).detail()).contains("hkdf:3");
    }

    @Test
    void retiredMasterVersionIsRefused() {
        JwsVerifier afterRotation = new JwsVerifier(MasterSecrets.of(VERSION_2));
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0001").sign(SampleReadings.json());

        assertFailure(afterRotation.verify(jws, HS256_DEVICE), JwsFailure.Reason.UNKNOWN_KEY_ID);
    }

    @Test
    void anotherSpellingOfAnActiveKidIsRefused() throws Exception {
        String jws = Jws.signed("{\"alg\":\"HS256\",\"kid\":\"hkdf:01\"}", SampleReadings.json(),
                new MACSigner(VERSION_1.deviceKey("lumee-0001")), JWSAlgorithm.HS256);

        assertFailure(VERIFIER.verify(jws, HS256_DEVICE), JwsFailure.Reason.UNKNOWN_KEY_ID);
    }

    @Test
    void anotherDevicesHs256KeyFailsTheSignature() {
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0009").sign(SampleReadings.json());

        assertFailure(VERIFIER.verify(jws, HS256_DEVICE), JwsFailure.Reason.BAD_SIGNATURE);
    }

    @Test
    void tamperedPayloadFailsVerification() {
        String[] parts = Jws.parts(JwsSigner.hs256(VERSION_1, "lumee-0001").sign(SampleReadings.json()));
        String tampered = parts[0] + "." + Jws.part(SampleReadings.with("tissueO2", "24.5")) + "." + parts[2];

        assertFailure(VERIFIER.verify(tampered, HS256_DEVICE), JwsFailure.Reason.BAD_SIGNATURE);
    }

    @Test
    void tamperedSignatureFailsVerification() {
        String[] parts = Jws.parts(JwsSigner.es256(deviceKey).sign(READING_0002));
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[40] ^= 0x20;

        assertFailure(VERIFIER.verify(parts[0] + "." + parts[1] + "." + Jws.part(signature), es256Device),
                JwsFailure.Reason.BAD_SIGNATURE);
    }

    @Test
    void es256SignedReadingVerifies() {
        String jws = JwsSigner.es256(deviceKey).sign(READING_0002);

        assertThat(VERIFIER.verify(jws, es256Device)).isInstanceOfSatisfying(VerifiedJws.class,
                verified -> assertThat(verified.reading().readingId()).isEqualTo("lumee-0002:0:1842"));
    }

    @Test
    void es256SignatureByAnotherKeyWithTheSameKidFails() throws Exception {
        String jws = JwsSigner.es256(Jws.newP256Key("lumee-0002-k1")).sign(READING_0002);

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.BAD_SIGNATURE);
    }

    @Test
    void es256KidOtherThanTheRegisteredJwksIsRefused() throws Exception {
        String jws = Jws.es256Signed("{\"alg\":\"ES256\",\"kid\":\"lumee-0002-k2\"}", READING_0002, deviceKey);

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.UNKNOWN_KEY_ID);
        assertThat(((JwsFailure) VERIFIER.verify(jws, es256Device)).detail())
                .isEqualTo("kid lumee-0002-k2 is not the kid of device lumee-0002's registered JWK");
    }

    @Test
    void hs256UnknownKidDetailNamesTheActiveVersionsAnOperatorCanCompare() {
        String jws = JwsSigner.hs256(randomMaster(3), "lumee-0001").sign(SampleReadings.json());

        assertThat(((JwsFailure) VERIFIER.verify(jws, HS256_DEVICE)).detail())
                .startsWith("kid hkdf:3 names no active master secret version (active: ").contains("hkdf:1", "hkdf:2");
    }

    @Test
    void aJwsOfExactlyTheSizeBoundIsParsedNotRefusedForItsLength() {
        String atTheBound = "e30." + "A".repeat(ProtocolLimits.MAX_JWS_CHARS - 8) + ".e30";

        assertThat(atTheBound).hasSize(ProtocolLimits.MAX_JWS_CHARS);
        assertThat(VERIFIER.verify(atTheBound, HS256_DEVICE)).isInstanceOfSatisfying(JwsFailure.class,
                failure -> assertThat(failure.detail()).doesNotContain("longer than"));
    }

    @Test
    void aVerifiedJwsShowsNoReadingValueWhenLogged() {
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0001").sign(SampleReadings.json());

        assertThat(VERIFIER.verify(jws, HS256_DEVICE).toString()).contains("hkdf:1", "lumee-0001:0:1842")
                .doesNotContain("42.5", "fw-", "2026-01-18");
    }

    @Test
    void hs256JwsIsRefusedForAnEs256DeviceEvenWithAValidMac() {
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0002").sign(READING_0002);

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.ALGORITHM_MISMATCH);
    }

    @Test
    void hs256JwsMacedWithThePublicKeyIsRefusedForAnEs256Device() throws Exception {
        byte[] publicKeyAsSecret = deviceKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        String jws = Jws.signed("{\"alg\":\"HS256\",\"kid\":\"lumee-0002-k1\"}", READING_0002,
                new MACSigner(publicKeyAsSecret), JWSAlgorithm.HS256);

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.ALGORITHM_MISMATCH);
    }

    @Test
    void es256JwsIsRefusedForAnHs256Device() throws Exception {
        String jws = JwsSigner.es256(Jws.newP256Key("hkdf:1")).sign(SampleReadings.json());

        assertFailure(VERIFIER.verify(jws, HS256_DEVICE), JwsFailure.Reason.ALGORITHM_MISMATCH);
    }

    @Test
    void algNoneIsRefused() {
        String jws = Jws.part("{\"alg\":\"none\",\"kid\":\"hkdf:1\"}") + "." + Jws.part(SampleReadings.json()) + ".";

        assertFailure(VERIFIER.verify(jws, HS256_DEVICE), JwsFailure.Reason.UNSUPPORTED_ALGORITHM);
        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.UNSUPPORTED_ALGORITHM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS512", "HS384", "RS256", "ES384", "EdDSA", "hs256", "NONE"})
    void algorithmsOtherThanHs256AndEs256AreRefused(String alg) throws Exception {
        String jws = Jws.signed("{\"alg\":\"" + alg + "\",\"kid\":\"hkdf:1\"}", SampleReadings.json(),
                new MACSigner(new byte[64]), JWSAlgorithm.HS512);

        assertFailure(VERIFIER.verify(jws, HS256_DEVICE), JwsFailure.Reason.UNSUPPORTED_ALGORITHM);
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"typ\":\"JWT\"", ",\"b64\":false,\"crit\":[\"b64\"]", ",\"cty\":\"json\"",
            ",\"jwk\":{\"kty\":\"oct\"}", ",\"x5u\":\"https://example.org/k\""})
    void signedHeadersWithMembersBesidesAlgAndKidAreRefused(String extra) throws Exception {
        String jws = Jws.es256Signed("{\"alg\":\"ES256\",\"kid\":\"lumee-0002-k1\"" + extra + "}", READING_0002, deviceKey);

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.UNEXPECTED_HEADER);
    }

    @Test
    void headerWithADuplicateAlgIsMalformed() throws Exception {
        String jws = Jws.es256Signed("{\"alg\":\"ES256\",\"alg\":\"none\",\"kid\":\"lumee-0002-k1\"}", READING_0002,
                deviceKey);

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.MALFORMED);
    }

    @Test
    void authenticPayloadOfTheWrongShapeIsAShapeFailure() {
        byte[] badShape = SampleReadings.with("signalQuality", "1.5");
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0001").sign(badShape);

        Verification verification = VERIFIER.verify(jws, HS256_DEVICE);

        assertFailure(verification, JwsFailure.Reason.PAYLOAD_SHAPE);
        assertThat(((JwsFailure) verification).detail()).isEqualTo("signalQuality: must be a number in [0, 1]");
    }

    @Test
    void forgedPayloadOfTheWrongShapeIsASignatureFailure() {
        String[] parts = Jws.parts(JwsSigner.hs256(VERSION_1, "lumee-0001").sign(SampleReadings.json()));
        String forged = parts[0] + "." + Jws.part("not json") + "." + parts[2];

        assertFailure(VERIFIER.verify(forged, HS256_DEVICE), JwsFailure.Reason.BAD_SIGNATURE);
    }

    @Test
    void payloadNamingAnotherDeviceIsRefused() {
        String jws = JwsSigner.es256(deviceKey).sign(SampleReadings.json());

        assertFailure(VERIFIER.verify(jws, es256Device), JwsFailure.Reason.DEVICE_MISMATCH);
    }

    @Test
    void unknownPayloadMembersStayInTheVerifiedPayload() {
        byte[] withExtra = SampleReadings.JSON.replace("}", ",\"batteryPct\":81}").getBytes(StandardCharsets.UTF_8);
        String jws = JwsSigner.hs256(VERSION_1, "lumee-0001").sign(withExtra);

        assertThat(VERIFIER.verify(jws, HS256_DEVICE)).isInstanceOfSatisfying(VerifiedJws.class,
                verified -> assertThat(verified.payload()).isEqualTo(withExtra));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "e30.e30.e30 ", "eyJhbGciOiJIUzI1NiJ9=.e30.e30",
            "e+0.e30.e30", "a.e30.e30", "W10.e30.e30", "e30.e30.e30", "eyJhbGciOiJIUzI1NiJ9.e30.e30",
            "eyJhbGciOiJIUzI1NiIsImtpZCI6MX0.e30.e30", "eyJhbGciOiJIUzI1NiIsImtpZCI6IiJ9.e30.e30",
            "eyJhbGciOiJIUzI1NiIsImtpZCI6ImhrZGY6MSJ9IHt9.e30.e30"})
    void malformedCompactSerializationsAreRefused(String compact) {
        assertFailure(VERIFIER.verify(compact, HS256_DEVICE), JwsFailure.Reason.MALFORMED);
    }

    @Test
    void nullIsMalformedNotAnException() {
        assertFailure(VERIFIER.verify(null, HS256_DEVICE), JwsFailure.Reason.MALFORMED);
    }

    @Test
    void jwsOverTheSizeBoundIsRefusedBeforeParsing() {
        String huge = "e30." + "A".repeat(ProtocolLimits.MAX_JWS_CHARS) + ".e30";

        assertThat(VERIFIER.verify(huge, HS256_DEVICE))
                .isEqualTo(new JwsFailure(JwsFailure.Reason.MALFORMED, "JWS is longer than 16384 characters"));
    }

    @Test
    void largestReadingStillFitsTheJwsBound() {
        String open = new String(READING_0002, StandardCharsets.UTF_8).replace("}", ",\"pad\":\"");
        byte[] largest = (open + "p".repeat(ProtocolLimits.MAX_READING_BYTES - open.length() - 2) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String jws = JwsSigner.es256(deviceKey).sign(largest);

        assertThat(largest).hasSize(ProtocolLimits.MAX_READING_BYTES);
        assertThat(VERIFIER.verify(jws, es256Device)).isInstanceOf(VerifiedJws.class);
    }

    @Test
    void unsupportedAlgIsEchoedOnlyWhenItIsAPlainToken() {
        String odd = Jws.part("{\"alg\":\"<script>alert(1)</script>\",\"kid\":\"k\"}") + ".e30.";

        assertThat(((JwsFailure) VERIFIER.verify(odd, HS256_DEVICE)).detail()).doesNotContain("<script>");
    }

    private static void assertFailure(Verification verification, JwsFailure.Reason reason) {
        assertThat(verification).isInstanceOfSatisfying(JwsFailure.class,
                failure -> assertThat(failure.reason()).as(failure.detail()).isEqualTo(reason));
    }

    private static MasterSecret randomMaster(int version) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return MasterSecret.of(version, secret);
    }
}
