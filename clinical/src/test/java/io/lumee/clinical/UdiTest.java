package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UdiTest {

    @Test
    void gs1CarrierYieldsItsFourteenDigitDeviceIdentifier() {
        Udi udi = Udi.parse("(01)00844588003288(17)141120(10)7654321D(21)10987654d321").orElseThrow();

        assertThat(udi.deviceIdentifier()).isEqualTo("00844588003288");
        assertThat(udi.issuer()).isEqualTo(Udi.GS1);
    }

    @Test
    void hibccCarrierYieldsItsPrimaryDataWithoutTheCheckCharacter() {
        assertThat(Udi.parse("+H123PARTNO1234567890120/$$420020216LOT123456789012345/SXYZ4567890").orElseThrow()
                .deviceIdentifier()).isEqualTo("H123PARTNO1234567890120");
        assertThat(Udi.parse("+A123BJC5D6E71G").orElseThrow().deviceIdentifier()).isEqualTo("A123BJC5D6E71");
        assertThat(Udi.parse("+A123BJC5D6E71G").orElseThrow().issuer()).isEqualTo(Udi.HIBCC);
    }

    @Test
    void iccbbaCarrierYieldsItsSixteenCharacterDeviceIdentifier() {
        Udi udi = Udi.parse("=/A9999XYZ100T0944=,000025=A99971312345600").orElseThrow();

        assertThat(udi.deviceIdentifier()).isEqualTo("A9999XYZ100T0944");
        assertThat(udi.issuer()).isEqualTo(Udi.ICCBBA);
    }

    @Test
    void anythingElseIsNotAUdi() {
        assertThat(Udi.parse("lumee-0001")).isEmpty();
        assertThat(Udi.parse("(01)123")).isEmpty();
        assertThat(Udi.parse(null)).isEmpty();
    }
}
