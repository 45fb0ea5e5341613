package io.lumee.gateway.ingest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole request refused before any reading was produced.
 *
 * @param status a 4xx status
 * @param reason a short code, for metrics and clients
 * @param detail one line for the client; never quotes the body
 * @param retryAfter when a retry may succeed (429)
 */
public record Refusal(int status, String reason, String detail, Optional<Duration> retryAfter) implements IngestPlan {

    public Refusal {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a refusal is a 4xx, not " + status);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static Refusal of(int status, String reason, String detail) {
        return new Refusal(status, reason, detail, Optional.empty());
    }
}
