package io.lumee.gateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP answer to a request: a status, {@code Retry-After} where a retry may succeed, and a JSON body
 * with one result per item. The status is 202 only when every item was either acknowledged by Kafka or
 * refused for a reason of its own; if Kafka left any item unacknowledged it is 503, never 202.
 */
public record IngestAnswer(int status, Optional<Duration> retryAfter, byte[] json) {

    /** How long a client should wait after a 503: long enough for a broker failover. */
    public static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);
    public static final String CONTENT_TYPE = "application/json";
    private static final JsonFactory JSON = new JsonFactory();

    public IngestAnswer {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(json, "json");
    }

    public static IngestAnswer refused(String ingestId, Refusal refusal) {
        return new IngestAnswer(refusal.status(), refusal.retryAfter(), write(json -> {
            json.writeStringField("ingestId", ingestId);
            json.writeNumberField("status", refusal.status());
            json.writeStringField("reason", refusal.reason());
            json.writeStringField("detail", refusal.detail());
        }));
    }

    /**
     * 503 if any item is unavailable; else 202 if any was accepted; else, every item refused, 429 if any was
     * rate-limited (waiting helps), 403 if all were forbidden, otherwise 400.
     */
    public static IngestAnswer items(String ingestId, List<ItemResult> results) {
        List<ItemResult> ordered = results.stream().sorted(Comparator.comparingInt(ItemResult::index)).toList();
        int status = status(ordered);
        Optional<Duration> retryAfter = status == 503 || status == 429
                ? ordered.stream().filter(r -> r.outcome().status() == status).flatMap(r -> r.retryAfter().stream()).max(Comparator.naturalOrder())
                : Optional.empty();
        long accepted = ordered.stream().filter(r -> r.outcome() == ItemOutcome.ACCEPTED).count();
        return new IngestAnswer(status, retryAfter, write(json -> {
            json.writeStringField("ingestId", ingestId);
            json.writeNumberField("status", status);
            json.writeNumberField("accepted", accepted);
            json.writeNumberField("refused", ordered.size() - accepted);
            json.writeArrayFieldStart("items");
            for (ItemResult result : ordered) {
                json.writeStartObject();
                json.writeNumberField("index", result.index());
                if (result.readingId().isPresent()) {
                    json.writeStringField("readingId", result.readingId().get());
                }
                json.writeNumberField("status", result.outcome().status());
                json.writeStringField("outcome", result.outcome().label());
                if (result.reason().isPresent()) {
                    json.writeStringField("reason", result.reason().get());
                }
                if (result.detail().isPresent()) {
                    json.writeStringField("detail", result.detail().get());
                }
                if (result.retryAfter().isPresent()) {
                    json.writeNumberField("retryAfterSeconds", seconds(result.retryAfter().get()));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }));
    }

    /** Whole seconds, rounded up and at least one, as {@code Retry-After} takes them. */
    public static long seconds(Duration wait) {
        long millis = wait.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static int status(List<ItemResult> results) {
        if (results.stream().anyMatch(r -> r.outcome() == ItemOutcome.UNAVAILABLE)) {
            return 503;
        }
        if (results.stream().anyMatch(r -> r.outcome() == ItemOutcome.ACCEPTED)) {
            return 202;
        }
        if (results.stream().anyMatch(r -> r.outcome() == ItemOutcome.RATE_LIMITED)) {
            return 429;
        }
        return results.stream().allMatch(r -> r.outcome() == ItemOutcome.FORBIDDEN) ? 403 : 400;
    }

    @FunctionalInterface
    private interface Fields {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.writeTo(json);
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing JSON to memory failed", impossible);
        }
        return out.toByteArray();
    }
}
