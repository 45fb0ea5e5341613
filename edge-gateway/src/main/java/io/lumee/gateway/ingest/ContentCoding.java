package io.lumee.gateway.ingest;

import java.util.Locale;
import java.util.Optional;

/** The {@code Content-Encoding}s the gateway decodes. */
public enum ContentCoding {
    IDENTITY,
    GZIP;

    /** Absent or {@code identity} is IDENTITY, {@code gzip} (or its old alias {@code x-gzip}) is GZIP; anything else is unsupported. */
    public static Optional<ContentCoding> of(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return Optional.of(IDENTITY);
        }
        return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "identity" -> Optional.of(IDENTITY);
            case "gzip", "x-gzip" -> Optional.of(GZIP);
            default -> Optional.empty();
        };
    }
}
