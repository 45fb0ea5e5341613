package io.lumee.hl7bridge.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AckTest {

    @Test
    void readsCodeControlIdTextAndErrors() {
        String frame = "MSH|^~\\&|EHR|HOSP|LUMEE|LUMEE|20260118143213||ACK^R01^ACK|A1|P|2.5.1\r"
                + "MSA|AE|130d5aeeae4b4a5c0e35|Unknown patient\r"
                + "ERR||PID^1^3|204^Unknown key identifier^HL70357|E\r";

        Ack ack = Ack.parse(frame).orElseThrow();

        assertThat(ack.code()).isEqualTo(AckCode.AE);
        assertThat(ack.controlId()).isEqualTo("130d5aeeae4b4a5c0e35");
        assertThat(ack.text()).isEqualTo("Unknown patient");
        assertThat(ack.errors()).containsExactly(" | PID^1^3 | 204^Unknown key identifier^HL70357 | E");
    }

    @Test
    void readsAnyVersionAndOtherSeparators() {
        String frame = "MSH#$~\\&#EHR#HOSP#LUMEE#LUMEE#2026##ACK#A1#P#2.3\nMSA#AA#ctl-1\n";

        assertThat(Ack.parse(frame)).hasValueSatisfying(ack -> {
            assertThat(ack.code()).isEqualTo(AckCode.AA);
            assertThat(ack.controlId()).isEqualTo("ctl-1");
            assertThat(ack.text()).isEmpty();
        });
    }

    @Test
    void unescapesTheText() {
        String frame = "MSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\rMSA|AE|c1|value \\F\\ unit \\S\\ 2\r";

        assertThat(Ack.parse(frame).orElseThrow().text()).isEqualTo("value | unit ^ 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "this is not an HL7 message",
        "",
        "MSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\r",
        "MSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\rMSA|ZZ|c1\r",
        "MSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\rMSA|AA\r",
        "MSHabcdefgh"
    })
    void isNoAckWithoutMshAndAKnownCodeAndAControlId(String frame) {
        assertThat(Ack.parse(frame)).isEmpty();
    }
}
