package io.lumee.archive.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds archived objects by offset without listing a whole partition, let alone the bucket: S3 lists keys in
 * ascending order only, so a search probes backwards from an offset with one-key listings
 * ({@code start-after} a padded offset, {@code max-keys=1}) in growing steps until it lands at or before the
 * object holding that offset, then lists forward from there.
 */
public final class ArchiveListing {
    private static final long FIRST_STEP = 256;
    private static final int STEP_FACTOR = 4;

    private final S3Client s3;
    private final String bucket;

    public ArchiveListing(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * The last archived range of a partition. {@code hint} is where the search starts (the consumer group's
     * committed offset, or the log end): the cost grows with the log of the distance between the hint and
     * the answer, never with the number of objects archived.
     */
    public Optional<ArchiveRange> last(String topic, int partition, long hint) {
        ArchiveRange last = null;
        for (String key : (Iterable<String>) keysFromStartPoint(topic, partition, hint)::iterator) {
            Optional<ArchiveRange> range = ObjectKeys.parse(key);
            if (range.isPresent()) {
                last = range.get();
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * The partition's keys in offset order from the object holding {@code offset} (or the first object after
     * it); objects wholly before {@code offset} are left out. Keys that are not archive ranges are kept, so a
     * verifier can report them. Pages are fetched as the stream is consumed.
     */
    public Stream<String> keysFrom(String topic, int partition, long offset) {
        return keysFromStartPoint(topic, partition, offset)
                .filter(key -> ObjectKeys.parse(key).map(range -> range.next() > offset).orElse(true));
    }

    private Stream<String> keysFromStartPoint(String topic, int partition, long offset) {
        long start = startPoint(topic, partition, offset);
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket)
                .prefix(ObjectKeys.partitionPrefix(topic, partition))
                .startAfter(ObjectKeys.startAfter(topic, partition, start)).build();
        return s3.listObjectsV2Paginator(request).contents().stream().map(S3Object::key);
    }

    /** The topics that have objects, in name order. */
    public List<String> topics() {
        return commonPrefixes("").map(prefix -> prefix.substring(0, prefix.length() - 1)).toList();
    }

    /** The partitions of a topic that have objects, in number order. */
    public List<Integer> partitions(String topic) {
        String prefix = topic + "/";
        return commonPrefixes(prefix)
                .map(partition -> partition.substring(prefix.length(), partition.length() - 1))
                .filter(number -> number.matches("\\d{1,9}"))
                .map(Integer::valueOf)
                .sorted()
                .toList();
    }

    /**
     * An offset at or before the first offset of the object holding {@code offset}, found by probing
     * {@code offset}, then {@code offset - 256}, {@code - 1024}, ... until some object starts between the
     * probe and {@code offset}; 0 when none does.
     */
    private long startPoint(String topic, int partition, long offset) {
        long probe = offset;
        long step = FIRST_STEP;
        while (probe > 0) {
            Optional<ArchiveRange> atOrAfter = firstAtOrAfter(topic, partition, probe);
            if (atOrAfter.isPresent() && atOrAfter.get().first() <= offset) {
                return probe;
            }
            probe = Math.max(0, offset - step);
            step = step > Long.MAX_VALUE / STEP_FACTOR ? Long.MAX_VALUE : step * STEP_FACTOR;
        }
        return 0;
    }

    private Optional<ArchiveRange> firstAtOrAfter(String topic, int partition, long offset) {
        return s3.listObjectsV2(request -> request.bucket(bucket).prefix(ObjectKeys.partitionPrefix(topic, partition))
                        .startAfter(ObjectKeys.startAfter(topic, partition, offset)).maxKeys(1))
                .contents().stream().findFirst().flatMap(object -> ObjectKeys.parse(object.key()));
    }

    private Stream<String> commonPrefixes(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
        return s3.listObjectsV2Paginator(request).commonPrefixes().stream().map(CommonPrefix::prefix);
    }
}
