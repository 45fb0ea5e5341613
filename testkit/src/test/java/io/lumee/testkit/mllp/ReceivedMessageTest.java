package io.lumee.testkit.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReceivedMessageTest {

    @Test
    void theFillerOrderNumberIsObr3sFirstComponent() {
        String er7 = "MSH|^~\\&|LUMEE|LUMEE|EHR|W|20260118143212.666+0000||ORU^R01^ORU_R01|x|P|2.5.1\r"
                + "OBR|1||lumee-0001:7:1842^LUMEE|tissue-o2^Tissue oxygen^99LUM\r";

        assertThat(received(er7).fillerOrderNumber()).isEqualTo("lumee-0001:7:1842");
    }

    @Test
    void aMessageWithoutObr3HasNone() {
        assertThat(received("MSH|^~\\&|LUMEE|LUMEE|EHR|W|20260118143212||ORU^R01^ORU_R01|x|P|2.5.1\rOBR|1\r")
                .fillerOrderNumber()).isEmpty();
    }

    private static ReceivedMessage received(String er7) {
        return new ReceivedMessage(1, 1, "x", er7, null, Instant.EPOCH);
    }
}
