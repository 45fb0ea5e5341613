package io.lumee.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/** The published test vectors, read from the classpath as other implementations read the file. */
final class TestVectors {

    static final String RESOURCE = "/io/lumee/protocol/test-vectors.json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TestVectors() {}

    static JsonNode load() {
        try (InputStream in = TestVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode hs256() {
        return load().get("hs256");
    }

    static JsonNode es256() {
        return load().get("es256");
    }

    static byte[] bytes(JsonNode text) {
        return text.asText().getBytes(StandardCharsets.UTF_8);
    }

    static ECKey jwk(JsonNode jwk) {
        try {
            return ECKey.parse(jwk.toString());
        } catch (ParseException e) {
            throw new IllegalStateException("test vector JWK does not parse", e);
        }
    }

    static RegisteredKey es256Registration() {
        JsonNode es256 = es256();
        return RegisteredKey.es256(es256.get("deviceId").asText(), jwk(es256.get("publicJwk")));
    }
}
