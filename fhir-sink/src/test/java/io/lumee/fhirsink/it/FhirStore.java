package io.lumee.fhirsink.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumee.clinical.ReadingIds;
import io.lumee.fhirsink.Readings;
import io.lumee.testkit.fhir.FhirServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the real FHIR server holds, found the way an EHR would find it: by identifier search (POSTed
 * {@code _search}, so thousands of identifiers fit), counted with {@code _summary=count}. A duplicate
 * would show as a count above the number of identifiers asked for.
 */
final class FhirStore {
    private static final int PER_SEARCH = 400;
    private final FhirServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    FhirStore(FhirServer server) {
        this.server = server;
    }

    int observations(Collection<String> readingIds) {
        return count("Observation", "identifier", readingIds.stream().map(id -> "urn:lumee:reading|" + id).toList());
    }

    int provenances(Collection<String> readingIds) {
        return count("Provenance", "_id", readingIds.stream().map(ReadingIds::provenanceId).toList());
    }

    int devices(Collection<String> deviceIds) {
        return count("Device", "identifier", deviceIds.stream().map(id -> "urn:lumee:device|" + id).toList());
    }

    int patients(Collection<String> mrns) {
        return count("Patient", "identifier", mrns.stream().map(mrn -> Readings.MRN_SYSTEM + "|" + mrn).toList());
    }

    /** Patients the hospital registered, for LOOKUP mode: created once each, conditionally. */
    void ensurePatients(Collection<String> mrns) {
        String entries = mrns.stream().map(mrn -> """
                {"resource":{"resourceType":"Patient","identifier":[{"system":"%1$s","value":"%2$s"}]},
                 "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=%1$s|%2$s"}}"""
                .formatted(Readings.MRN_SYSTEM, mrn)).collect(Collectors.joining(","));
        post(server.baseUrl(), "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}");
    }

    /** A Patient created without a condition: twice with one identifier makes a duplicated patient. */
    void createPatient(String mrn) {
        post(server.baseUrl() + "/Patient", """
                {"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}]}""".formatted(Readings.MRN_SYSTEM, mrn));
    }

    private int count(String type, String parameter, List<String> values) {
        int total = 0;
        for (int from = 0; from < values.size(); from += PER_SEARCH) {
            String form = "_summary=count&" + enc(parameter) + "="
                    + values.subList(from, Math.min(values.size(), from + PER_SEARCH)).stream()
                            .map(FhirStore::enc).collect(Collectors.joining(","));
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + type + "/_search"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            total += read(response.body()).path("total").asInt();
        }
        return total;
    }

    private void post(String url, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("FHIR server unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
