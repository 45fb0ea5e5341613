package io.lumee.clinical.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import io.lumee.clinical.AssigningAuthority;
import io.lumee.clinical.ExampleReadings;
import io.lumee.clinical.MappedCoding;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.ReadingIds;
import io.lumee.clinical.ReferenceRange;
import io.lumee.clinical.SharedValidators;
import io.lumee.clinical.Shapes;
import io.lumee.clinical.validation.ValidationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OruR01MapperTest {

    private static final OruR01Mapper MAPPER = new OruR01Mapper();
    private static final MappingConfig CONFIG = Shapes.config();
    private static final ProcessedReading READING = ExampleReadings.documented();

    static List<Shapes.Shape> shapes() {
        return Shapes.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyShapeParsesAndPassesOurRules(Shapes.Shape shape) {
        ValidationReport report = SharedValidators.hl7().validate(MAPPER.mapToEr7(shape.reading(), shape.config()));

        assertThat(report.issues()).as(report.describeErrors()).isEmpty();
    }

    @Test
    void headerNamesBothEndsAndTheDeviceFacility() throws HL7Exception {
        MSH msh = MAPPER.map(READING, CONFIG.toBuilder().sendingApplication("LUMEE-PROC").sendingFacility("PROFUSA")
                .receivingApplication("EPIC").processingId("T").build()).getMSH();

        assertThat(msh.getSendingApplication().getNamespaceID().getValue()).isEqualTo("LUMEE-PROC");
        assertThat(msh.getSendingFacility().getNamespaceID().getValue()).isEqualTo("PROFUSA");
        assertThat(msh.getReceivingApplication().getNamespaceID().getValue()).isEqualTo("EPIC");
        assertThat(msh.getReceivingFacility().getNamespaceID().getValue()).isEqualTo("ICU-NORTH");
        assertThat(msh.getMessageType().encode()).isEqualTo("ORU^R01^ORU_R01");
        assertThat(msh.getProcessingID().getProcessingID().getValue()).isEqualTo("T");
        assertThat(msh.getVersionID().getVersionID().getValue()).isEqualTo("2.5.1");
        assertThat(msh.getCharacterSet(0).getValue()).isEqualTo("UNICODE UTF-8");
    }

    @Test
    void controlIdIsDerivedFromTheReadingIdSoAResendIsRecognisable() {
        String first = MAPPER.map(READING, CONFIG).getMSH().getMessageControlID().getValue();
        String resend = MAPPER.map(ExampleReadings.documented(), CONFIG).getMSH().getMessageControlID().getValue();
        String next = MAPPER.map(ExampleReadings.builder().identity("lumee-0001", 0, 1843).build(), CONFIG)
                .getMSH().getMessageControlID().getValue();

        assertThat(first).hasSize(20).isEqualTo(resend).isNotEqualTo(next);
        assertThat(ReadingIds.provenanceId(READING.readingId())).startsWith(first);
    }

    @Test
    void aResendIsByteIdentical() {
        assertThat(MAPPER.mapToEr7(READING, CONFIG)).isEqualTo(MAPPER.mapToEr7(ExampleReadings.documented(), CONFIG));
    }

    @Test
    void patientIsIdentifiedUnderTheConfiguredAssigningAuthority() throws HL7Exception {
        MappingConfig config = CONFIG.toBuilder().assigningAuthorities(Map.of("http://hospital.example.org/mrn",
                AssigningAuthority.medicalRecordNumbers("HOSP"))).build();

        PID pid = MAPPER.map(READING, config).getPATIENT_RESULT().getPATIENT().getPID();

        assertThat(pid.getPatientIdentifierList(0).encode()).isEqualTo("MRN-000123^^^HOSP^MR");
        assertThat(pid.getPatientName(0).getNameTypeCode().getValue()).as("pseudo-name: no name by design").isEqualTo("S");
    }

    @Test
    void anUnmappedSystemIsSentAsItsOwnUniversalId() throws HL7Exception {
        ProcessedReading oid = ExampleReadings.builder()
                .patient(new PatientIdentifier("urn:oid:2.16.840.1.113883.3.72", "12345")).build();

        PID pid = MAPPER.map(oid, CONFIG).getPATIENT_RESULT().getPATIENT().getPID();

        assertThat(pid.getPatientIdentifierList(0).encode()).isEqualTo("12345^^^&2.16.840.1.113883.3.72&ISO^PI");
    }

    @Test
    void obxCarriesTheValueInUcumWithRangeFlagTimeAndDevice() throws HL7Exception {
        OBX obx = observations(MAPPER.map(READING, CONFIG)).get(0).getOBX();

        assertThat(obx.getValueType().getValue()).isEqualTo("NM");
        assertThat(obx.getObservationIdentifier().encode()).isEqualTo("tissue-o2^Tissue oxygen^99LUM");
        assertThat(obx.getObservationValue(0).encode()).isEqualTo("42.5");
        assertThat(obx.getUnits().encode()).isEqualTo("%^%^UCUM");
        assertThat(obx.getReferencesRange().getValue()).isEqualTo("40.0-90.0");
        assertThat(obx.getAbnormalFlags(0).getValue()).isEqualTo("N");
        assertThat(obx.getObservationResultStatus().getValue()).isEqualTo("F");
        assertThat(obx.getDateTimeOfTheObservation().encode()).isEqualTo("20260118143212.345+0000");
        assertThat(obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().getValue()).isEqualTo("lumee-0001");
    }

    @Test
    void valuesOutsideTheRangeAreFlaggedLowOrHigh() throws HL7Exception {
        ProcessedReading low = ExampleReadings.builder().value(12.25, "%").build();
        ProcessedReading high = ExampleReadings.builder().value(97, "%").build();

        assertThat(observations(MAPPER.map(low, CONFIG)).get(0).getOBX().getAbnormalFlags(0).getValue()).isEqualTo("L");
        assertThat(observations(MAPPER.map(high, CONFIG)).get(0).getOBX().getAbnormalFlags(0).getValue()).isEqualTo("H");
    }

    @Test
    void withoutAConfiguredRangeThereIsNoRangeAndNoFlag() throws HL7Exception {
        OBX obx = observations(MAPPER.map(READING, CONFIG.toBuilder().referenceRange(null).build())).get(0).getOBX();

        assertThat(obx.getReferencesRange().isEmpty()).isTrue();
        assertThat(obx.getAbnormalFlags(0).isEmpty()).isTrue();
    }

    @Test
    void aConfiguredLoincCodingIsTheAlternateIdentifier() throws HL7Exception {
        MappingConfig loinc = CONFIG.toBuilder()
                .extraCodings(List.of(new MappedCoding("http://loinc.org", "12345-6", "Example"))).build();

        OBX obx = observations(MAPPER.map(READING, loinc)).get(0).getOBX();

        assertThat(obx.getObservationIdentifier().encode()).isEqualTo("tissue-o2^Tissue oxygen^99LUM^12345-6^Example^LN");
    }

    @Test
    void signalQualityIsASecondObxUnlessSwitchedOff() throws HL7Exception {
        List<ORU_R01_OBSERVATION> with = observations(MAPPER.map(READING, CONFIG));
        List<ORU_R01_OBSERVATION> without = observations(
                MAPPER.map(READING, CONFIG.toBuilder().signalQualityObx(false).build()));

        assertThat(with).hasSize(2);
        assertThat(with.get(1).getOBX().getObservationIdentifier().getIdentifier().getValue()).isEqualTo("signal-quality");
        assertThat(with.get(1).getOBX().getObservationValue(0).encode()).isEqualTo("0.92");
        assertThat(with.get(1).getOBX().getUnits().getIdentifier().getValue()).isEqualTo("1");
        assertThat(without).hasSize(1);
    }

    @Test
    void lowQualityAndConversionAreNotesOnTheValue() throws HL7Exception {
        ProcessedReading reading = ExampleReadings.builder().signalQuality(0.12, true)
                .converted(new MeasuredValue(425, "permille"), new MeasuredValue(42.5, "%")).build();

        ORU_R01_OBSERVATION value = observations(MAPPER.map(reading, CONFIG)).get(0);

        assertThat(value.getNTEReps()).isEqualTo(2);
        assertThat(value.getNTE(0).getComment(0).getValue()).contains("0.12").contains("caution");
        assertThat(value.getNTE(1).getComment(0).getValue()).contains("425").contains("permille");
        assertThat(observations(MAPPER.map(READING, CONFIG)).get(0).getNTEReps()).isZero();
    }

    @Test
    void correctedDeviceClockIsANoteOnTheValue() throws HL7Exception {
        ProcessedReading corrected = ExampleReadings.builder().clockCorrected(java.time.Duration.ofSeconds(600)).build();

        ORU_R01_OBSERVATION value = observations(MAPPER.map(corrected, CONFIG)).get(0);

        assertThat(value.getNTEReps()).isEqualTo(1);
        assertThat(value.getNTE(0).getSetIDNTE().getValue()).isEqualTo("1");
        assertThat(value.getNTE(0).getComment(0).getValue()).contains("600 s ahead");
    }

    @Test
    void delimitersInTheIdentifierAreEscapedAndSurviveTheRoundTrip() throws HL7Exception {
        ProcessedReading awkward = ExampleReadings.builder()
                .patient(new PatientIdentifier("http://hospital.example.org/mrn", "A|B^C&D~E\\F")).build();
        String er7 = MAPPER.mapToEr7(awkward, CONFIG);

        ORU_R01 parsed = new ORU_R01();
        parsed.parse(er7);

        assertThat(parsed.getPATIENT_RESULT().getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue())
                .isEqualTo("A|B^C&D~E\\F");
        assertThat(SharedValidators.hl7().validate(er7).isValid()).isTrue();
    }

    private static List<ORU_R01_OBSERVATION> observations(ORU_R01 message) throws HL7Exception {
        return message.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONAll();
    }
}
