package io.lumee.fhirsink.rejection;

import io.lumee.fhirsink.bundle.SourceRecord;
import java.util.Objects;

/** A record that ends on {@code lumee.rejected}, and why, in words free of patient identifiers. */
public record Rejected(SourceRecord source, String detail) {
    public Rejected {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
    }
}
