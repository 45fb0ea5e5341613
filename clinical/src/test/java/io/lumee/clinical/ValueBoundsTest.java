package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The edges of every value rule: the last value allowed and the first refused, so a rule cannot drift by one. */
class ValueBoundsTest {

    @Test
    void aValueOnEitherEndOfTheReferenceRangeIsNormal() {
        ReferenceRange range = new ReferenceRange(40.0, 80.0, "%");

        assertThat(range.classify(40.0)).isEqualTo(ReferenceRange.Flag.NORMAL);
        assertThat(range.classify(80.0)).isEqualTo(ReferenceRange.Flag.NORMAL);
        assertThat(range.classify(Math.nextDown(40.0))).isEqualTo(ReferenceRange.Flag.LOW);
        assertThat(range.classify(Math.nextUp(80.0))).isEqualTo(ReferenceRange.Flag.HIGH);
    }

    @Test
    void aReferenceRangeOfOnePointIsAllowedAndAnInvertedOneIsNot() {
        assertThat(new ReferenceRange(50.0, 50.0, "%").classify(50.0)).isEqualTo(ReferenceRange.Flag.NORMAL);
        assertThatIllegalArgumentException().isThrownBy(() -> new ReferenceRange(50.0, Math.nextDown(50.0), "%"));
    }

    @Test
    void epochAndSequenceStartAtZero() {
        assertThat(ExampleReadings.builder().identity("lumee-0001", 0, 0).build().readingId()).isEqualTo("lumee-0001:0:0");
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().identity("lumee-0001", -1, 0).build());
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().identity("lumee-0001", 0, -1).build());
    }

    @Test
    void signalQualityTakesBothEndsOfZeroToOne() {
        assertThat(ExampleReadings.builder().signalQuality(0.0, true).build().signalQuality()).isZero();
        assertThat(ExampleReadings.builder().signalQuality(1.0, false).build().signalQuality()).isEqualTo(1.0);
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().signalQuality(Math.nextUp(1.0), false).build());
        assertThatIllegalArgumentException().isThrownBy(() -> ExampleReadings.builder().signalQuality(-Double.MIN_VALUE, true).build());
    }

    @Test
    void textTakesExactlyItsMaximumLengthAndNoControlCharacter() {
        assertThat(TextRules.requireText("x".repeat(64), "firmware", 64)).isEqualTo("x".repeat(64));
        assertThatIllegalArgumentException().isThrownBy(() -> TextRules.requireText("x".repeat(65), "firmware", 64))
                .withMessage("firmware must be 1-64 printable characters without surrounding whitespace");
        assertThatIllegalArgumentException().isThrownBy(() -> TextRules.requireText("fw\r2", "firmware", 64));
        assertThat(TextRules.isPrintable("fw-2.4.1 é")).isTrue();
        assertThat(TextRules.isPrintable("fw\u0000")).isFalse();
    }

    @Test
    void aUnitTakesUpToThirtyTwoCharactersAndNeverShowsTheValue() {
        assertThat(new MeasuredValue(42.5, "u".repeat(32)).unit()).hasSize(32);
        assertThatIllegalArgumentException().isThrownBy(() -> new MeasuredValue(42.5, "u".repeat(33)));
        assertThat(new MeasuredValue(42.5, "%").toString()).isEqualTo("MeasuredValue[unit=%]");
    }

    @Test
    void sourceCoordinatesStartAtPartitionAndOffsetZero() {
        assertThat(new SourceCoordinates("lumee.raw", 0, 0).offset()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceCoordinates("lumee.raw", -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceCoordinates("lumee.raw", 0, -1));
    }

    @Test
    void aPatientIdentifierPrintsItsSystemButNeverItsValue() {
        assertThat(ExampleReadings.MRN.toString()).isEqualTo("PatientIdentifier[system=http://hospital.example.org/mrn]");
    }

    @Test
    void defaultsAreTheBuilderUntouched() {
        assertThat(MappingConfig.defaults("1.4.0", "2")).isEqualTo(MappingConfig.builder("1.4.0", "2").build());
    }
}
