package io.lumee.hl7bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.hl7bridge.mllp.AckCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AckPolicyTest {

    @ParameterizedTest
    @CsvSource({"AA, DONE", "CA, DONE", "AE, REJECT", "CE, REJECT", "AR, RETRY", "CR, RETRY"})
    void defaultsFollowHl7Section29(AckCode code, AckAction action) {
        assertThat(AckPolicy.defaults().actionFor(code)).isEqualTo(action);
    }

    @Test
    void overridesOnlyTheCodesGiven() {
        AckPolicy policy = AckPolicy.parse("AE=retry, ar=REJECT").orElseThrow();

        assertThat(policy.actionFor(AckCode.AE)).isEqualTo(AckAction.RETRY);
        assertThat(policy.actionFor(AckCode.AR)).isEqualTo(AckAction.REJECT);
        assertThat(policy.actionFor(AckCode.CE)).isEqualTo(AckAction.REJECT);
        assertThat(policy.actionFor(AckCode.AA)).isEqualTo(AckAction.DONE);
    }

    @Test
    void emptyTextMeansTheDefaults() {
        assertThat(AckPolicy.parse("")).contains(AckPolicy.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AE", "AE=", "XX=done", "AE=ignore", "AE=done=retry"})
    void refusesWhatIsNotCodeEqualsAction(String text) {
        assertThat(AckPolicy.parse(text)).isEmpty();
    }
}
