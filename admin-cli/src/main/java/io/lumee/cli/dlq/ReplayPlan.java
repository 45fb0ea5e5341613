package io.lumee.cli.dlq;

import io.lumee.schemas.Rejection;
import io.lumee.schemas.RejectionReason;
import io.lumee.schemas.topics.TopicTable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rejections one {@code dlq replay} run re-injects. A rejection matches on reason, on its
 * {@code at} (the rejection time; the DLQ record's timestamp is the reading's receivedAt, so it cannot
 * serve) and on deviceId. A reading is replayed at most once per run: when a replayed reading was
 * rejected again, the DLQ holds it twice (the original rejection and the re-rejection of the replay),
 * and only the latest is taken. Only originals that are {@code LumeeReading}s (from {@code lumee.raw}
 * or {@code lumee.orphans}) and carry a deviceId to key them by can go back to {@code lumee.raw}.
 */
final class ReplayPlan {

    private static final Set<String> READING_TOPICS = Set.of(TopicTable.RAW.name(), TopicTable.ORPHANS.name());

    record Filter(RejectionReason reason, Optional<Instant> since, Optional<String> deviceId) {
        boolean matches(Rejection rejection) {
            return rejection.getReason() == reason
                    && since.map(t -> !rejection.getAt().isBefore(t)).orElse(true)
                    && deviceId.map(d -> d.equals(rejection.getDeviceId())).orElse(true);
        }
    }

    /** One record to re-produce: the original value bytes, keyed by deviceId. */
    record Replay(String deviceId, String readingId, byte[] original) {
    }

    private final Filter filter;
    private final Map<String, Replay> latestByReading = new LinkedHashMap<>();
    private int scanned;
    private int matched;
    private int notReplayable;

    ReplayPlan(Filter filter) {
        this.filter = filter;
    }

    void offer(Rejection rejection) {
        scanned++;
        if (!filter.matches(rejection)) {
            return;
        }
        matched++;
        if (!READING_TOPICS.contains(rejection.getSourceTopic()) || rejection.getDeviceId() == null) {
            notReplayable++;
            return;
        }
        byte[] original = bytes(rejection.getOriginal());
        String identity = rejection.getReadingId() != null ? rejection.getReadingId() : "sha256:" + sha256(original);
        // remove first, so the latest rejection of a reading also takes the latest place in the order
        latestByReading.remove(identity);
        latestByReading.put(identity, new Replay(rejection.getDeviceId(), rejection.getReadingId(), original));
    }

    List<Replay> replays() {
        return new ArrayList<>(latestByReading.values());
    }

    int scanned() {
        return scanned;
    }

    int matched() {
        return matched;
    }

    int notReplayable() {
        return notReplayable;
    }

    /** Matching, replayable rejections of a reading already taken in this run. */
    int repeats() {
        return matched - notReplayable - latestByReading.size();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}
