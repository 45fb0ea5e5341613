package io.lumee.hl7bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.hl7bridge.mllp.Ack;
import org.junit.jupiter.api.Test;

class AckTextTest {
    private static final String SENT = "MSH|^~\\&|LUMEE|LUMEE|EHR|ICU-NORTH|20260118143213.021+0000||ORU^R01^ORU_R01|130d5aeeae4b4a5c0e35|P|2.5.1\r"
            + "PID|1||MRN-000123^^^HOSP^MR||^^^^^^S\r"
            + "OBX|1|NM|tissue-o2^Tissue oxygen^99LUM||42.5|%^%^UCUM\r"
            + "NTE|1|L|Converted to % from 425.0 permille as reported by the device.|RE^Remark^HL70364\r"
            + "OBX|2|NM|signal-quality^Signal quality^99LUM||0.92|1^1^UCUM\r";

    @Test
    void keepsCodesAndTextButNoIdentifierOrValueTheEngineEchoed() {
        Ack ack = Ack.parse("MSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\r"
                + "MSA|AE|130d5aeeae4b4a5c0e35|Patient MRN-000123 unknown; value 42.5 (was 425.0) above 0.92\r"
                + "ERR||PID^1^3|204^Unknown key identifier^HL70357^^^^^^MRN-000123 not on file|E\r").orElseThrow();

        String detail = AckText.describe(ack, SENT);

        assertThat(detail).doesNotContain("MRN-000123", "42.5", "425.0", "0.92")
                .contains("AE", "Patient *** unknown", "value *** (was ***) above ***", "204^Unknown key identifier^HL70357",
                        "PID^1^3", "*** not on file", "ERR: ");
    }

    @Test
    void aValueOnlyMasksWholeNumbers() {
        String sent = SENT.replace("||42.5|", "||5|");

        assertThat(AckText.scrub("version 2.5.1, value 5, 15 and 5.0", sent)).isEqualTo("version 2.5.1, value ***, 15 and 5.0");
    }

    @Test
    void longTextIsCut() {
        Ack ack = Ack.parse("MSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\rMSA|AE|c|" + "x".repeat(5_000) + "\r").orElseThrow();

        assertThat(AckText.describe(ack, SENT)).hasSize(AckText.MAX_LENGTH).endsWith("...");
    }
}
