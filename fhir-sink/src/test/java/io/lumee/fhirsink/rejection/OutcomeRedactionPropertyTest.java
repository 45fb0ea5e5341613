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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the patient identifier (FHIR token delimiters, URL delimiters, spaces, non-ASCII) and
 * wherever a server echoes it (a match URL, a query with more parameters after it, percent-encoded,
 * token-escaped, plain text), no piece of it that could identify the patient survives into the
 * rejection detail. Seeded {@link Random}; the seed is printed on failure.
 */
class OutcomeRedactionPropertyTest {
    private static final long SEED = Long.getLong("lumee.hostile.seed", System.nanoTime());
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ0123456789-|&,$\\ =?#%+/éü";

    private final Random random = new Random(SEED);
    private final ObjectMapper json = new ObjectMapper();
    private final OutcomeRedactor redactor = new OutcomeRedactor(json);

    @Test
    void noRecognizablePartOfThePatientIdentifierSurvivesAnyEcho() throws Exception {
        for (int i = 0; i < 400; i++) {
            String patient = patient();
            for (SubjectMode mode : SubjectMode.values()) {
                ReadingGroup group;
                try {
                    group = group(patient, mode);
                } catch (IllegalArgumentException notAnIdentifier) {
                    continue;
                }
                List<String> echoes = echoes(patient);
                ObjectNode outcome = JsonNodeFactory.instance.objectNode().put("resourceType", "OperationOutcome");
                echoes.forEach(echo -> outcome.withArray("issue").addObject().put("severity", "error").put("code", "processing")
                        .put("diagnostics", echo));

                String detail = redactor.detail(412, outcome.toString(), group);

                for (String piece : identifyingPieces(patient)) {
                    assertThat(detail).as("patient %s echoed as %s; seed %d", patient, echoes, SEED).doesNotContain(piece);
                }
                assertThat(detail).contains("HAPI-1092");
            }
        }
    }

    private ReadingGroup group(String patient, SubjectMode mode) throws Exception {
        byte[] value = Readings.bundle(FhirVersion.R4, Readings.reading("dev-a", 1, patient), mode).getBytes(StandardCharsets.UTF_8);
        return new BundleReader(json).read(new SourceRecord("lumee.fhir.r4", 0, 0, "k", value, Optional.empty()));
    }

    /** A distinctive core of letters and digits with delimiters around and inside it. */
    private String patient() {
        StringBuilder value = new StringBuilder("Q").append(1000 + random.nextInt(9000));
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
            value.insert(random.nextInt(value.length() + 1), ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return value.toString().strip().isEmpty() ? "Q1234" : value.toString();
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
