package io.lumee.clinical.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.lumee.clinical.LumeeCodes;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.fhir.FhirContexts;
import io.lumee.clinical.fhir.LumeeExtension;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConformanceResourcesTest {

    static Stream<FhirContext> versions() {
        return Stream.of(FhirContexts.r4(), FhirContexts.r5());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyExtensionTheMappersWriteIsDefinedOnObservation(FhirContext context) {
        List<IBaseResource> resources = ConformanceResources.load(context);

        List<String> definedUrls = resources.stream().filter(r -> r.fhirType().equals("StructureDefinition"))
                .map(r -> value(context, r, "url")).toList();
        assertThat(definedUrls).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(LumeeExtension.values()).map(LumeeExtension::url).toList());
        resources.stream().filter(r -> r.fhirType().equals("StructureDefinition")).forEach(definition -> {
            assertThat(value(context, definition, "context.expression")).isEqualTo("Observation");
            assertThat(value(context, definition, "fhirVersion"))
                    .startsWith(context.getVersion().getVersion().getFhirVersionString().substring(0, 1));
            assertThat(context.newTerser().getValues(definition, "snapshot")).as("differential only").isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void theCodeSystemIsPublishedUnderTheConfiguredUrl(FhirContext context) {
        String own = "https://fhir.hospital.example.org/CodeSystem/lumee";

        IBaseResource codeSystem = ConformanceResources.load(context, own).get(0);

        assertThat(codeSystem.fhirType()).isEqualTo("CodeSystem");
        assertThat(value(context, codeSystem, "url")).isEqualTo(own);
        assertThat(value(context, ConformanceResources.load(context).get(0), "url"))
                .isEqualTo(MappingConfig.LUMEE_CODE_SYSTEM);
    }

    private static String value(FhirContext context, IBaseResource resource, String path) {
        return context.newTerser().getSinglePrimitiveValueOrNull(resource, path);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void theCodeSystemDefinesEveryLumeeCode(FhirContext context) {
        IBaseResource codeSystem = ConformanceResources.load(context).get(0);

        List<String> codes = context.newTerser().getValues(codeSystem, "concept.code").stream()
                .map(code -> ((org.hl7.fhir.instance.model.api.IPrimitiveType<?>) code).getValueAsString()).toList();
        assertThat(codes).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(LumeeCodes.values()).map(LumeeCodes::code).toList());
    }
}
