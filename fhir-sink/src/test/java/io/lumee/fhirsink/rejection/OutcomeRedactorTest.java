package io.lumee.fhirsink.rejection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SubjectMode;
import io.lumee.fhirsink.FhirVersion;
import io.lumee.fhirsink.Readings;
import io.lumee.fhirsink.bundle.BundleReader;
import io.lumee.fhirsink.bundle.ReadingGroup;
import io.lumee.fhirsink.bundle.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeRedactorTest {
    private final ObjectMapper json = new ObjectMapper();
    private final OutcomeRedactor redactor = new OutcomeRedactor(json);

    @Test
    void hapiMatchUrlKeepsItsCodeAndParameterButNotThePatientValue() throws Exception {
        ReadingGroup group = group(Readings.reading("dev-a", 1, "MRN-000123"), SubjectMode.LOOKUP);
        String outcome = outcome("HAPI-1091: Invalid match URL \\\"Patient?identifier=http://hospital.example.org/mrn|MRN-000123\\\""
                + " - No resources match this search");

        String detail = redactor.detail(404, outcome, group);

        assertThat(detail).isEqualTo("HTTP 404: error processing: HAPI-1091: Invalid match URL \"Patient?identifier=***\""
                + " - No resources match this search");
    }

    @Test
    void aPatientValueAnywhereElseInTheTextIsMaskedInEveryEncoding() throws Exception {
        ProcessedReading reading = Readings.reading("dev-a", 1, "A|B&C 1");
        ReadingGroup group = group(reading, SubjectMode.CREATE);
        String outcome = outcome("HAPI-1092: Multiple resources match A|B&C 1, A%7CB%26C%201 and A\\\\|B&C 1 for dev-a:0:1");

        String detail = redactor.detail(412, outcome, group);

        assertThat(detail).doesNotContain("A|B", "B&C", "A%7CB", "C 1").contains("HAPI-1092", "dev-a:0:1");
    }

    @Test
    void anAnswerWithoutOperationOutcomeSaysSo() throws Exception {
        ReadingGroup group = group(Readings.reading("dev-a", 1, "MRN-1"), SubjectMode.LOOKUP);

        assertThat(redactor.detail(400, "<html>Bad Request MRN-1</html>", group)).isEqualTo("HTTP 400 without an OperationOutcome");
    }

    private ReadingGroup group(ProcessedReading reading, SubjectMode mode) throws Exception {
        byte[] value = Readings.bundle(FhirVersion.R4, reading, mode).getBytes(StandardCharsets.UTF_8);
        return new BundleReader(json).read(new SourceRecord("lumee.fhir.r4", 0, 0, "k", value, Optional.empty()));
    }

    private static String outcome(String diagnostics) {
        return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\",\"diagnostics\":\""
                + diagnostics + "\"}]}";
    }
}
