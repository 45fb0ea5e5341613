package io.lumee.clinical.fhir;

import static io.lumee.clinical.fhir.FhirVersionUnderTest.extension;
import static io.lumee.clinical.fhir.FhirVersionUnderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lumee.clinical.ExampleReadings;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.Shapes;
import io.lumee.clinical.validation.ValidationIssue;
import io.lumee.clinical.validation.ValidationReport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HL7's official validator, with our CodeSystem and extension definitions and no unknown
 * extension allowed, finds no error in any shape of Bundle, and does find the errors we plant.
 */
class FhirValidationTest {

    static Stream<Arguments> everyShapeInEveryVersion() {
        return Stream.of(FhirVersionUnderTest.values())
                .flatMap(version -> Shapes.all().stream().map(shape -> Arguments.of(version, shape)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyShapeInEveryVersion")
    void everyShapeValidatesWithZeroErrors(FhirVersionUnderTest version, Shapes.Shape shape) {
        ValidationReport report = version.validator().validate(version.json(shape.reading(), shape.config()));

        assertThat(report.errors()).as(report.describeErrors()).isEmpty();
    }

    /** Found by EveryOutputValidatesPropertyTest: the validator threw on a conditional reference ending in '/'. */
    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void aPatientIdentifierEndingInASlashValidates(FhirVersionUnderTest version) {
        ProcessedReading reading = ExampleReadings.builder()
                .patient(new PatientIdentifier("urn:oid:2.16.840.1.113883.3.72", "ward/")).build();

        ValidationReport report = version.validator().validate(version.json(reading, Shapes.config()));

        assertThat(report.errors()).as(report.describeErrors()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void anUndeclaredExtensionIsAnError(FhirVersionUnderTest version) {
        ObjectNode bundle = documentedBundle(version);
        resource(bundle, "Observation").withArray("extension").addObject()
                .put("url", "https://lumee.io/fhir/StructureDefinition/battery-level").put("valueInteger", 81);

        assertThat(errorRules(version, bundle)).anyMatch(rule -> rule.startsWith("Extension_EXT_Unknown"));
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void anObservationWithoutStatusIsAnError(FhirVersionUnderTest version) {
        ObjectNode bundle = documentedBundle(version);
        resource(bundle, "Observation").remove("status");

        assertThat(errors(version, bundle)).anyMatch(issue -> issue.location().contains("Observation")
                && issue.message().contains("status"));
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void aProvenanceWithoutTargetIsAnError(FhirVersionUnderTest version) {
        ObjectNode bundle = documentedBundle(version);
        resource(bundle, "Provenance").remove("target");

        assertThat(errors(version, bundle)).anyMatch(issue -> issue.message().contains("Provenance.target"));
    }

    @Test
    void anR4SignatureWithoutTypeIsAnError() {
        ObjectNode bundle = documentedBundle(FhirVersionUnderTest.R4);
        ((ObjectNode) resource(bundle, "Provenance").at("/signature/0")).remove("type");

        assertThat(errors(FhirVersionUnderTest.R4, bundle)).anyMatch(issue -> issue.message().contains("type"));
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void signalQualityAboveOneBreaksOurExtensionDefinition(FhirVersionUnderTest version) {
        ObjectNode bundle = documentedBundle(version);
        ((ObjectNode) extension(resource(bundle, "Observation"), LumeeExtension.SIGNAL_QUALITY)).put("valueDecimal", 1.5);

        assertThat(errors(version, bundle)).anyMatch(issue -> issue.location().contains("extension"));
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void aCodeOurCodeSystemDoesNotDefineIsAnError(FhirVersionUnderTest version) {
        ObjectNode bundle = documentedBundle(version);
        ((ObjectNode) resource(bundle, "Observation").at("/code/coding/0")).put("code", "tissue-co2");

        assertThat(errors(version, bundle)).anyMatch(issue -> issue.message().contains("tissue-co2"));
    }

    private static ObjectNode documentedBundle(FhirVersionUnderTest version) {
        ObjectNode bundle = version.tree(ExampleReadings.documented(), Shapes.config());
        assertThat(version.validator().validate(bundle.toString()).errors()).as("the unbroken bundle").isEmpty();
        return bundle;
    }

    private static Stream<ValidationIssue> errors(FhirVersionUnderTest version, ObjectNode bundle) {
        return version.validator().validate(bundle.toString()).errors().stream();
    }

    private static Stream<String> errorRules(FhirVersionUnderTest version, ObjectNode bundle) {
        return errors(version, bundle).map(ValidationIssue::rule);
    }
}
