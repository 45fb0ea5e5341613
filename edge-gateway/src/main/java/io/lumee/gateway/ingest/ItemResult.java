package io.lumee.gateway.ingest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How one item ended, as the answer reports it. */
public record ItemResult(int index, Optional<String> readingId, ItemOutcome outcome, Optional<String> reason, Optional<String> detail,
        Optional<Duration> retryAfter) {

    public ItemResult {
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    static ItemResult accepted(ItemPlan.Produce item) {
        return new ItemResult(item.index(), Optional.of(item.reading().getReadingId()), ItemOutcome.ACCEPTED,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ItemResult unavailable(ItemPlan.Produce item, String detail) {
        return new ItemResult(item.index(), Optional.of(item.reading().getReadingId()), ItemOutcome.UNAVAILABLE,
                Optional.of("kafka-unavailable"), Optional.of(detail), Optional.of(IngestAnswer.RETRY_AFTER_UNAVAILABLE));
    }

    static ItemResult of(ItemPlan.Refused item) {
        return new ItemResult(item.index(), item.readingId(), item.outcome(), Optional.of(item.reason()), Optional.of(item.detail()),
                item.retryAfter());
    }
}
