package io.lumee.archive.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The writer schemas of the values in a batch, fetched once per content id from the registry's v3 API and
 * kept for the life of the sink (a content id names immutable content). Apicurio's serde registers nested
 * named types (an enum, a nested record) as references to artifacts of their own, so a schema is resolved
 * with its references ({@code /ids/contentIds/<id>/references}, recursively) and kept as one self-contained
 * schema: the archive must read without the registry, years on.
 *
 * <p>A value that is not framed, or whose id the registry does not know (a producer's garbage, which the
 * processor rejects as SCHEMA), is archived without a schema.
 */
public final class WriterSchemas {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DEPTH = 16;

    private final String registryUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Optional<String>> known = new ConcurrentHashMap<>();

    /** @param registryUrl the native v3 API, e.g. {@code http://127.0.0.1:8081/apis/registry/v3} */
    public WriterSchemas(String registryUrl) {
        this.registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
    }

    /** @throws IOException when the registry cannot be asked: the batch waits for it, nothing is archived without */
    public Map<Integer, String> forValues(List<ArchivedRecord> records) throws IOException {
        Map<Integer, String> schemas = new TreeMap<>();
        for (ArchivedRecord record : records) {
            OptionalInt id = WireFormat.contentId(record.value());
            if (id.isPresent() && !schemas.containsKey(id.getAsInt())) {
                Optional<String> schema = known.get(id.getAsInt());
                if (schema == null) {
                    schema = resolve(id.getAsInt());
                    known.put(id.getAsInt(), schema);
                }
                schema.ifPresent(text -> schemas.put(id.getAsInt(), text));
            }
        }
        return schemas;
    }

    private Optional<String> resolve(int contentId) throws IOException {
        String base = "/ids/contentIds/" + contentId;
        Optional<String> content = get(base);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        Schema.Parser parser = new Schema.Parser();
        parseReferences(parser, base + "/references", 0);
        try {
            return Optional.of(parser.parse(content.get()).toString());
        } catch (SchemaParseException notAvro) {
            return Optional.empty();
        }
    }

    /** Parses every referenced type, deepest first, so the referring schema finds them defined. */
    private void parseReferences(Schema.Parser parser, String referencesPath, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("schema references nest deeper than " + MAX_DEPTH);
        }
        JsonNode references = json.readTree(get(referencesPath).orElse("[]"));
        for (JsonNode reference : references) {
            String version = "/groups/" + encode(reference.path("groupId").asText("default"))
                    + "/artifacts/" + encode(reference.path("artifactId").asText()) + "/versions/" + encode(reference.path("version").asText());
            parseReferences(parser, version + "/references", depth + 1);
            if (!parser.getTypes().containsKey(reference.path("name").asText())) {
                parser.parse(get(version + "/content").orElseThrow(() -> new IOException("the registry lost a referenced schema")));
            }
        }
    }

    private Optional<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the registry", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("the registry answered " + response.statusCode() + " for " + path);
        }
        return Optional.of(response.body());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
