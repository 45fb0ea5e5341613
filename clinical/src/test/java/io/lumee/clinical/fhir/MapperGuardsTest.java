package io.lumee.clinical.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.fhir.r4.R4BundleMapper;
import io.lumee.clinical.fhir.r5.R5BundleMapper;
import org.junit.jupiter.api.Test;

class MapperGuardsTest {

    @Test
    void aMapperRefusesAContextOfTheOtherFhirVersion() {
        assertThatIllegalArgumentException().isThrownBy(() -> new R4BundleMapper(FhirContexts.r5()));
        assertThatIllegalArgumentException().isThrownBy(() -> new R5BundleMapper(FhirContexts.r4()));
    }

    @Test
    void conditionalUrlsKeepUnreservedCharactersAndEscapeTheirNeighbours() {
        // each pair straddles a range edge: a-z, A-Z, 0-9
        // a system keeps '/' literal (just below '0'); a value's '/' is always encoded
        assertThat(ConditionalUrls.identifierQuery("`az{@AZ[/09:", "`az{@AZ[/09:"))
                .isEqualTo("identifier=%60az%7B@AZ%5B/09:|%60az%7B@AZ%5B%2F09:");
        assertThat(ConditionalUrls.patientReference(new PatientIdentifier("urn:x", "a b")))
                .isEqualTo("Patient?identifier=urn:x|a%20b");
    }

    @Test
    void everyExtensionUrlEndsInItsSlug() {
        for (LumeeExtension extension : LumeeExtension.values()) {
            assertThat(extension.slug()).isNotEmpty();
            assertThat(extension.url()).endsWith("/" + extension.slug());
        }
    }
}
