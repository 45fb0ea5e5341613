package io.lumee.processor.topology;

import static io.lumee.processor.SignedReadings.assignment;
import static io.lumee.processor.SignedReadings.reading;
import static io.lumee.processor.SignedReadings.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.validation.FhirResourceValidator;
import io.lumee.clinical.validation.OruR01Validator;
import io.lumee.clinical.validation.ValidationReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the topology writes passes the official FHIR validator and HAPI's HL7 v2 parser with our rules. */
class OutputConformanceTest {
    private static ProcessorFixture fixture;

    @BeforeAll
    static void produce() {
        fixture = new ProcessorFixture();
        Instant assigned = Instant.parse("2026-11-01T00:00:00Z");
        fixture.register(registration("lumee-0001", assignment("MRN-1", assigned, null, "Consent/c-1")));
        fixture.register(registration("lumee-0002", assignment("MRN-2", assigned, null, null)));
        fixture.send(reading("lumee-0001", 1).build());
        fixture.send(reading("lumee-0001", 2).signalQuality(0.3).build());
        fixture.send(reading("lumee-0002", 1).tissueO2(6.1).units("kPa").build());
        fixture.send(reading("lumee-0002", 2).tissueO2(0.61).units("fraction").build());
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void everyR4BundleValidatesWithZeroErrors() {
        assertAllValid(fixture.fhirR4.readValuesToList(), FhirResourceValidator.r4());
    }

    @Test
    void everyR5BundleValidatesWithZeroErrors() {
        assertAllValid(fixture.fhirR5.readValuesToList(), FhirResourceValidator.r5());
    }

    @Test
    void everyOruR01PassesTheParserAndOurRules() {
        List<String> messages = fixture.hl7.readValuesToList();
        assertThat(messages).hasSize(4);
        OruR01Validator validator = new OruR01Validator();
        for (String message : messages) {
            ValidationReport report = validator.validate(message);
            assertThat(report.isValid()).as(report.describeErrors()).isTrue();
        }
    }

    private static void assertAllValid(List<String> bundles, FhirResourceValidator validator) {
        assertThat(bundles).hasSize(4);
        for (String bundle : bundles) {
            ValidationReport report = validator.validate(bundle);
            assertThat(report.isValid()).as(report.describeErrors()).isTrue();
        }
    }
}
