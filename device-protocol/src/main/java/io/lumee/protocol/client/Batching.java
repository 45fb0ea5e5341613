package io.lumee.protocol.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** How readings travel in one {@code POST /v1/readings}: the three bodies of docs/device-protocol.md. */
public enum Batching {
    /** {@code application/jose}: exactly one compact JWS. */
    JOSE("application/jose"),
    /** {@code application/json}: a JSON array of compact JWS strings. */
    JSON("application/json"),
    /** {@code application/x-ndjson}: one compact JWS a line. */
    NDJSON("application/x-ndjson");

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final String contentType;

    Batching(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The body for these JWS strings, sent as given (a test may send broken ones on purpose). */
    public byte[] body(List<String> jwsList) {
        return switch (this) {
            case JOSE -> {
                if (jwsList.size() != 1) {
                    throw new IllegalArgumentException("application/jose carries exactly one JWS, not " + jwsList.size());
                }
                yield jwsList.get(0).getBytes(StandardCharsets.UTF_8);
            }
            case NDJSON -> (String.join("\n", jwsList) + "\n").getBytes(StandardCharsets.UTF_8);
            case JSON -> jsonArray(jwsList);
        };
    }

    private static byte[] jsonArray(List<String> jwsList) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON_FACTORY.createGenerator(out)) {
            json.writeStartArray();
            for (String jws : jwsList) {
                json.writeString(jws);
            }
            json.writeEndArray();
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing JSON to memory failed", impossible);
        }
        return out.toByteArray();
    }
}
