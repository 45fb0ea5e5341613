package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingConfigTest {

    private static final MappingConfig DEFAULTS = MappingConfig.defaults("0.1.0", "1");

    @Test
    void defaultsLookUpPatientsAndMapNoStandardCode() {
        assertThat(DEFAULTS.subjectMode()).isEqualTo(SubjectMode.LOOKUP);
        assertThat(DEFAULTS.extraCodings()).isEmpty();
        assertThat(DEFAULTS.codeSystemUrl()).isEqualTo(MappingConfig.LUMEE_CODE_SYSTEM);
        assertThat(DEFAULTS.processingId()).isEqualTo("P");
        assertThat(DEFAULTS.referenceRange()).isNull();
    }

    @Test
    void aProcessingIdOutsideTable0103IsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.toBuilder().processingId("X").build())
                .withMessage("processingId must be P, T or D");
    }

    @Test
    void aNonLocalHl7CodingSystemNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.toBuilder().hl7CodingSystem("LN").build());
    }

    @Test
    void anInvertedReferenceRangeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReferenceRange(90, 40, "%"));
    }

    @Test
    void configuredAuthorityWinsAndOthersFallBackToTheSystemItself() {
        MappingConfig config = DEFAULTS.toBuilder().assigningAuthorities(
                Map.of("http://hospital.example.org/mrn", AssigningAuthority.medicalRecordNumbers("HOSP"))).build();

        assertThat(config.assigningAuthorityFor("http://hospital.example.org/mrn").namespaceId()).isEqualTo("HOSP");
        assertThat(config.assigningAuthorityFor("urn:oid:1.2.3")).isEqualTo(new AssigningAuthority(null, "1.2.3", "ISO", "PI"));
        assertThat(config.assigningAuthorityFor("https://id.example.de/kvnr"))
                .isEqualTo(new AssigningAuthority(null, "https://id.example.de/kvnr", "URI", "PI"));
    }

    @Test
    void aRoundTripThroughTheBuilderKeepsEverySetting() {
        MappingConfig custom = DEFAULTS.toBuilder().subjectMode(SubjectMode.CREATE).sendingFacility("PROFUSA")
                .referenceRange(new ReferenceRange(40, 90, "%")).signalQualityObx(false).build();

        assertThat(custom.toBuilder().build()).isEqualTo(custom);
    }
}
