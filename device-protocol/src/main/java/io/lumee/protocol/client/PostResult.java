package io.lumee.protocol.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway answered.
 *
 * @param status 202 when every reading was either stored or refused for a reason of its own; see the body
 * @param retryAfter the server's {@code Retry-After}, on 429 and 503
 * @param body the JSON answer, one result per reading
 * @param version the HTTP version spoken (HTTP/2 when the server offers it)
 */
public record PostResult(int status, Optional<Duration> retryAfter, String body, HttpClient.Version version) {

    public PostResult {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(version, "version");
    }

    /** Whether resending the same readings later may succeed. Resending is always safe: readingIds deduplicate. */
    public boolean retryable() {
        return status == 429 || status == 503;
    }
}
