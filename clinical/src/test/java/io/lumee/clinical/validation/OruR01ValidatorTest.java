package io.lumee.clinical.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.ExampleReadings;
import io.lumee.clinical.SharedValidators;
import io.lumee.clinical.Shapes;
import io.lumee.clinical.hl7.OruR01Mapper;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our rules catch what HAPI's default validation lets through: a message missing what the interface promises. */
class OruR01ValidatorTest {

    private static final String VALID = new OruR01Mapper().mapToEr7(ExampleReadings.documented(), Shapes.config());

    @Test
    void theMappedMessageIsValid() {
        assertThat(SharedValidators.hl7().validate(VALID).issues()).isEmpty();
    }

    @ParameterizedTest(name = "{0}-{1} emptied")
    @CsvSource({
        "MSH, 3", "MSH, 4", "MSH, 5", "MSH, 6", "MSH, 7", "MSH, 10", "MSH, 11", "MSH, 18",
        "SFT, 1", "SFT, 2", "SFT, 3", "SFT, 4",
        "PID, 3", "OBR, 3", "OBR, 4", "OBR, 7", "OBR, 25",
        "OBX, 2", "OBX, 3", "OBX, 5", "OBX, 6", "OBX, 11", "OBX, 14", "OBX, 18"})
    void aMessageMissingARequiredFieldIsInvalid(String segment, int field) {
        String broken = withField(VALID, segment, field, "");

        ValidationReport report = SharedValidators.hl7().validate(broken);

        assertThat(report.isValid()).as("%s-%d emptied", segment, field).isFalse();
    }

    @Test
    void aControlIdLongerThanTwentyCharactersIsInvalid() {
        String broken = withField(VALID, "MSH", 10, "123456789012345678901");

        assertThat(SharedValidators.hl7().validate(broken).errors())
                .anyMatch(issue -> issue.location().startsWith("MSH-10"));
    }

    @Test
    void unitsOutsideUcumAreInvalid() {
        String broken = withField(VALID, "OBX", 6, "%^%^ISO+");

        assertThat(SharedValidators.hl7().validate(broken).errors())
                .anyMatch(issue -> issue.message().contains("UCUM"));
    }

    @Test
    void anAssigningAuthorityIsRequired() {
        String broken = withField(VALID, "PID", 3, "MRN-000123^^^^MR");

        assertThat(SharedValidators.hl7().validate(broken).errors())
                .anyMatch(issue -> issue.message().contains("PID-3.4"));
    }

    @Test
    void hapisOwnFormatRulesStillApply() {
        String broken = withField(VALID, "OBX", 14, "2026-01-18");

        assertThat(SharedValidators.hl7().validate(broken).errors())
                .anyMatch(issue -> issue.location().startsWith("OBX-14"));
    }

    @Test
    void textThatIsNotHl7IsAParseError() {
        ValidationReport report = SharedValidators.hl7().validate("this is not an HL7 message");

        assertThat(report.errors()).singleElement().satisfies(issue -> assertThat(issue.rule()).isEqualTo("HL7_PARSE"));
    }

    @Test
    void reportsNeverQuoteValuesWhenPrinted() {
        String broken = withField(VALID, "OBX", 14, "not-a-date-MRN-000123");

        ValidationReport report = SharedValidators.hl7().validate(broken);

        assertThat(report.isValid()).isFalse();
        assertThat(report.toString()).doesNotContain("MRN-000123");
    }

    /** The message with field {@code field} of the first {@code segment} replaced (ER7 text as is). */
    private static String withField(String er7, String segment, int field, String value) {
        String[] segments = er7.split("\r");
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith(segment + "|")) {
                String[] fields = segments[i].split("\\|", -1);
                // MSH-1 is the field separator itself, so MSH-n sits one place to the left.
                int index = segment.equals("MSH") ? field - 1 : field;
                fields[index] = value;
                segments[i] = String.join("|", fields);
                break;
            }
        }
        return Arrays.stream(segments).collect(Collectors.joining("\r", "", "\r"));
    }
}
