package io.lumee.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the shape of reading JSON. Bad input is expected (devices have bugs, attackers send
 * junk), so it is answered with {@link ReadingParse.Invalid}, never an exception.
 */
public final class ReadingParser {

    private ReadingParser() {}

    public static ReadingParse parse(byte[] json) {
        if (json == null || json.length == 0) {
            return ReadingParse.Invalid.of("payload is empty");
        }
        if (json.length > ProtocolLimits.MAX_READING_BYTES) {
            return ReadingParse.Invalid.of("payload is larger than " + ProtocolLimits.MAX_READING_BYTES + " bytes");
        }
        Optional<String> text = StrictJson.utf8(json);
        if (text.isEmpty()) {
            return ReadingParse.Invalid.of("payload is not valid UTF-8");
        }
        try (JsonParser parser = StrictJson.FACTORY.createParser(text.get())) {
            return read(parser);
        } catch (JsonProcessingException e) {
            return ReadingParse.Invalid.of(describe(e));
        } catch (IOException e) {
            return ReadingParse.Invalid.of("payload is not well-formed JSON");
        }
    }

    private static ReadingParse read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return ReadingParse.Invalid.of("payload is not a JSON object");
        }
        Members members = new Members();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Optional<ReadingField> field = field(parser.currentName());
            parser.nextToken();
            if (field.isPresent()) {
                members.read(field.get(), parser);
            }
            parser.skipChildren();
        }
        if (parser.nextToken() != null) {
            return ReadingParse.Invalid.of("payload has content after the JSON object");
        }
        return members.toParse();
    }

    private static Optional<ReadingField> field(String jsonName) {
        for (ReadingField field : ReadingField.values()) {
            if (field.jsonName().equals(jsonName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    // Jackson's own messages can quote the offending text, which may be a reading value.
    private static String describe(JsonProcessingException e) {
        String what = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate")
                ? "payload has a duplicate member name"
                : "payload is not well-formed JSON";
        JsonLocation at = e.getLocation();
        return at == null ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The known members seen so far, typed; a member of the wrong JSON type is kept as a problem. */
    private static final class Members {
        private final Set<ReadingField> seen = EnumSet.noneOf(ReadingField.class);
        private final List<String> problems = new ArrayList<>();
        private String deviceId;
        private Long epoch;
        private Long sequence;
        private Instant timestamp;
        private Double tissueO2;
        private String units;
        private Double signalQuality;
        private String sdkVersion;
        private String firmware;

        void read(ReadingField field, JsonParser parser) throws IOException {
            seen.add(field);
            switch (field) {
                case DEVICE_ID -> deviceId = string(field, parser);
                case EPOCH -> epoch = integer(field, parser);
                case SEQUENCE -> sequence = integer(field, parser);
                case TIMESTAMP -> timestamp = timestamp(field, parser);
                case TISSUE_O2 -> tissueO2 = number(field, parser);
                case UNITS -> units = string(field, parser);
                case SIGNAL_QUALITY -> signalQuality = number(field, parser);
                case SDK_VERSION -> sdkVersion = string(field, parser);
                case FIRMWARE -> firmware = string(field, parser);
            }
        }

        private String string(ReadingField field, JsonParser parser) throws IOException {
            return parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : wrongType(field);
        }

        private Instant timestamp(ReadingField field, JsonParser parser) throws IOException {
            String text = string(field, parser);
            return text == null ? null : ReadingRules.parseTimestamp(text).orElseGet(() -> wrongType(field));
        }

        // A JSON integer token that fits a long; 1842.0 and 1.842e3 are not integers here.
        private Long integer(ReadingField field, JsonParser parser) throws IOException {
            boolean fitsLong = parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && (parser.getNumberType() == JsonParser.NumberType.INT
                            || parser.getNumberType() == JsonParser.NumberType.LONG);
            return fitsLong ? parser.getLongValue() : wrongType(field);
        }

        private Double number(ReadingField field, JsonParser parser) throws IOException {
            return parser.currentToken().isNumeric() ? parser.getDoubleValue() : wrongType(field);
        }

        private <T> T wrongType(ReadingField field) {
            problems.add(field.invalid());
            return null;
        }

        ReadingParse toParse() {
            for (ReadingField field : ReadingField.values()) {
                if (!seen.contains(field)) {
                    problems.add(field.missing());
                }
            }
            problems.addAll(ReadingRules.problems(deviceId, epoch, sequence, timestamp, tissueO2, units,
                    signalQuality, sdkVersion, firmware));
            if (!problems.isEmpty()) {
                return new ReadingParse.Invalid(problems);
            }
            return new ReadingParse.Valid(new Reading(deviceId, Math.toIntExact(epoch), sequence, timestamp,
                    tissueO2, units, signalQuality, sdkVersion, firmware));
        }
    }
}
