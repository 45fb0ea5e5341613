package io.lumee.fhirsink.rejection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.bundle.SourceRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the patient identifier (FHIR token delimiters, URL delimiters, spaces, non-ASCII) and
 * wherever a server echoes it (a match URL, a query with more parameters after it, percent-encoded,
 * token-escaped, plain text), no piece of it that could identify the patient survives into the
 * rejection detail.
 */
class OutcomeRedactionPropertyTest {
    private static final String DELIMITERS = "-|&,$\\ =?#%+/éü";

    private final ObjectMapper json = new ObjectMapper();
    private final OutcomeRedactor redactor = new OutcomeRedactor(json);

    @Property(tries = 400)
    void noRecognizablePartOfThePatientIdentifierSurvivesAnyEcho(@ForAll("patients") String patient, @ForAll SubjectMode mode)
            throws Exception {
        ReadingGroup group;
        try {
            group = group(patient, mode);
        } catch (IllegalArgumentException notAnIdentifier) {
            Assume.that(false);
            return;
        }
        List<String> echoes = echoes(patient);
        ObjectNode outcome = JsonNodeFactory.instance.objectNode().put("resourceType", "OperationOutcome");
        echoes.forEach(echo -> outcome.withArray("issue").addObject().put("severity", "error").put("code", "processing")
                .put("diagnostics", echo));

        String detail = redactor.detail(412, outcome.toString(), group);

        for (String piece : identifyingPieces(patient)) {
            assertThat(detail).as("patient %s echoed as %s", patient, echoes).doesNotContain(piece);
        }
        assertThat(detail).contains("HAPI-1092");
    }

    /** A distinctive core of letters and digits with delimiters around and inside it. */
    @Provide
    Arbitrary<String> patients() {
        Arbitrary<String> core = Arbitraries.integers().between(1000, 9999).map(n -> "Q" + n);
        Arbitrary<List<Character>> inserts = Arbitraries.chars().with(DELIMITERS.toCharArray()).range('A', 'Z').range('0', '9')
                .list().ofMaxSize(5);
        Arbitrary<List<Double>> positions = Arbitraries.doubles().between(0, 1).list().ofSize(5);
        return Combinators.combine(core, inserts, positions).as((value, chars, at) -> {
            StringBuilder patient = new StringBuilder(value);
            for (int i = 0; i < chars.size(); i++) {
                patient.insert((int) (at.get(i) * patient.length()), chars.get(i).charValue());
            }
            return patient.toString();
        }).filter(patient -> !patient.isBlank());
    }

    private ReadingGroup group(String patient, SubjectMode mode) throws Exception {
        byte[] value = Readings.bundle(FhirVersion.R4, Readings.reading("dev-a", 1, patient), mode).getBytes(StandardCharsets.UTF_8);
        return new BundleReader(json).read(new SourceRecord("lumee.fhir.r4", 0, 0, "k", value, Optional.empty()));
    }

    private static List<String> echoes(String patient) {
        String system = Readings.MRN_SYSTEM;
        String token = patient.replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,").replace("$", "\\$");
        String encoded = URLEncoder.encode(system + "|" + token, StandardCharsets.UTF_8);
        return List.of(
                "HAPI-1092: Multiple resources match Patient?identifier=" + system + "|" + token,
                "HAPI-1092: Invalid match URL \"Patient?identifier=" + system + "|" + patient + "&active=true\"",
                "HAPI-1092: Patient?identifier=" + encoded + "&_count=2 matched 2",
                "HAPI-1092: no Patient with identifier " + patient + " on this server",
                "HAPI-1092: conditional create Patient?identifier=" + system + "%7C" + URLEncoder.encode(patient, StandardCharsets.UTF_8)
                        .replace("+", "%20"));
    }

    /** The runs of letters and digits of the identifier that are long enough to recognize it by. */
    private static List<String> identifyingPieces(String patient) {
        List<String> pieces = new ArrayList<>();
        for (String run : patient.split("[^A-Za-z0-9éü]+")) {
            if (run.length() >= 4) {
                pieces.add(run);
            }
        }
        return pieces;
    }
}
