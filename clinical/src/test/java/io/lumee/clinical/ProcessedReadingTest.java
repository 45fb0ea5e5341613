package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcessedReadingTest {

    @Test
    void printingAReadingShowsItsIdButNoValueAndNoPatient() {
        ProcessedReading reading = ExampleReadings.builder().consent("consent-2026-0042").build();

        assertThat(reading.toString()).isEqualTo("ProcessedReading[lumee-0001:0:1842]");
        assertThat(reading.patient().toString()).doesNotContain("MRN-000123");
        assertThat(reading.value().toString()).doesNotContain("42.5");
    }

    @Test
    void aReadingIdThatIsNotDeviceEpochSequenceIsRefused() {
        ProcessedReading valid = ExampleReadings.documented();

        assertThatIllegalArgumentException().isThrownBy(() -> new ProcessedReading("lumee-0001:0:9", valid.deviceId(),
                valid.epoch(), valid.sequence(), valid.deviceTime(), valid.receivedAt(), valid.value(), null,
                valid.signalQuality(), false, valid.sdkVersion(), valid.firmware(), valid.jws(), valid.patient(), null,
                valid.device(), valid.source(), null))
                .withMessage("readingId must be <deviceId>:<epoch>:<sequence>");
    }

    @Test
    void signalQualityOutsideZeroToOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().signalQuality(1.01, false).build())
                .withMessage("signalQuality must be in [0, 1]");
    }

    @Test
    void aJwsThatIsNotCompactSerializationIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().jws("{\"payload\":\"x\"}").build())
                .withMessageContaining("compact JWS");
    }

    @Test
    void aDeviceIdOutsideTheProtocolAlphabetIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().identity("lumee 0001", 0, 1).build())
                .withMessageContaining("deviceId");
    }

    @Test
    void nonFiniteValuesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MeasuredValue(Double.NaN, "%"));
        assertThatIllegalArgumentException().isThrownBy(() -> new MeasuredValue(Double.POSITIVE_INFINITY, "%"));
    }

    @Test
    void refusalsNeverQuoteThePatientIdentifier() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PatientIdentifier("http://hospital.example.org/mrn", "MRN-000123\n"))
                .withMessageNotContaining("MRN-000123");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PatientIdentifier("not a uri", "MRN-000123"))
                .withMessageNotContaining("MRN-000123");
    }

    @Test
    void consentAndOriginalAreOptional() {
        ProcessedReading plain = ExampleReadings.documented();
        ProcessedReading rich = ExampleReadings.builder().consent("c-1")
                .converted(new MeasuredValue(425, "permille"), new MeasuredValue(42.5, "%"))
                .times(Instant.parse("2026-01-18T14:32:12.345Z"), Instant.parse("2026-01-18T14:32:12.345Z")).build();

        assertThat(plain.consent()).isEmpty();
        assertThat(plain.originalIfConverted()).isEmpty();
        assertThat(rich.consent()).contains("c-1");
        assertThat(rich.originalIfConverted()).contains(new MeasuredValue(425, "permille"));
    }
}
