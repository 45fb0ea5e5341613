package io.lumee.platform.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumee.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatientKeyTest {

    private static final String SYSTEM = "urn:oid:2.16.840.1.113883.4.1";
    private static final String VALUE = "123-45-6789";
    private static final PatientKey KEY = new PatientKey(secret("lumee-test-patient-key-0123456789abcdef"));

    @Test
    void matchesAnIndependentlyComputedHmac() {
        // printf 'urn:oid:2.16.840.1.113883.4.1|123-45-6789' | openssl dgst -sha256 -hmac 'lumee-test-patient-key-0123456789abcdef'
        // (Python's hmac module gives the same)
        assertThat(KEY.of(SYSTEM, VALUE)).isEqualTo("5b69925f3d4b0bfff3bca807221b88f3b9a71f3941780f7451400abd7ac1f24d");
    }

    @Test
    void sameIdentifierAlwaysGivesTheSameKey() {
        PatientKey sameSecret = new PatientKey(secret("lumee-test-patient-key-0123456789abcdef"));

        assertThat(sameSecret.of(SYSTEM, VALUE)).isEqualTo(KEY.of(SYSTEM, VALUE)).isEqualTo(KEY.of(SYSTEM, VALUE));
    }

    @Test
    void anotherSecretGivesAnotherKey() {
        PatientKey other = new PatientKey(secret("lumee-test-patient-key-0123456789abcdeF"));

        assertThat(other.of(SYSTEM, VALUE)).isNotEqualTo(KEY.of(SYSTEM, VALUE));
    }

    @Test
    void systemAndValueBothCount() {
        assertThat(KEY.of(SYSTEM, "123-45-6780")).isNotEqualTo(KEY.of(SYSTEM, VALUE));
        assertThat(KEY.of("urn:oid:2.16.840.1.113883.4.2", VALUE)).isNotEqualTo(KEY.of(SYSTEM, VALUE));
    }

    @Test
    void keyIsLowerCaseHexOfTheFullDigest() {
        assertThat(KEY.of(SYSTEM, "ÄÖÜ")).matches("[0-9a-f]{64}");
    }

    @Test
    void emptyOrAmbiguousIdentifiersAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> KEY.of("", VALUE)).hasMessage("patient identifier system is empty");
        assertThatThrownBy(() -> KEY.of(SYSTEM, "")).hasMessage("patient identifier value is empty");
        assertThatThrownBy(() -> KEY.of(null, VALUE)).hasMessage("patient identifier system is empty");
        assertThatThrownBy(() -> KEY.of("a|b", VALUE)).hasMessage("patient identifier system contains '|'");
    }

    @Test
    void shortSecretIsRefused() {
        assertThatThrownBy(() -> new PatientKey(secret("Jefe"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the patient key must have at least 32 bytes, it has 4");
    }

    private static Secret secret(String text) {
        return Secret.of(text.getBytes(StandardCharsets.UTF_8));
    }
}
