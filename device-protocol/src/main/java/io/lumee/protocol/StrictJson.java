package io.lumee.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The one JSON configuration for everything this protocol reads and writes. */
final class StrictJson {

    /**
     * Duplicate members are refused: with two {@code alg} or two {@code tissueO2} members, two
     * parsers could read the same signed bytes differently. Jackson already refuses NaN,
     * Infinity, comments, single quotes and leading zeros by default.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {}

    /**
     * Decodes strictly as UTF-8. Parsing the decoded text, not the bytes, also keeps Jackson from
     * guessing UTF-16 or UTF-32 from the first bytes: the protocol says UTF-8 and nothing else.
     */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Compact JSON, UTF-8, non-ASCII written as is. */
    static byte[] write(JsonWriting body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            body.writeTo(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    interface JsonWriting {
        void writeTo(JsonGenerator generator) throws IOException;
    }
}
