package io.lumee.clinical.fhir;

import static io.lumee.clinical.fhir.FhirVersionUnderTest.entry;
import static io.lumee.clinical.fhir.FhirVersionUnderTest.extension;
import static io.lumee.clinical.fhir.FhirVersionUnderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lumee.clinical.ExampleReadings;
import io.lumee.clinical.MappedCoding;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.ReadingIds;
import io.lumee.clinical.ReferenceRange;
import io.lumee.clinical.Shapes;
import io.lumee.clinical.SubjectMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FhirBundleMappingTest {

    private static final MappingConfig CONFIG = Shapes.config();
    private static final ProcessedReading READING = ExampleReadings.documented();

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void bundleIsATransactionOfDeviceObservationAndProvenance(FhirVersionUnderTest version) {
        JsonNode bundle = version.tree(READING, CONFIG);

        assertThat(bundle.path("type").asText()).isEqualTo("transaction");
        assertThat(resourceTypes(bundle)).containsExactly("Device", "Observation", "Provenance");
        for (JsonNode entry : bundle.path("entry")) {
            assertThat(entry.path("fullUrl").asText()).startsWith("urn:uuid:");
        }
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void deviceAndObservationAreConditionalCreatesByIdentifier(FhirVersionUnderTest version) {
        JsonNode bundle = version.tree(READING, CONFIG);

        JsonNode device = entry(bundle, "Device");
        assertThat(device.at("/request/method").asText()).isEqualTo("POST");
        assertThat(device.at("/request/ifNoneExist").asText()).isEqualTo("identifier=urn:lumee:device|lumee-0001");
        assertThat(device.at("/resource/identifier/0/value").asText()).isEqualTo("lumee-0001");
        JsonNode observation = entry(bundle, "Observation");
        assertThat(observation.at("/request/method").asText()).isEqualTo("POST");
        assertThat(observation.at("/request/ifNoneExist").asText())
                .isEqualTo("identifier=urn:lumee:reading|lumee-0001:0:1842");
        assertThat(observation.at("/resource/identifier/0/system").asText()).isEqualTo("urn:lumee:reading");
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void lookupModeNamesThePatientByConditionalReference(FhirVersionUnderTest version) {
        JsonNode bundle = version.tree(READING, CONFIG.toBuilder().subjectMode(SubjectMode.LOOKUP).build());

        assertThat(resource(bundle, "Observation").at("/subject/reference").asText())
                .isEqualTo("Patient?identifier=http://hospital.example.org/mrn|MRN-000123");
        assertThat(resourceTypes(bundle)).doesNotContain("Patient");
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void createModeAddsAMinimalPatientAndPointsTheSubjectAtIt(FhirVersionUnderTest version) {
        JsonNode bundle = version.tree(READING, CONFIG.toBuilder().subjectMode(SubjectMode.CREATE).build());

        JsonNode patient = entry(bundle, "Patient");
        assertThat(patient.at("/request/ifNoneExist").asText())
                .isEqualTo("identifier=http://hospital.example.org/mrn|MRN-000123");
        assertThat(patient.path("resource").fieldNames()).toIterable().containsExactly("resourceType", "identifier");
        assertThat(resource(bundle, "Observation").at("/subject/reference").asText())
                .isEqualTo(patient.path("fullUrl").asText());
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void identifierValuesThatWouldSplitTheQueryAreEscaped(FhirVersionUnderTest version) {
        ProcessedReading reading = ExampleReadings.builder()
                .patient(new PatientIdentifier("http://hospital.example.org/mrn", "A|B&C 1")).build();

        String reference = resource(version.tree(reading, CONFIG), "Observation").at("/subject/reference").asText();

        assertThat(reference).isEqualTo("Patient?identifier=http://hospital.example.org/mrn|A%5C%7CB%26C%201");
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void observationCarriesTheCanonicalValueInUcumAtTheDeviceTime(FhirVersionUnderTest version) {
        JsonNode observation = resource(version.tree(READING, CONFIG), "Observation");

        assertThat(observation.path("status").asText()).isEqualTo("final");
        assertThat(observation.at("/category/0/coding/0/code").asText()).isEqualTo("exam");
        assertThat(observation.at("/code/coding/0/system").asText()).isEqualTo(MappingConfig.LUMEE_CODE_SYSTEM);
        assertThat(observation.at("/code/coding/0/code").asText()).isEqualTo("tissue-o2");
        assertThat(observation.at("/valueQuantity/value").decimalValue()).isEqualByComparingTo("42.5");
        assertThat(observation.at("/valueQuantity/system").asText()).isEqualTo("http://unitsofmeasure.org");
        assertThat(observation.at("/valueQuantity/code").asText()).isEqualTo("%");
        assertThat(observation.path("effectiveDateTime").asText()).isEqualTo("2026-01-18T14:32:12.345Z");
        assertThat(observation.path("issued").asText()).isEqualTo("2026-01-18T14:32:13.021Z");
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void observationPointsAtTheDeviceEntry(FhirVersionUnderTest version) {
        JsonNode bundle = version.tree(READING, CONFIG);

        assertThat(resource(bundle, "Observation").at("/device/reference").asText())
                .isEqualTo(entry(bundle, "Device").path("fullUrl").asText());
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void configuredStandardCodingsFollowTheLumeeCode(FhirVersionUnderTest version) {
        MappingConfig withLoinc = CONFIG.toBuilder()
                .extraCodings(List.of(new MappedCoding("http://loinc.org", "12345-6", null))).build();

        JsonNode code = resource(version.tree(READING, withLoinc), "Observation").path("code");

        assertThat(code.at("/coding/0/code").asText()).isEqualTo("tissue-o2");
        assertThat(code.at("/coding/1/system").asText()).isEqualTo("http://loinc.org");
        assertThat(code.at("/coding/1/code").asText()).isEqualTo("12345-6");
        assertThat(resource(version.tree(READING, CONFIG), "Observation").at("/code/coding")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void readingFactsTravelAsDeclaredExtensions(FhirVersionUnderTest version) {
        JsonNode observation = resource(version.tree(READING, CONFIG), "Observation");

        assertThat(extension(observation, LumeeExtension.SIGNAL_QUALITY).path("valueDecimal").decimalValue())
                .isEqualByComparingTo("0.92");
        assertThat(extension(observation, LumeeExtension.SDK_VERSION).path("valueString").asText()).isEqualTo("1.3.0");
        assertThat(extension(observation, LumeeExtension.FIRMWARE_VERSION).path("valueString").asText())
                .isEqualTo("fw-2.4.1");
        assertThat(extension(observation, LumeeExtension.SCHEMA_VERSION).path("valueString").asText()).isEqualTo("1");
        assertThat(extension(observation, LumeeExtension.PIPELINE_VERSION).path("valueString").asText())
                .isEqualTo("0.1.0");
        assertThat(extension(observation, LumeeExtension.ORIGINAL_VALUE).isMissingNode()).isTrue();
        assertThat(extension(observation, LumeeExtension.CONSENT).isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void convertedReadingKeepsTheReportedValueAndUnit(FhirVersionUnderTest version) {
        ProcessedReading converted = ExampleReadings.builder()
                .converted(new MeasuredValue(425, "permille"), new MeasuredValue(42.5, "%")).build();

        JsonNode original = extension(resource(version.tree(converted, CONFIG), "Observation"),
                LumeeExtension.ORIGINAL_VALUE).path("valueQuantity");

        assertThat(original.path("value").decimalValue()).isEqualByComparingTo("425");
        assertThat(original.path("unit").asText()).isEqualTo("permille");
        assertThat(original.has("system")).as("a free-text unit claims no UCUM code").isFalse();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void consentInForceIsALogicalReferenceByIdentifier(FhirVersionUnderTest version) {
        ProcessedReading withConsent = ExampleReadings.builder().consent("consent-2026-0042").build();

        JsonNode consent = extension(resource(version.tree(withConsent, CONFIG), "Observation"),
                LumeeExtension.CONSENT).path("valueReference");

        assertThat(consent.path("type").asText()).isEqualTo("Consent");
        assertThat(consent.at("/identifier/system").asText()).isEqualTo("urn:lumee:consent");
        assertThat(consent.at("/identifier/value").asText()).isEqualTo("consent-2026-0042");
        assertThat(consent.has("reference")).as("the server would have to resolve a literal reference").isFalse();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void lowQualityIsAnInterpretation(FhirVersionUnderTest version) {
        ProcessedReading low = ExampleReadings.builder().signalQuality(0.12, true).build();

        JsonNode observation = resource(version.tree(low, CONFIG), "Observation");

        assertThat(codes(observation.path("interpretation"))).containsExactly("low-signal-quality");
        assertThat(resource(version.tree(READING, CONFIG), "Observation").has("interpretation")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void correctedDeviceClockIsANoteAndTheReceiptTime(FhirVersionUnderTest version) {
        ProcessedReading corrected = ExampleReadings.builder().clockCorrected(java.time.Duration.ofSeconds(600)).build();

        JsonNode observation = resource(version.tree(corrected, CONFIG), "Observation");

        assertThat(observation.path("note").get(0).path("text").asText()).contains("600 s ahead");
        assertThat(observation.path("effectiveDateTime").asText()).startsWith("2026-01-18T14:32:13.021");
        assertThat(resource(version.tree(READING, CONFIG), "Observation").has("note")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void valueOutsideTheReferenceRangeIsInterpretedHighOrLow(FhirVersionUnderTest version) {
        MappingConfig narrow = CONFIG.toBuilder().referenceRange(new ReferenceRange(50, 60, "%")).build();
        ProcessedReading high = ExampleReadings.builder().value(61, "%").build();

        assertThat(codes(resource(version.tree(READING, narrow), "Observation").path("interpretation")))
                .containsExactly("L");
        assertThat(codes(resource(version.tree(high, narrow), "Observation").path("interpretation")))
                .containsExactly("H");
        JsonNode range = resource(version.tree(READING, narrow), "Observation").at("/referenceRange/0");
        assertThat(range.at("/low/value").decimalValue()).isEqualByComparingTo("50");
        assertThat(range.at("/high/code").asText()).isEqualTo("%");
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void rangeInAnotherUnitIsNotApplied(FhirVersionUnderTest version) {
        MappingConfig mmHg = CONFIG.toBuilder().referenceRange(new ReferenceRange(50, 60, "mm[Hg]")).build();

        JsonNode observation = resource(version.tree(READING, mmHg), "Observation");

        assertThat(observation.has("referenceRange")).isFalse();
        assertThat(observation.has("interpretation")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void udiIsCarriedWithItsDeviceIdentifierAndIssuer(FhirVersionUnderTest version) {
        ProcessedReading withUdi = ExampleReadings.builder().udi(Shapes.GS1_UDI).build();

        JsonNode carrier = resource(version.tree(withUdi, CONFIG), "Device").at("/udiCarrier/0");

        assertThat(carrier.path("deviceIdentifier").asText()).isEqualTo("00844588003288");
        assertThat(carrier.path("issuer").asText()).isEqualTo("http://hl7.org/fhir/NamingSystem/gs1-di");
        assertThat(carrier.path("carrierHRF").asText()).isEqualTo(Shapes.GS1_UDI);
        assertThat(resource(version.tree(READING, CONFIG), "Device").has("udiCarrier")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void provenanceIsPutUnderTheSha256OfTheReadingId(FhirVersionUnderTest version) {
        JsonNode provenance = entry(version.tree(READING, CONFIG), "Provenance");

        String id = ReadingIds.provenanceId("lumee-0001:0:1842");
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(provenance.at("/request/method").asText()).isEqualTo("PUT");
        assertThat(provenance.at("/request/url").asText()).isEqualTo("Provenance/" + id);
        assertThat(provenance.at("/resource/id").asText()).isEqualTo(id);
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void provenanceTiesTheObservationToTheSignedReadingAndItsSource(FhirVersionUnderTest version) {
        JsonNode bundle = version.tree(READING, CONFIG);
        JsonNode provenance = resource(bundle, "Provenance");

        assertThat(provenance.at("/target/0/reference").asText()).isEqualTo(entry(bundle, "Observation").path("fullUrl").asText());
        assertThat(provenance.at("/entity/0/what/identifier/value").asText()).isEqualTo("lumee-0001:0:1842");
        assertThat(provenance.at("/entity/1/what/identifier/value").asText()).isEqualTo("lumee.raw/7/120431");
        assertThat(provenance.at("/entity/0/what").has("reference")).isFalse();
        assertThat(provenance.at("/agent/0/who/reference").asText()).isEqualTo(entry(bundle, "Device").path("fullUrl").asText());
        assertThat(provenance.at("/agent/1/who/identifier/value").asText()).isEqualTo("lumee-pipeline/0.1.0");
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void signatureIsTheJwsExactlyAsReceived(FhirVersionUnderTest version) {
        JsonNode signature = resource(version.tree(READING, CONFIG), "Provenance").at("/signature/0");

        assertThat(signature.path("sigFormat").asText()).isEqualTo("application/jose");
        byte[] data = Base64.getDecoder().decode(signature.path("data").asText());
        assertThat(new String(data, StandardCharsets.US_ASCII)).isEqualTo(ExampleReadings.DOCUMENTED_JWS);
    }

    @ParameterizedTest
    @EnumSource(FhirVersionUnderTest.class)
    void mappingTheSameReadingTwiceGivesTheSameBytes(FhirVersionUnderTest version) {
        assertThat(version.json(READING, CONFIG)).isEqualTo(version.json(ExampleReadings.documented(), Shapes.config()));
        assertThat(version.json(READING, CONFIG))
                .isNotEqualTo(version.json(ExampleReadings.builder().identity("lumee-0001", 0, 1843).build(), CONFIG));
    }

    @Test
    void r4AndR5WriteTheSameJsonForEveryShape() {
        // The two mappers are parallel code over two HAPI models; for everything Lumee writes the
        // wire JSON is the same, so this keeps them from drifting apart.
        for (Shapes.Shape shape : Shapes.all()) {
            assertThat(FhirVersionUnderTest.R5.json(shape.reading(), shape.config())).as(shape.name())
                    .isEqualTo(FhirVersionUnderTest.R4.json(shape.reading(), shape.config()));
        }
    }

    private static List<String> resourceTypes(JsonNode bundle) {
        List<String> types = new ArrayList<>();
        bundle.path("entry").forEach(entry -> types.add(entry.at("/resource/resourceType").asText()));
        return types;
    }

    private static List<String> codes(JsonNode concepts) {
        List<String> codes = new ArrayList<>();
        concepts.forEach(concept -> concept.path("coding").forEach(coding -> codes.add(coding.path("code").asText())));
        return codes;
    }
}
