package io.lumee.gateway.ingest;

import java.util.Locale;
import java.util.Optional;

/** The three bodies {@code POST /v1/readings} takes (DESIGN.md, docs/device-protocol.md). */
public enum BodyFormat {
    /** One compact JWS. */
    JOSE("application/jose"),
    /** A JSON array of compact JWS strings. */
    JSON("application/json"),
    /** One compact JWS a line. */
    NDJSON("application/x-ndjson");

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format of a {@code Content-Type} value; parameters such as {@code charset} are ignored (UTF-8 is the only one). */
    public static Optional<BodyFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        for (BodyFormat format : values()) {
            if (format.mediaType.equals(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
