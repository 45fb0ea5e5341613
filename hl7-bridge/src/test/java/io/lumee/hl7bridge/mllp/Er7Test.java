package io.lumee.hl7bridge.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Er7Test {
    private static final String ORU = "MSH|^~\\&|LUMEE|LUMEE|EHR|ICU-NORTH^1.2.3^ISO|20260118143213.021+0000||ORU^R01^ORU_R01|130d5aeeae4b4a5c0e35|P|2.5.1\r"
            + "PID|1||MRN\\F\\0001^^^HOSP&1.2&ISO^MR~ALT-7^^^OTHER||^^^^^^S\r"
            + "OBX|1|NM|tissue-o2^Tissue oxygen^99LUM||42.5|%^%^UCUM\r";

    @Test
    void numbersMshFieldsAsTheStandardDoes() {
        Er7 message = Er7.parse(ORU).orElseThrow();

        assertThat(message.value("MSH", 5, 1)).hasValue("EHR");
        assertThat(message.value("MSH", 6, 1)).hasValue("ICU-NORTH");
        assertThat(message.value("MSH", 6, 2)).hasValue("1.2.3");
        assertThat(message.value("MSH", 10, 1)).hasValue("130d5aeeae4b4a5c0e35");
        assertThat(message.value("MSH", 99, 1)).isEmpty();
        assertThat(message.value("ZZZ", 1, 1)).isEmpty();
    }

    @Test
    void collectsEveryValueOfASegmentUnescaped() {
        Er7 message = Er7.parse(ORU).orElseThrow();

        assertThat(message.values("PID", 2, Integer.MAX_VALUE))
                .containsExactly("MRN|0001", "HOSP", "1.2", "ISO", "MR", "ALT-7", "OTHER", "S");
        assertThat(message.values("OBX", 5, 5)).containsExactly("42.5");
    }
}
