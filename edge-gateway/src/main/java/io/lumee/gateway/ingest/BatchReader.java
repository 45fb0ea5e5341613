package io.lumee.gateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a decoded body into its items, each a candidate JWS string or a note of why the slot holds
 * none. A body whose container is broken (not UTF-8, not a JSON array) is refused whole; a bad item is
 * only its own problem.
 */
final class BatchReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** One slot of the body. */
    sealed interface Item permits Item.Candidate, Item.NotAString {
        int index();

        record Candidate(int index, String jws) implements Item {
        }

        record NotAString(int index, String detail) implements Item {
        }
    }

    /** The items of a body, or why the body as a whole cannot be read. */
    sealed interface Batch permits Batch.Read, Batch.Unreadable {
        record Read(List<Item> items) implements Batch {
        }

        record Unreadable(Refusal refusal) implements Batch {
        }
    }

    private BatchReader() {}

    static Batch read(BodyFormat format, byte[] bytes) {
        Optional<String> text = utf8(bytes);
        if (text.isEmpty()) {
            return unreadable("not-utf8", "the body is not valid UTF-8");
        }
        String body = text.get();
        return switch (format) {
            case JOSE -> new Batch.Read(body.isBlank() ? List.of() : List.of(new Item.Candidate(0, body.strip())));
            case NDJSON -> new Batch.Read(lines(body));
            case JSON -> jsonArray(body);
        };
    }

    /** Blank lines are skipped but counted, so an item's index is its line number. */
    private static List<Item> lines(String text) {
        List<Item> items = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                items.add(new Item.Candidate(i, lines[i].strip()));
            }
        }
        return items;
    }

    private static Batch jsonArray(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return unreadable("not-a-json-array", "an application/json body is a JSON array of JWS strings");
            }
            List<Item> items = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return unreadable("not-a-json-array", "the JSON array is not closed");
                }
                int index = items.size();
                if (token == JsonToken.VALUE_STRING) {
                    items.add(new Item.Candidate(index, parser.getText()));
                } else {
                    parser.skipChildren();
                    items.add(new Item.NotAString(index, "array element is " + describe(token) + ", not a JWS string"));
                }
            }
            if (parser.nextToken() != null) {
                return unreadable("not-a-json-array", "the body has content after the JSON array");
            }
            return new Batch.Read(items);
        } catch (JsonProcessingException broken) {
            // Jackson's messages can quote the body; only the location is repeated
            JsonLocation at = broken.getLocation();
            return unreadable("not-a-json-array", "the body is not well-formed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException broken) {
            return unreadable("not-a-json-array", "the body is not well-formed JSON");
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "not a string";
        };
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }

    private static Batch unreadable(String reason, String detail) {
        return new Batch.Unreadable(Refusal.of(400, reason, detail));
    }
}
