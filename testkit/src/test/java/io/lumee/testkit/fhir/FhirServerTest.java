package io.lumee.testkit.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real HAPI FHIR JPA server the testkit runs: transactions with conditional creates are idempotent,
 * the data outlives a restart, and the secured connector wants a client certificate and a bearer token.
 * Bundles are written as JSON text here: the testkit itself carries no HAPI FHIR classes. The R5 server
 * (the same code, JpaR5Config) costs another ~20-60 s start, so it is exercised where it is used, by
 * fhir-sink's R5 test.
 */
class FhirServerTest {
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\d{3})");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void r4TransactionWithConditionalCreatesPostedTwiceStoresOneOfEachAndSurvivesARestart() throws Exception {
        FhirServer server = FhirServers.r4();
        String bundle = transaction("testkit-r4-device", "testkit-r4-reading", "testkit-r4-patient");

        HttpResponse<String> first = post(server.baseUrl(), bundle);
        HttpResponse<String> second = post(server.baseUrl(), bundle);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(statuses(first.body())).containsExactly("201", "201", "201");
        assertThat(statuses(second.body())).as("conditional creates matched the first post").containsExactly("200", "200", "200");
        assertCounts(server, "testkit-r4-device", "testkit-r4-reading", "testkit-r4-patient", 1);

        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.start();

        assertCounts(server, "testkit-r4-device", "testkit-r4-reading", "testkit-r4-patient", 1);
    }

    @Test
    void securedConnectorWantsAClientCertificateAndTheCurrentBearerToken() throws Exception {
        FhirServer server = FhirServers.r4();
        HttpClient tls = server.secureHttpClient();

        assertThat(get(tls, server.secureBaseUrl() + "/Device?_summary=count").statusCode()).isEqualTo(401);
        assertThat(get(tls, server.secureBaseUrl() + "/Device?_summary=count", server.bearerToken()).statusCode()).isEqualTo(200);
        String old = server.bearerToken();
        String rotated = server.rotateBearerToken();
        assertThat(get(tls, server.secureBaseUrl() + "/Device?_summary=count", old).statusCode()).isEqualTo(401);
        assertThat(get(tls, server.secureBaseUrl() + "/Device?_summary=count", rotated).statusCode()).isEqualTo(200);

        HttpResponse<String> wrongSecret = token(tls, server, "not-the-secret");
        HttpResponse<String> issued = token(tls, server, server.clientSecret());
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("\"access_token\":\"" + rotated + "\"", "\"token_type\":\"Bearer\"");
        assertThat(server.tokensIssued()).isEqualTo(1);
        // without a client certificate the handshake fails
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get(http, server.secureBaseUrl() + "/metadata")))
                .isInstanceOf(java.io.IOException.class);
    }

    private static String transaction(String deviceId, String readingId, String patientId) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:4a9e0f3e-0000-4000-8000-000000000001",
                  "resource":{"resourceType":"Device","identifier":[{"system":"urn:lumee:device","value":"%1$s"}]},
                  "request":{"method":"POST","url":"Device","ifNoneExist":"identifier=urn:lumee:device|%1$s"}},
                 {"fullUrl":"urn:uuid:4a9e0f3e-0000-4000-8000-000000000002",
                  "resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:mrn","value":"%3$s"}]},
                  "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:test:mrn|%3$s"}},
                 {"fullUrl":"urn:uuid:4a9e0f3e-0000-4000-8000-000000000003",
                  "resource":{"resourceType":"Observation","status":"final","code":{"text":"tissue oxygen"},
                   "identifier":[{"system":"urn:lumee:reading","value":"%2$s"}],
                   "subject":{"reference":"urn:uuid:4a9e0f3e-0000-4000-8000-000000000002"},
                   "device":{"reference":"urn:uuid:4a9e0f3e-0000-4000-8000-000000000001"}},
                  "request":{"method":"POST","url":"Observation","ifNoneExist":"identifier=urn:lumee:reading|%2$s"}}]}
                """.formatted(deviceId, readingId, patientId);
    }

    private void assertCounts(FhirServer server, String deviceId, String readingId, String patientId, int expected) throws Exception {
        assertThat(count(server, "Device?identifier=urn:lumee:device|" + deviceId)).isEqualTo(expected);
        assertThat(count(server, "Observation?identifier=urn:lumee:reading|" + readingId)).isEqualTo(expected);
        assertThat(count(server, "Patient?identifier=urn:test:mrn|" + patientId)).isEqualTo(expected);
    }

    private int count(FhirServer server, String search) throws Exception {
        int query = search.indexOf('?');
        String url = server.baseUrl() + "/" + search.substring(0, query + 1) + "_summary=count&"
                + search.substring(query + 1).replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8));
        HttpResponse<String> response = get(http, url);
        Matcher total = TOTAL.matcher(response.body());
        assertThat(total.find()).as(response.body()).isTrue();
        return Integer.parseInt(total.group(1));
    }

    private HttpResponse<String> post(String baseUrl, String bundle) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> token(HttpClient client, FhirServer server, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + server.clientId() + "&client_secret=" + secret;
        return client.send(HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.List<String> statuses(String transactionResponse) {
        Matcher status = STATUS.matcher(transactionResponse);
        java.util.List<String> found = new java.util.ArrayList<>();
        while (status.find()) {
            found.add(status.group(1));
        }
        return found;
    }
}
