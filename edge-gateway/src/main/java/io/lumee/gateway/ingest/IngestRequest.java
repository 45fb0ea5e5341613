package io.lumee.gateway.ingest;

import java.util.Objects;

/**
 * A request to {@code POST /v1/readings} as the planner sees it, free of HTTP.
 *
 * @param contentType the {@code Content-Type} header, or null
 * @param contentEncoding the {@code Content-Encoding} header, or null
 * @param body the body as sent (already bounded by the server)
 */
public record IngestRequest(String contentType, String contentEncoding, byte[] body) {

    public IngestRequest {
        Objects.requireNonNull(body, "body");
    }
}
