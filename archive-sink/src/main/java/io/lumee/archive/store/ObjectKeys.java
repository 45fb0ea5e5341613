package io.lumee.archive.store;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys {@code <topic>/<partition>/<first offset, 20 digits>-<next offset, 20 digits>}. Twenty digits
 * hold any long, so the lexicographic order S3 lists in is offset order, and {@code start-after} a padded
 * offset skips straight to it without listing what comes before.
 */
public final class ObjectKeys {
    private static final Pattern KEY = Pattern.compile("([^/]+)/(\\d{1,9})/(\\d{20})-(\\d{20})");

    private ObjectKeys() {}

    public static String key(ArchiveRange range) {
        return partitionPrefix(range.topic(), range.partition()) + padded(range.first()) + "-" + padded(range.next());
    }

    /** {@code <topic>/<partition>/}: every object of one partition, and nothing else, starts with it. */
    public static String partitionPrefix(String topic, int partition) {
        return topic + "/" + partition + "/";
    }

    /**
     * A {@code start-after} value below every key of the partition whose first offset is {@code offset} or
     * more: the key {@code <prefix><offset>-...} sorts after the bare {@code <prefix><offset>}.
     */
    public static String startAfter(String topic, int partition, long offset) {
        return partitionPrefix(topic, partition) + padded(offset);
    }

    public static Optional<ArchiveRange> parse(String key) {
        Matcher matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArchiveRange(matcher.group(1), Integer.parseInt(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4))));
        } catch (IllegalArgumentException notARange) {
            return Optional.empty();
        }
    }

    static String padded(long offset) {
        return String.format("%020d", offset);
    }
}
