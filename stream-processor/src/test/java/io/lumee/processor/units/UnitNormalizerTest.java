package io.lumee.processor.units;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.RejectionReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnitNormalizerTest {
    private final UnitNormalizer toMmHg = new UnitNormalizer(PressureUnit.MM_HG);
    private final UnitNormalizer toKpa = new UnitNormalizer(PressureUnit.KPA);

    private static NormalizedValue passed(Verdict<NormalizedValue> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
        return ((Verdict.Pass<NormalizedValue>) verdict).value();
    }

    @ParameterizedTest
    @CsvSource({"%, %", "percent, %", " Percent , %", "mmHg, mm[Hg]", "mm Hg, mm[Hg]", "MM[HG], mm[Hg]"})
    void spellingsOfTheCanonicalUnitAreRenamedNotConverted(String reported, String ucum) {
        NormalizedValue value = passed(toMmHg.normalize(42.5, reported));

        assertThat(value.canonical().unit()).isEqualTo(ucum);
        assertThat(value.canonical().value()).isEqualTo(42.5);
        assertThat(value.original()).isEmpty();
    }

    @Test
    void fractionBecomesPercentAndKeepsTheOriginal() {
        NormalizedValue value = passed(toMmHg.normalize(0.615, "fraction"));

        assertThat(value.canonical().value()).isEqualTo(61.5);
        assertThat(value.canonical().unit()).isEqualTo("%");
        assertThat(value.original()).hasValueSatisfying(o -> assertThat(o.unit()).isEqualTo("fraction"));
    }

    @Test
    void kpaAndMmHgConvertByUcumsExactFactorBothWays() {
        assertThat(passed(toMmHg.normalize(0.133322, "kPa")).canonical().value()).isEqualTo(1.0);
        assertThat(passed(toKpa.normalize(1, "mmHg")).canonical().value()).isEqualTo(0.133322);
        assertThat(passed(toKpa.normalize(40, "mm Hg")).canonical().value()).isEqualTo(5.33288);
        NormalizedValue converted = passed(toMmHg.normalize(5.33288, "kPa"));
        assertThat(converted.canonical().value()).isEqualTo(40.0);
        assertThat(converted.original()).hasValueSatisfying(o -> assertThat(o.value()).isEqualTo(5.33288));
    }

    @Test
    void percentIsNeverConvertedToPressureNorBack() {
        assertThat(passed(toKpa.normalize(42, "%")).canonical().unit()).isEqualTo("%");
        assertThat(passed(toMmHg.normalize(42, "mmHg")).canonical().unit()).isEqualTo("mm[Hg]");
    }

    @ParameterizedTest
    @CsvSource({"mol/L", "torr", "'' ", "percentage points", "Pa"})
    void anythingElseIsUnitUnknown(String reported) {
        Verdict<NormalizedValue> verdict = toMmHg.normalize(42, reported);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Reject.class,
                reject -> assertThat(reject.reason()).isEqualTo(RejectionReason.UNIT_UNKNOWN));
    }
}
