package io.lumee.gateway.ingest;

import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.schemas.LumeeReading;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One item of a request: ready to produce, or refused with its own outcome. */
public sealed interface ItemPlan permits ItemPlan.Produce, ItemPlan.Refused {

    /** The item's place in the body: array index, or NDJSON line number; both from 0. */
    int index();

    record Produce(int index, LumeeReading reading, ReadingHeaders headers) implements ItemPlan {
        public Produce {
            Objects.requireNonNull(reading, "reading");
            Objects.requireNonNull(headers, "headers");
        }
    }

    /**
     * @param readingId when the item could be parsed
     * @param deviceId when the item could be parsed
     * @param reason a short code, lower case with dashes
     * @param detail one line; names members and ids, never a reading value
     */
    record Refused(int index, Optional<String> readingId, Optional<String> deviceId, ItemOutcome outcome, String reason, String detail,
            Optional<Duration> retryAfter) implements ItemPlan {
        public Refused {
            Objects.requireNonNull(readingId, "readingId");
            Objects.requireNonNull(deviceId, "deviceId");
            if (outcome == ItemOutcome.ACCEPTED) {
                throw new IllegalArgumentException("a refused item cannot be accepted");
            }
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        static Refused malformed(int index, String reason, String detail) {
            return new Refused(index, Optional.empty(), Optional.empty(), ItemOutcome.MALFORMED, reason, detail, Optional.empty());
        }
    }
}
