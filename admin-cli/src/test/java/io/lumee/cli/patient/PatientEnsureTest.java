package io.lumee.cli.patient;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.cli.AdminCli;
import io.lumee.testkit.TempDirs;
import io.lumee.testkit.fhir.FhirServer;
import io.lumee.testkit.fhir.FhirServers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code patient ensure} against the testkit's real HAPI FHIR JPA server. */
class PatientEnsureTest {
    private static final String SYSTEM = "http://hospital.example.org/mrn";
    private static final FhirServer SERVER = FhirServers.r4();
    private static final Path DIR = TempDirs.create("patient-ensure");

    record Run(int status, String out, String err) {}

    @AfterAll
    static void cleanUp() {
        TempDirs.deleteQuietly(DIR);
    }

    @Test
    void createsThePatientOnceAndThenFindsIt() throws Exception {
        Path identifier = Files.writeString(DIR.resolve("id-1"), SYSTEM + "|ensure-MRN 1&2\n");

        Run first = ensure("--identifier-file", identifier.toString());
        Run second = ensure("--identifier-file", identifier.toString());

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).matches("created Patient/[A-Za-z0-9.-]+\\n");
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out().replace("created", "exists"));
        assertThat(first.out() + second.out()).doesNotContain("ensure-MRN");
        assertThat(count("ensure-MRN 1&2")).isEqualTo(1);
    }

    @Test
    void readsTheIdentifierFromStandardInput() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((SYSTEM + "|ensure-stdin\n").getBytes(StandardCharsets.UTF_8)));
            Run run = ensure();
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("created Patient/");
        } finally {
            System.setIn(stdin);
        }
        assertThat(count("ensure-stdin")).isEqualTo(1);
    }

    @Test
    void aDuplicatedPatientIsReportedWithoutTheIdentifier() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/Patient"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
                            + SYSTEM + "\",\"value\":\"ensure-twin\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
        }

        Run run = ensure("--identifier-file", Files.writeString(DIR.resolve("twin"), SYSTEM + "|ensure-twin").toString());

        assertThat(run.status()).isEqualTo(AdminCli.EXIT_FAILED);
        assertThat(run.err()).contains("several Patients").doesNotContain("ensure-twin");
    }

    @Test
    void inputThatIsNotSystemBarValueIsRefusedWithoutEchoingIt() throws Exception {
        Run run = ensure("--identifier-file", Files.writeString(DIR.resolve("bad"), "just-a-value-MRN-9").toString());

        assertThat(run.status()).isEqualTo(AdminCli.EXIT_REFUSED);
        assertThat(run.err()).contains("system|value").doesNotContain("MRN-9");
    }

    private static Run ensure(String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[flags.length + 4];
        args[0] = "patient";
        args[1] = "ensure";
        args[2] = "--fhir-base";
        args[3] = SERVER.baseUrl();
        System.arraycopy(flags, 0, args, 4, flags.length);
        int status = AdminCli.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static int count(String value) throws Exception {
        String token = URLEncoder.encode(SYSTEM + "|" + value, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(SERVER.baseUrl() + "/Patient?_summary=count&identifier=" + token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher total = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(total.find()).as(response.body()).isTrue();
        return Integer.parseInt(total.group(1));
    }
}
