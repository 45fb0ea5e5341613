package io.lumee.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.fhir.FhirContexts;
import io.lumee.clinical.fhir.r4.R4BundleMapper;
import io.lumee.clinical.fhir.r5.R5BundleMapper;
import io.lumee.clinical.hl7.OruR01Mapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The examples in {@code docs/fhir-mapping.md} and {@code docs/hl7-interface.md} are what the
 * mappers produce for the documented reading, so the docs cannot drift from the code. After an
 * intended change, regenerate them with
 * {@code mvn -pl clinical test -Dtest=DocumentedExamplesTest -Dlumee.docs.update=true}.
 */
class DocumentedExamplesTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final boolean UPDATE = Boolean.getBoolean("lumee.docs.update");

    /** The documented reading: the device-protocol test vector, with a consent and a UDI on record. */
    static final ProcessedReading READING = ExampleReadings.builder()
            .consent("consent-2026-0042").udi(Shapes.GS1_UDI).build();

    /** A deployment's config as the docs show it; the range is an example, not clinical advice. */
    static final MappingConfig CONFIG = MappingConfig.builder("0.1.0", "1")
            .assigningAuthorities(Map.of("http://hospital.example.org/mrn", AssigningAuthority.medicalRecordNumbers("HOSP")))
            .referenceRange(new ReferenceRange(40, 90, "%"))
            .build();

    @Test
    void fhirMappingDocShowsWhatTheR4MapperProduces() throws IOException {
        String json = FhirContexts.r4().newJsonParser().setPrettyPrint(true)
                .encodeResourceToString(new R4BundleMapper().map(READING, CONFIG));
        checkBlock("fhir-mapping.md", "r4-bundle", "```json\n" + json + "\n```\n");
    }

    @Test
    void fhirMappingDocShowsWhatTheR5MapperProduces() throws IOException {
        String json = FhirContexts.r5().newJsonParser().setPrettyPrint(true)
                .encodeResourceToString(new R5BundleMapper().map(READING, CONFIG));
        checkBlock("fhir-mapping.md", "r5-bundle", "```json\n" + json + "\n```\n");
    }

    @Test
    void hl7InterfaceDocShowsWhatTheMapperProduces() throws IOException {
        String er7 = new OruR01Mapper().mapToEr7(READING, CONFIG).replace('\r', '\n').strip();
        checkBlock("hl7-interface.md", "oru-r01", "```text\n" + er7 + "\n```\n");
    }

    @Test
    void hl7InterfaceDocShowsTheNotesOfALowQualityConvertedReading() throws IOException {
        ProcessedReading noted = ExampleReadings.builder().signalQuality(0.12, true)
                .converted(new MeasuredValue(425, "permille"), new MeasuredValue(42.5, "%")).build();
        String notes = new OruR01Mapper().mapToEr7(noted, CONFIG).lines().filter(line -> line.startsWith("NTE|"))
                .collect(Collectors.joining("\n"));
        checkBlock("hl7-interface.md", "oru-r01-notes", "```text\n" + notes + "\n```\n");
    }

    private static void checkBlock(String doc, String name, String expected) throws IOException {
        Path path = DOCS.resolve(doc);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        Pattern block = Pattern.compile("(<!-- BEGIN generated: " + name + " -->\n)(.*?)(<!-- END generated: " + name + " -->)",
                Pattern.DOTALL);
        Matcher matcher = block.matcher(text);
        assertThat(matcher.find()).as("%s has a generated block named %s", doc, name).isTrue();
        if (UPDATE) {
            Files.writeString(path, matcher.replaceFirst(Matcher.quoteReplacement(
                    matcher.group(1) + expected + matcher.group(3))), StandardCharsets.UTF_8);
            return;
        }
        assertThat(matcher.group(2))
                .as("%s's %s example is stale: regenerate it with -Dlumee.docs.update=true", doc, name)
                .isEqualTo(expected);
    }
}
