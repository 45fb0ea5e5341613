package io.lumee.archive.verify;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code archive verify} checks: every topic in the bucket, or one; every partition, or one; all
 * offsets, or {@code [from, to)}. Within a bounded window every offset must be archived: an archive that ends
 * before {@code to} has a gap.
 */
public record VerifyScope(Optional<String> topic, OptionalInt partition, OptionalLong from, OptionalLong to) {
    public VerifyScope {
        if (partition.isPresent() && topic.isEmpty()) {
            throw new IllegalArgumentException("--partition needs --topic");
        }
        if (from.isPresent() && from.getAsLong() < 0) {
            throw new IllegalArgumentException("--from must be >= 0");
        }
        if (from.isPresent() && to.isPresent() && to.getAsLong() <= from.getAsLong()) {
            throw new IllegalArgumentException("--to must be greater than --from");
        }
    }

    public static VerifyScope everything() {
        return new VerifyScope(Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    boolean includes(String name) {
        return topic.map(name::equals).orElse(true);
    }
}
