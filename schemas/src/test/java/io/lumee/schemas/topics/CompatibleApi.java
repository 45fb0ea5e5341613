package io.lumee.schemas.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;

/** The registry's Confluent-compatible API, as a non-Java gateway's client would call it. */
final class CompatibleApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    CompatibleApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Answer(int status, JsonNode body) {}

    Answer register(String subject, Schema schema) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema.toString()));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer setCompatibility(String subject, String level) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("compatibility", level));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/config/" + subject))
                .header("Content-Type", MEDIA_TYPE).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer versions(String subject) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions")).GET().build());
    }

    Schema schemaById(int id) throws IOException, InterruptedException {
        Answer answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET().build());
        if (answer.status() != 200) {
            throw new IllegalStateException("schema " + id + ": HTTP " + answer.status() + " " + answer.body());
        }
        return new Schema.Parser().parse(answer.body().get("schema").asText());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Answer(response.statusCode(), text == null || text.isBlank() ? null : JSON.readTree(text));
    }
}
